import type { Container } from '../adapters/container.js';
import type { AgreementInput } from '../agreement/content.js';
import { renderAgreementPdf } from '../agreement/render.js';
import { chinaDateOf } from '../domain/calendar.js';
import { signatureDueAt } from '../domain/deadlines.js';
import { type BoundFeeSchedule, bindFeeSchedule, scheduleInForce } from '../domain/fees.js';
import { reason } from '../domain/reasons.js';
import type { ApplicationRecord } from '../ports/repository.js';
import { AgreementMismatchError, BusinessRuleError, TransientError } from '../shared/errors.js';
import { requireApplication, rulesFor, rulesOf, secondsUntil, sha256, toStored } from './common.js';
import { consumeTask, latestTask } from './human-tasks.js';

interface IssueFields extends AgreementInput {
  key: string;
  contentType: 'application/pdf';
}

/** The issue record of one agreement round: what the PDF was rendered from, where it is, its digest. */
export interface AgreementIssue extends IssueFields, Record<string, unknown> {
  sha256: string;
}

/** The signature record: written once, never changed (a conditional write). */
export interface SignatureRecord extends Record<string, unknown> {
  round: number;
  signerName: string;
  /** Who answered (the authenticated actor), beside the name the seller typed. */
  signedBy: string;
  signedAt: string;
  agreementKey: string;
  /** sha256 of the exact PDF bytes issued, shown and signed. */
  agreementSha256: string;
}

/** Each round's file has its own key, written once. */
export function agreementKey(applicationId: string, round: number): string {
  return `applications/${applicationId}/agreements/agreement-${round}.pdf`;
}

/** Which agreement is current: a new one after a declined, expired or appealed one. */
async function currentRound(c: Container, applicationId: string): Promise<number> {
  const sig = await latestTask(c, applicationId, 'signature');
  if (!sig) return 1;
  return sig.status === 'OPEN' || (sig.status === 'DONE' && !sig.consumed) ? sig.round : sig.round + 1;
}

/** The issue record of a new round: the fee schedule version in force on the (China) issue day. */
async function newIssue(
  c: Container,
  record: ApplicationRecord,
  round: number,
  now: Date,
): Promise<IssueFields> {
  const { applicationId, seller, category } = record.application;
  const settings = await rulesOf(c, record);
  const issuedAt = now.toISOString();
  const onDate = chinaDateOf(issuedAt);
  const violations = await c.violations.forUscc(seller.uscc);
  const feeSchedule = bindFeeSchedule(category, settings, { onDate, violationCount: violations.length });
  const version = scheduleInForce(settings, onDate);
  if (!feeSchedule || !version) {
    throw new BusinessRuleError(`no fee schedule of rules ${settings.version} is in force on ${onDate}`);
  }
  return {
    applicationId,
    round,
    issuedAt,
    deadline: signatureDueAt(issuedAt, settings),
    seller: {
      companyName: seller.companyName,
      uscc: seller.uscc,
      ...(seller.legalRepresentative ? { legalRepresentative: seller.legalRepresentative } : {}),
    },
    feeSchedule,
    fulfilmentRates: version.fulfilmentRate,
    key: agreementKey(applicationId, round),
    contentType: 'application/pdf',
  };
}

/**
 * Makes sure the issued file is stored, byte for byte what the record's digest names. The PDF is
 * a pure function of the record, so a step that died between the record and the file re-renders
 * the same bytes; a stored file is never overwritten.
 */
async function storeIssuedFile(c: Container, issue: AgreementIssue, rendered?: Uint8Array): Promise<void> {
  const stored = await c.documents.get(issue.key);
  if (stored) {
    if (sha256(stored) !== issue.sha256) {
      throw new BusinessRuleError(`${issue.key} does not match its issue record's sha256`);
    }
    return;
  }
  const bytes = rendered ?? (await renderAgreementPdf(issue));
  if (sha256(bytes) !== issue.sha256) {
    throw new BusinessRuleError(`${issue.key} re-renders differently from its issue record`);
  }
  if (!(await c.documents.putIfAbsent(issue.key, bytes, issue.contentType))) {
    // Written concurrently: check what won.
    const now = await c.documents.get(issue.key);
    if (!now) throw new TransientError(`${issue.key} is being written; retry`);
    if (sha256(now) !== issue.sha256) throw new BusinessRuleError(`${issue.key} differs from its record`);
  }
}

/**
 * Step 9: the agreement, a bilingual PDF with the fee schedule appendix, and the time left to
 * sign. Issuing twice gives the same file and the same deadline (the first issue wins).
 */
export async function issueAgreement(
  c: Container,
  applicationId: string,
): Promise<{ round: number; timeoutSeconds: number }> {
  const record = await requireApplication(c, applicationId);
  const now = c.clock.now();
  const round = await currentRound(c, applicationId);
  let issue = await c.applications.getResult<AgreementIssue>(applicationId, `agreement-${round}`);
  let rendered: Uint8Array | undefined;
  if (!issue) {
    const draft = await newIssue(c, record, round, now);
    rendered = await renderAgreementPdf(draft);
    issue = await c.applications.putResultIfAbsent<AgreementIssue>(applicationId, `agreement-${round}`, {
      ...draft,
      sha256: sha256(rendered),
    });
  }
  await storeIssuedFile(c, issue, issue.sha256 === (rendered && sha256(rendered)) ? rendered : undefined);
  return { round, timeoutSeconds: secondsUntil(now, issue.deadline) };
}

