import type { Container } from '../adapters/container.js';
import type { DocumentStatus } from '../domain/rules/intake.js';
import { intakeRules } from '../domain/rules/intake.js';
import { fingerprintsOf } from '../domain/rules/integrity.js';
import { sniffFile } from '../extraction/sniff.js';
import type { StoredDocument } from '../ports/repository.js';
import { requireApplication, rulesOf, standingOutcome, toStored } from './common.js';

function declaredOf(doc: StoredDocument): DocumentStatus['declared'] {
  return { type: doc.type, file: doc.file, ...(doc.skuId ? { skuId: doc.skuId } : {}) };
}

export interface IntakeOutput {
  outcome: 'reject' | 'pass';
  documents: { applicationId: string; index: number }[];
}

/**
 * Step 1: the declaration and the files as uploaded. Everything intake can tell before reading
 * a document is reported together; files that are unreadable by content are found by extraction.
 */
export async function runIntake(c: Container, applicationId: string): Promise<IntakeOutput> {
  const record = await requireApplication(c, applicationId);
  const settings = await rulesOf(c, record);
  const documents = await c.applications.listDocuments(applicationId);
  const statuses: DocumentStatus[] = [];
  const readable: StoredDocument[] = [];
  for (const doc of documents) {
    const declared = declaredOf(doc);
    const bytes = doc.key ? await c.documents.get(doc.key) : null;
    if (!bytes) {
      statuses.push({ declared, state: 'missing' });
      continue;
    }
    const sniff = await sniffFile(bytes, doc.file);
    if (!sniff.ok) {
      statuses.push({ declared, state: 'unreadable', problem: sniff.problem, message: sniff.message });
      continue;
    }
    statuses.push({ declared, state: 'ok' });
    readable.push(doc);
  }
  const reasons = intakeRules(record.application, statuses, settings);
  await c.applications.raiseReasons(applicationId, toStored(reasons, c.clock.now().toISOString()));
  // An upheld appeal clears intake rejects: the flow then goes on with what was uploaded.
  const outcome = (await standingOutcome(c, applicationId, ['intake'])) === 'reject' ? 'reject' : 'pass';
  await c.applications.putResult(applicationId, 'intake', { outcome, reasons: reasons.map((r) => r.code) });
  if (record.status === 'SUBMITTED') await c.applications.setStatus(applicationId, 'IN_PROGRESS');
  return { outcome, documents: readable.map((d) => ({ applicationId, index: d.index })) };
}

/** After extraction: a file whose content could not be read is an intake reject too. */
export async function confirmIntake(
  c: Container,
  applicationId: string,
): Promise<{ outcome: 'reject' | 'pass' }> {
  const record = await requireApplication(c, applicationId);
  const settings = await rulesOf(c, record);
  const documents = await c.applications.listDocuments(applicationId);
  const extractions = new Map((await c.applications.listExtractions(applicationId)).map((e) => [e.index, e]));
  const statuses: DocumentStatus[] = documents.map((doc) => {
    const declared = declaredOf(doc);
    const e = extractions.get(doc.index)?.extraction;
    if (!doc.key) return { declared, state: 'missing' };
    if (e && !e.ok) return { declared, state: 'unreadable', problem: e.problem, message: e.message };
    return { declared, state: 'ok' };
  });
  const reasons = intakeRules(record.application, statuses, settings);
  await c.applications.raiseReasons(applicationId, toStored(reasons, c.clock.now().toISOString()));
  const outcome = (await standingOutcome(c, applicationId, ['intake'])) === 'reject' ? 'reject' : 'pass';
  if (outcome === 'pass') {
    // The documents are confirmed: their fingerprints join the index, and this application takes
    // its place in the order later applications are compared against (DOCUMENT_REUSED).
    const read = [...extractions.values()].map((e) => e.extraction);
    const seq = await c.fingerprints.record(
      applicationId,
      record.application.seller.uscc,
      fingerprintsOf(read),
    );
    await c.applications.putResult(applicationId, 'fingerprints', { seq });
  }
  return { outcome };
}
