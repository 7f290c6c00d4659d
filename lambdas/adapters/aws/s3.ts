import { S3Client } from '@aws-sdk/client-s3';
import { loadConfig } from '../../shared/config.js';
import type { Ports } from '../container.js';
import { S3DocumentStore, type S3Presigner } from '../s3-document-store.js';

let client: S3Client | undefined;
/** One S3 client per execution environment, made on first use. */
export function s3(): S3Client {
  client ??= new S3Client({});
  return client;
}

/** The documents bucket, for steps: read and write, no links. */
export const documentPorts = {
  documents: () => new S3DocumentStore(s3(), loadConfig().BUCKET_NAME),
} as const satisfies Ports;

/** The documents bucket with presigned uploads and links (the portal's functions). */
export function presigningDocumentPorts(presigner: S3Presigner) {
  return {
    documents: () => new S3DocumentStore(s3(), loadConfig().BUCKET_NAME, presigner),
  } as const satisfies Ports;
}