/** The agreement awaiting signature (or last issued): what the seller is shown, with its digest. */
export async function currentAgreement(
  c: Container,
  applicationId: string,
): Promise<{ issue: AgreementIssue; bytes: Uint8Array } | null> {
  const task = await latestTask(c, applicationId, 'signature');
  if (!task) return null;
  const issue = await c.applications.getResult<AgreementIssue>(applicationId, `agreement-${task.round}`);
  const bytes = issue ? await c.documents.get(issue.key) : null;
  return issue && bytes ? { issue, bytes } : null;
}

/**
 * After the seller answered: a signature binds the exact file signed (its sha256); a refusal ends
 * the application. An answer naming another file's digest is refused.
 */
export async function applySignature(c: Container, applicationId: string): Promise<{ accepted: boolean }> {
  const task = await consumeTask(c, applicationId, 'signature');
  if (task?.status !== 'DONE') throw new BusinessRuleError(`signature of ${applicationId} has no answer`);
  const issue = await c.applications.getResult<AgreementIssue>(applicationId, `agreement-${task.round}`);
  if (!issue) throw new BusinessRuleError(`agreement ${task.round} of ${applicationId} was never issued`);
  if (task.decision?.accept !== true) {
    await c.applications.raiseReasons(
      applicationId,
      toStored([reason('AGREEMENT_DECLINED', {})], c.clock.now().toISOString(), `round${task.round}`),
    );
    return { accepted: false };
  }
  const signed = task.decision.agreementSha256;
  if (signed !== undefined && signed !== issue.sha256) {
    throw new AgreementMismatchError(
      `the signature of ${applicationId} names another file than ${issue.key}`,
    );
  }
  const wanted: SignatureRecord = {
    round: task.round,
    signerName: String(task.decision.signerName ?? ''),
    signedBy: task.decidedBy ?? 'seller',
    signedAt: task.decidedAt ?? c.clock.now().toISOString(),
    agreementKey: issue.key,
    agreementSha256: issue.sha256,
  };
  const stored = await c.applications.putResultIfAbsent(applicationId, 'signature', wanted);
  if (stored.agreementSha256 !== wanted.agreementSha256) {
    throw new AgreementMismatchError(`${applicationId} signed ${stored.agreementKey} already`);
  }
  await c.applications.setStatus(applicationId, 'IN_PROGRESS', { resumeAt: 'activation' });
  return { accepted: true };
}

/** The signing deadline passed with no answer. */
export async function expireAgreement(c: Container, applicationId: string): Promise<void> {
  const settings = await rulesFor(c, applicationId);
  const task = await latestTask(c, applicationId, 'signature');
  const issue = task
    ? await c.applications.getResult<AgreementIssue>(applicationId, `agreement-${task.round}`)
    : null;
  if (task?.status === 'OPEN') await c.applications.markTaskTimedOut(applicationId, 'signature', task.round);
  if (task) await c.applications.markTaskConsumed(applicationId, 'signature', task.round);
  await c.applications.raiseReasons(
    applicationId,
    toStored(
      [
        reason('AGREEMENT_EXPIRED', {
          days: settings.agreement.signatureDays,
          dueAt: issue?.deadline.slice(0, 10) ?? '',
        }),
      ],
      c.clock.now().toISOString(),
      `round${task?.round ?? 0}`,
    ),
  );
}

/** The fee schedule finance reads: the signed agreement's, with where it came from. */
export interface ActiveFeeSchedule extends BoundFeeSchedule, Record<string, unknown> {
  /** The day (China date) it became active: the admission. */
  activeFrom: string;
  agreementRound: number;
  agreementKey: string;
  agreementSha256: string;
  signedAt: string;
}

/** Step 10: the fee schedule of the signed agreement becomes active (once). */
export async function activateFeeSchedule(c: Container, applicationId: string): Promise<void> {
  const signature = await c.applications.getResult<SignatureRecord>(applicationId, 'signature');
  if (!signature) throw new BusinessRuleError(`${applicationId} has no signed agreement`);
  const issue = await c.applications.getResult<AgreementIssue>(applicationId, `agreement-${signature.round}`);
  if (!issue) throw new BusinessRuleError(`agreement ${signature.round} of ${applicationId} is missing`);
  await c.applications.putResultIfAbsent<ActiveFeeSchedule>(applicationId, 'feeSchedule', {
    ...issue.feeSchedule,
    activeFrom: chinaDateOf(c.clock.now().toISOString()),
    agreementRound: issue.round,
    agreementKey: issue.key,
    agreementSha256: issue.sha256,
    signedAt: signature.signedAt,
  });
}

/** The active fee schedule of an admitted seller (finance pages, statements), or null. */
export async function activeFeeSchedule(
  c: Container,
  applicationId: string,
): Promise<ActiveFeeSchedule | null> {
  return c.applications.getResult<ActiveFeeSchedule>(applicationId, 'feeSchedule');
}
