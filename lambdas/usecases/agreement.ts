import type { Container } from '../adapters/container.js';
import type { AgreementInput } from '../agreement/content.js';
import { chinaDateOf } from '../domain/calendar.js';
import type { BoundFeeSchedule } from '../domain/fees.js';
import { reason } from '../domain/reasons.js';
import type { HumanTask } from '../ports/repository.js';
import { AgreementMismatchError, BusinessRuleError } from '../shared/errors.js';
import { rulesFor, toStored } from './common.js';
import { consumeTask, latestTask } from './human-tasks.js';

export interface IssueFields extends AgreementInput {
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

/** The issue record of one round, or null when that round was never issued. */
export async function agreementIssue(
  c: Container,
  applicationId: string,
  round: number,
): Promise<AgreementIssue | null> {
  return c.applications.getResult<AgreementIssue>(applicationId, `agreement-${round}`);
}

/**
 * The agreement on offer (or last offered): the latest signature round's task, answered or not,
 * and that round's issue record. Null before any round is opened or when its issue is missing.
 */
export async function agreementOnOffer(
  c: Container,
  applicationId: string,
): Promise<{ task: HumanTask; issue: AgreementIssue } | null> {
  const task = await latestTask(c, applicationId, 'signature');
  const issue = task ? await agreementIssue(c, applicationId, task.round) : null;
  return task && issue ? { task, issue } : null;
}

/** The agreement awaiting signature (or last issued): what the seller is shown, with its digest. */
export async function currentAgreement(
  c: Container,
  applicationId: string,
): Promise<{ issue: AgreementIssue; bytes: Uint8Array } | null> {
  const offer = await agreementOnOffer(c, applicationId);
  const bytes = offer ? await c.documents.get(offer.issue.key) : null;
  return offer && bytes ? { issue: offer.issue, bytes } : null;
}

/**
 * After the seller answered: a signature binds the exact file signed (its sha256); a refusal ends
 * the application. An answer naming another file's digest is refused.
 */
export async function applySignature(c: Container, applicationId: string): Promise<{ accepted: boolean }> {
  const task = await consumeTask(c, applicationId, 'signature');
  if (task?.status !== 'DONE') throw new BusinessRuleError(`signature of ${applicationId} has no answer`);
  const issue = await agreementIssue(c, applicationId, task.round);
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
  const issue = task ? await agreementIssue(c, applicationId, task.round) : null;
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
  const issue = await agreementIssue(c, applicationId, signature.round);
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
