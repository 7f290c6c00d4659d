import { randomUUID } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import type { Container } from '../../adapters/container.js';
import { chinaDateOf } from '../../domain/calendar.js';
import { MAX_UPLOAD_BYTES, UPLOAD_CONTENT_TYPES } from '../../domain/documents.js';
import type { Application, DeclaredDocument } from '../../domain/model.js';
import type { Draft, DraftDocument, DraftForm } from '../../ports/portal.js';
import {
  BusinessRuleError,
  ConcurrentChangeError,
  InvalidInputError,
  NotFoundError,
} from '../../shared/errors.js';
import { fileAppeal, signAgreement, submitApplication } from '../actions.js';
import { displayFileName, safeFileName, sha256 } from '../common.js';
import { ApplicationSchema, fieldPath } from '../schemas.js';
import { type Actor, actorName, ownedApplication } from './access.js';

/**
 * A seller's application before and after submission: the form, the files uploaded by presigned
 * POST (each re-checked and read at once), submission into the pipeline, re-application after a
 * rejection, an appeal, and the signature.
 */

export const UPLOAD_LIMITS = { maxBytes: MAX_UPLOAD_BYTES, expiresSeconds: 600 };
const SKU_DOCUMENTS = new Set(['sds', 'rohs', 'un38_3']);

function newApplicationId(now: Date): string {
  return `app-${chinaDateOf(now.toISOString()).replaceAll('-', '')}-${randomUUID().slice(0, 8)}`;
}

/**
 * Changes a draft's document list from its latest state: parallel uploads each add or confirm
 * their own file, so a lost optimistic write is read again and re-applied (a few times).
 */
async function changeDocuments(
  c: Container,
  actor: Actor,
  id: string,
  change: (draft: Draft) => DraftDocument[],
): Promise<Draft> {
  for (let attempt = 1; ; attempt++) {
    const { draft } = await ownedApplication(c, actor, id);
    try {
      return await save(c, draft, { documents: change(draft) });
    } catch (err) {
      if (!(err instanceof ConcurrentChangeError) || attempt >= 5) throw err;
    }
  }
}

/**
 * A draft is one DynamoDB item (400 KB at most): a form or a document list that would not fit is
 * the seller's input to shorten, said as such, never a storage failure answered 500.
 */
const MAX_DRAFT_BYTES = 350 * 1024;
const MAX_DOCUMENTS = 300;

function storable(draft: Draft): Draft {
  const bytes = Buffer.byteLength(JSON.stringify(draft));
  if (bytes > MAX_DRAFT_BYTES) {
    throw new InvalidInputError(
      `the application is too large to keep: ${Math.ceil(bytes / 1024)} KB of at most ${MAX_DRAFT_BYTES / 1024} KB (fewer SKUs, shorter attributes or fewer files)`,
      [{ path: 'skus', message: `${Math.ceil(bytes / 1024)} KB` }],
    );
  }
  if (draft.documents.length > MAX_DOCUMENTS) {
    throw new BusinessRuleError(`an application holds at most ${MAX_DOCUMENTS} files: remove some first`);
  }
  return draft;
}

async function save(c: Container, draft: Draft, changes: Partial<Draft>): Promise<Draft> {
  const next = storable({ ...draft, ...changes, updatedAt: c.clock.now().toISOString() });
  await c.portal.saveDraft(next, draft.version ?? 0);
  next.version = (draft.version ?? 0) + 1;
  return next;
}

function editable(draft: Draft): void {
  if (draft.submittedAt) {
    throw new BusinessRuleError(`application ${draft.applicationId} was submitted; re-apply to change it`);
  }
}

