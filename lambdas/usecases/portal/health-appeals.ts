/**
 * A seller acting on its violations from the Health page, and ops deciding appeals (SPEC "After
 * admission"): a fix confirmed, an appeal filed once within 14 days with evidence uploaded as
 * documents are (a presigned POST to the bucket, checked again on filing), ops' decision recorded
 * with the ledger's `appeal` event. Every record is a conditional write: a second one is refused.
 */
import { randomUUID } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import type { Container } from '../../adapters/container.js';
import { chinaDateOf } from '../../domain/calendar.js';
import { UPLOAD_CONTENT_TYPES } from '../../domain/documents.js';
import {
  type AppealEvidence,
  type AppealFiling,
  confirmFix,
  type EvidenceKind,
  mayAppeal,
  withFilings,
} from '../../domain/governance/appeal-filing.js';
import { DEFAULT_GOVERNANCE_SETTINGS } from '../../domain/governance/settings.js';
import { AlreadyDecidedError, InvalidInputError, NotFoundError } from '../../shared/errors.js';
import { displayFileName, safeFileName, sha256 } from '../common.js';
import { type Actor, ownedApplication, visibleApplication } from './access.js';
import { UPLOAD_LIMITS } from './drafts.js';
import { healthReport, myHealth } from './health.js';
import { refused } from './health-refusal.js';

const settings = DEFAULT_GOVERNANCE_SETTINGS;
const today = (c: Container) => chinaDateOf(c.clock.now().toISOString());

/** The seller's own admitted application and its USCC. */
async function ownAdmitted(c: Container, actor: Actor, applicationId: string) {
  const { record } = await ownedApplication(c, actor, applicationId);
  if (record?.status !== 'ADMITTED') throw new NotFoundError(`application ${applicationId} is not admitted`);
  return record;
}

const evidencePrefix = (applicationId: string, violationId: string) =>
  `governance-evidence/${applicationId}/${safeFileName(violationId)}/`;

export async function confirmViolationFix(
  c: Container,
  actor: Actor,
  applicationId: string,
  violationId: string,
) {
  const record = await ownAdmitted(c, actor, applicationId);
  const uscc = record.application.seller.uscc;
  const decided = confirmFix(await c.governanceEvents.forUscc(uscc), violationId, today(c), settings);
  if (!decided.ok) throw refused(decided.refusal);
  if (!(await c.governanceEvents.appendOnce(uscc, decided.value, `fix#${violationId}`)))
    throw new AlreadyDecidedError(`violationId: the fix of ${violationId} was confirmed already`);
  return decided.value;
}

/** An upload ticket for one evidence file of an appeal the seller may still file. */
export async function requestEvidenceUpload(
  c: Container,
  actor: Actor,
  applicationId: string,
  req: { violationId: string; kind: EvidenceKind; fileName: string; contentType: string },
) {
  const record = await ownAdmitted(c, actor, applicationId);
  const uscc = record.application.seller.uscc;
  const [events, filings] = await Promise.all([
    c.governanceEvents.forUscc(uscc),
    c.governanceEvents.appealFilings(uscc),
  ]);
  const may = mayAppeal(events, filings, req.violationId, today(c), settings);
  if (!may.ok) throw refused(may.refusal);
  const file = displayFileName(req.fileName);
  if (!file)
    throw new InvalidInputError('the file name does not name a file', [
      { path: 'fileName', message: 'a name such as invoice.pdf' },
    ]);
  const evidenceId = randomUUID();
  const key = `${evidencePrefix(applicationId, req.violationId)}${evidenceId}/${safeFileName(file)}`;
  const post = await c.documents.presignPost(key, {
    contentType: req.contentType,
    maxBytes: UPLOAD_LIMITS.maxBytes,
    expiresSeconds: UPLOAD_LIMITS.expiresSeconds,
  });
  return { evidenceId, kind: req.kind, file, key, ...post };
}

/**
 * Files the appeal: once per violation, within the window, with at least one evidence file
 * uploaded under this appeal's prefix (each read back: size and type are checked again, as the
 * store may not enforce the upload policy).
 */
