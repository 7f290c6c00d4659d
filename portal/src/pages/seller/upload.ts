import { type Api, ApiError, enc, postToPresigned } from '../../api/client';
import {
  CONTENT_TYPE_BY_EXTENSION,
  type DocumentType,
  type DocumentView,
  MAX_UPLOAD_BYTES,
  UPLOAD_CONTENT_TYPES,
  type UploadContentType,
  type UploadTicket,
} from '../../api/types';

/** The file picker's `accept`: the accepted extensions and content types. */
export const ACCEPTED_FILES = [
  ...Object.keys(CONTENT_TYPE_BY_EXTENSION).map((ext) => `.${ext}`),
  ...UPLOAD_CONTENT_TYPES,
].join(',');

/** The declared type: the browser's, or the extension's when the browser has none. */
export function contentTypeOf(file: File): UploadContentType | null {
  const accepted = UPLOAD_CONTENT_TYPES.find((t) => t === file.type);
  if (accepted) return accepted;
  return CONTENT_TYPE_BY_EXTENSION[file.name.split('.').pop()?.toLowerCase() ?? ''] ?? null;
}

export class UploadRefusedError extends Error {
  override name = 'UploadRefusedError';
  constructor(readonly reason: 'fileTooLarge' | 'fileTypeNotAccepted') {
    super(reason);
  }
}

/**
 * One document: ask for a presigned POST (the server chooses the key and fixes size and type in
 * the policy), post the file to storage, then confirm: the server checks the stored file and
 * reads it, and answers with what it read.
 */
export async function uploadDocument(
  api: Api,
  applicationId: string,
  type: DocumentType,
  file: File,
  sku?: string,
): Promise<DocumentView> {
  const contentType = contentTypeOf(file);
  if (!contentType) throw new UploadRefusedError('fileTypeNotAccepted');
  if (file.size > MAX_UPLOAD_BYTES) throw new UploadRefusedError('fileTooLarge');
  if (file.size === 0) throw new ApiError(400, `${file.name} is empty`);
  const base = `/api/applications/${enc(applicationId)}`;
  const ticket = await api.post<UploadTicket>(`${base}/uploads`, {
    type,
    fileName: file.name,
    contentType,
    size: file.size,
    ...(sku ? { sku } : {}),
  });
  await postToPresigned(ticket.url, ticket.fields, file);
  return api.post<DocumentView>(`${base}/documents/${enc(ticket.documentId)}/confirm`);
}