export async function createDraft(c: Container, actor: Actor, form: DraftForm): Promise<Draft> {
  const now = c.clock.now();
  const draft: Draft = {
    applicationId: newApplicationId(now),
    owner: actor.sub,
    // No application date yet: the server sets it at submission.
    form: withoutDate(form),
    documents: [],
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  await c.portal.createDraft(storable(draft));
  return draft;
}

export async function updateDraft(c: Container, actor: Actor, id: string, form: DraftForm): Promise<Draft> {
  const { draft } = await ownedApplication(c, actor, id);
  editable(draft);
  return save(c, draft, { form: withoutDate(form) });
}

function withoutDate(form: DraftForm): DraftForm {
  const { applicationDate: _set_at_submission, ...rest } = form;
  return rest;
}

export async function requestUpload(
  c: Container,
  actor: Actor,
  id: string,
  req: { type: DraftDocument['type']; fileName: string; contentType: string; size: number; sku?: string },
): Promise<{ documentId: string; key: string; url: string; fields: Record<string, string> }> {
  const { draft, record } = await ownedApplication(c, actor, id);
  // Appeal evidence arrives after submission, while the application is rejected.
  if (req.type === 'appeal_evidence') {
    if (record?.status !== 'REJECTED')
      throw new BusinessRuleError(`${id} is not rejected: no appeal evidence`);
  } else editable(draft);
  if (req.sku && !SKU_DOCUMENTS.has(req.type)) {
    throw new InvalidInputError('only sds, rohs and un38_3 belong to a SKU', [
      { path: 'sku', message: req.sku },
    ]);
  }
  const file = displayFileName(req.fileName);
  if (!file) {
    throw new InvalidInputError('the file name does not name a file', [
      { path: 'fileName', message: 'a name such as licence.pdf' },
    ]);
  }
  const documentId = randomUUID();
  const key = `uploads/${id}/${documentId}/${safeFileName(file)}`;
  const post = await c.documents.presignPost(key, {
    contentType: req.contentType,
    maxBytes: UPLOAD_LIMITS.maxBytes,
    expiresSeconds: UPLOAD_LIMITS.expiresSeconds,
  });
  const doc: DraftDocument = {
    documentId,
    type: req.type,
    file,
    key,
    contentType: req.contentType,
    uploaded: false,
    ...(req.sku ? { sku: req.sku } : {}),
  };
  await changeDocuments(c, actor, id, (latest) => [...latest.documents, doc]);
  return { documentId, key, ...post };
}

/** After the browser's POST: the file is checked again (the store may not enforce the policy) and read. */
export async function confirmUpload(
  c: Container,
  actor: Actor,
  id: string,
  documentId: string,
): Promise<DraftDocument> {
  const { draft, record } = await ownedApplication(c, actor, id);
  const doc = draft.documents.find((d) => d.documentId === documentId);
  if (!doc) throw new NotFoundError(`document ${documentId} not found`);
  if (doc.type === 'appeal_evidence') {
    if (record?.status !== 'REJECTED')
      throw new BusinessRuleError(`${id} is not rejected: no appeal evidence`);
  } else editable(draft);
  const bytes = await c.documents.get(doc.key);
  if (!bytes)
    throw new InvalidInputError(`${doc.file}: nothing was uploaded`, [{ path: 'file', message: doc.file }]);
  const contentType = await contentTypeOfBytes(bytes);
  // The reader applies the same checks as the pipeline: size, magic bytes, pages, pixels.
  // The seller is the reader's tenant: many drafts of one seller still get one seller's share.
  const read = await c.reader.read({
    key: doc.key,
    type: doc.type,
    file: doc.file,
    tenant: `seller:${actor.sub}`,
  });
  const confirmed: DraftDocument = {
    ...doc,
    contentType,
    uploaded: true,
    size: bytes.byteLength,
    sha256: sha256(bytes),
    read,
  };
  await changeDocuments(c, actor, id, (latest) => {
    if (!latest.documents.some((d) => d.documentId === documentId)) {
      throw new NotFoundError(`document ${documentId} was removed meanwhile`);
    }
    return latest.documents.map((d) => (d.documentId === documentId ? confirmed : d));
  });
  return confirmed;
}

/**
 * What the bytes are, whatever the seller declared: a PDF declared as a PNG is kept and served
 * as the PDF it is (the read names it mislabelled, as the pipeline would); bytes of no accepted
 * type are kept too (the read says why they are unreadable) but only ever served as a download.
 */
async function contentTypeOfBytes(bytes: Uint8Array): Promise<string> {
  const found = (await fileTypeFromBuffer(bytes))?.mime ?? '';
  return (UPLOAD_CONTENT_TYPES as readonly string[]).includes(found) ? found : 'application/octet-stream';
}

export async function deleteDocument(
  c: Container,
  actor: Actor,
  id: string,
  documentId: string,
): Promise<void> {
  const { draft } = await ownedApplication(c, actor, id);
  editable(draft);
  if (!draft.documents.some((d) => d.documentId === documentId)) {
    throw new NotFoundError(`document ${documentId} not found`);
  }
  await changeDocuments(c, actor, id, (latest) =>
    latest.documents.filter((d) => d.documentId !== documentId),
  );
}

/** Reasons name files: two uploads called "scan.jpg" get distinct names. */
function uniqueFiles(docs: DraftDocument[]): Map<string, string> {
  const seen = new Map<string, number>();
  const out = new Map<string, string>();
  for (const d of docs) {
    const base = safeFileName(d.file);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    out.set(d.documentId, n === 1 ? base : `${n}-${base}`);
  }
  return out;
}

export async function submitDraft(c: Container, actor: Actor, id: string): Promise<void> {
  const { draft } = await ownedApplication(c, actor, id);
  editable(draft);
  const docs = draft.documents.filter((d) => d.uploaded && d.type !== 'appeal_evidence');
  const names = uniqueFiles(docs);
  const declared = (d: DraftDocument): DeclaredDocument => ({
    type: d.type,
    file: names.get(d.documentId) as string,
  });
  const candidate = {
    applicationId: id,
    ...draft.form,
    // The date every rule counts from: the China date of submission, set here and nowhere else.
    applicationDate: chinaDateOf(c.clock.now().toISOString()),
    skus: draft.form.skus.map((s) => ({
      ...s,
      documents: docs.filter((d) => d.sku && d.sku === s.sku).map(declared),
    })),
    documents: docs.filter((d) => !d.sku).map(declared),
  };
  const parsed = ApplicationSchema.safeParse(candidate);
  if (!parsed.success) {
    throw new InvalidInputError(
      'the application is incomplete',
      parsed.error.issues.map((i) => ({ path: fieldPath(i.path), message: i.message })),
    );
  }
  const byName = new Map(docs.map((d) => [names.get(d.documentId) as string, d]));
  // The bytes submitted are the bytes confirmed: an upload ticket still valid after its
  // confirmation could have replaced them.
  const confirmedBytes = new Map<string, Uint8Array>();
  for (const [name, d] of byName) {
    const bytes = await c.documents.get(d.key);
    if (!bytes || sha256(bytes) !== d.sha256) {
      throw new BusinessRuleError(
        `${d.file} changed after it was confirmed: confirm it again (or upload it again) before submitting`,
      );
    }
    confirmedBytes.set(name, bytes);
  }
  await save(c, draft, {
    form: { ...draft.form, applicationDate: parsed.data.applicationDate },
    submittedAt: c.clock.now().toISOString(),
    documents: draft.documents.map((d) => {
      const as = names.get(d.documentId);
      return as ? { ...d, submittedAs: as } : d;
    }),
  });
  await submitApplication(c, parsed.data as Application, async (file) => confirmedBytes.get(file) ?? null);
}

/** A rejected application ends; the seller fixes what was wrong in a new one that starts as a copy. */
export async function reapply(c: Container, actor: Actor, id: string): Promise<Draft> {
  const { draft, record } = await ownedApplication(c, actor, id);
  if (record?.status !== 'REJECTED')
    throw new BusinessRuleError(`${id} is not rejected; nothing to re-apply for`);
  const copy = await createDraft(c, actor, draft.form);
  const documents = draft.documents.filter((d) => d.type !== 'appeal_evidence');
  return save(c, copy, { documents, reappliesTo: id });
}

export async function appeal(c: Container, actor: Actor, id: string, documentIds: string[]): Promise<void> {
  const { draft } = await ownedApplication(c, actor, id);
  const files = [];
  for (const documentId of documentIds) {
    const d = draft.documents.find((x) => x.documentId === documentId);
    if (d?.type !== 'appeal_evidence' || !d.uploaded) {
      throw new InvalidInputError('appeal evidence must be uploaded first', [
        { path: 'documentIds', message: documentId },
      ]);
    }
    const bytes = await c.documents.get(d.key);
    if (!bytes) throw new NotFoundError(`${d.file} is not in the store`);
    files.push({ type: 'appeal_evidence' as const, file: safeFileName(d.file), bytes });
  }
  await fileAppeal(c, id, files, actorName(actor, 'seller'));
}

/** A signature binds the exact agreement file the seller read: its sha256 must be the one on offer. */
export async function sign(
  c: Container,
  actor: Actor,
  id: string,
  input: { accept: boolean; signerName: string; sha256: string },
): Promise<void> {
  await ownedApplication(c, actor, id);
  await signAgreement(
    c,
    id,
    { accept: input.accept, signerName: input.signerName, agreementSha256: input.sha256 },
    actorName(actor, 'seller'),
  );
}