export async function fileViolationAppeal(
  c: Container,
  actor: Actor,
  applicationId: string,
  req: {
    violationId: string;
    statement: string;
    evidence: { kind: EvidenceKind; key: string; file: string }[];
  },
): Promise<AppealFiling> {
  const record = await ownAdmitted(c, actor, applicationId);
  const uscc = record.application.seller.uscc;
  const [events, filings] = await Promise.all([
    c.governanceEvents.forUscc(uscc),
    c.governanceEvents.appealFilings(uscc),
  ]);
  const day = today(c);
  const may = mayAppeal(events, filings, req.violationId, day, settings);
  if (!may.ok) throw refused(may.refusal);
  const prefix = evidencePrefix(applicationId, req.violationId);
  const evidence: AppealEvidence[] = [];
  for (const [i, e] of req.evidence.entries()) {
    const bytes = e.key.startsWith(prefix) ? await c.documents.get(e.key) : null;
    if (!bytes)
      throw new InvalidInputError(`${e.file}: nothing was uploaded`, [
        { path: `evidence.${i}.key`, message: e.file },
      ]);
    if (bytes.byteLength > UPLOAD_LIMITS.maxBytes)
      throw new InvalidInputError(`${e.file}: larger than allowed`, [
        { path: `evidence.${i}`, message: e.file },
      ]);
    const found = (await fileTypeFromBuffer(bytes))?.mime ?? '';
    if (!(UPLOAD_CONTENT_TYPES as readonly string[]).includes(found))
      throw new InvalidInputError(`${e.file}: not a PDF, PNG or JPEG`, [
        { path: `evidence.${i}`, message: e.file },
      ]);
    const evidenceId = e.key.slice(prefix.length).split('/')[0] as string;
    evidence.push({
      evidenceId,
      kind: e.kind,
      file: e.file,
      key: e.key,
      contentType: found,
      size: bytes.byteLength,
      sha256: sha256(bytes),
    });
  }
  const filing: AppealFiling = {
    violationId: req.violationId,
    uscc,
    applicationId,
    date: day,
    filedAt: c.clock.now().toISOString(),
    filedBy: actor.sub,
    statement: req.statement,
    evidence,
  };
  if (!(await c.governanceEvents.fileAppeal(filing)))
    throw new AlreadyDecidedError(`violationId: ${req.violationId} was appealed already: once only`);
  return filing;
}

/** The seller's health (health.ts) with what it appealed and how each appeal was decided. */
export async function myHealthWithAppeals(c: Container, actor: Actor) {
  const all = await myHealth(c, actor);
  const filings = new Map<string, AppealFiling[]>();
  for (const h of all)
    if (!filings.has(h.uscc)) filings.set(h.uscc, await c.governanceEvents.appealFilings(h.uscc));
  return all.map((h) => withFilings(h, filings.get(h.uscc) ?? []));
}

/** The diagnostic report with the appeals, as the seller's page shows them. */
export async function healthReportWithAppeals(c: Container, actor: Actor, applicationId: string) {
  const report = await healthReport(c, actor, applicationId);
  return withFilings(report, await c.governanceEvents.appealFilings(report.uscc));
}

/** A 5-minute link to one evidence file of an appeal, for its seller or ops (as the agreement). */
export async function evidenceLink(
  c: Container,
  actor: Actor,
  applicationId: string,
  violationId: string,
  evidenceId: string,
) {
  const { record } = await visibleApplication(c, actor, applicationId);
  const uscc = record?.application.seller.uscc;
  const filing =
    uscc && (await c.governanceEvents.appealFilings(uscc)).find((f) => f.violationId === violationId);
  const e =
    filing &&
    filing.applicationId === applicationId &&
    filing.evidence.find((x) => x.evidenceId === evidenceId);
  if (!e) throw new NotFoundError(`evidenceId: no evidence ${evidenceId} of an appeal of ${violationId}`);
  const url = await c.documents.presignGet(e.key, { expiresSeconds: 300, contentType: e.contentType });
  return { url, file: e.file, contentType: e.contentType, expiresInSeconds: 300 };
}
