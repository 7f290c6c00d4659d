import type { Container } from '../adapters/container.js';
import { signatureDueAt } from '../domain/deadlines.js';
import { feeScheduleFor } from '../domain/fees.js';
import { reason } from '../domain/reasons.js';
import { BusinessRuleError } from '../shared/errors.js';
import { requireApplication, rulesFor, rulesOf, secondsUntil, sha256, toStored } from './common.js';
import { consumeTask, latestTask } from './human-tasks.js';

export interface AgreementIssue extends Record<string, unknown> {
  round: number;
  issuedAt: string;
  deadline: string;
  key: string;
  sha256: string;
  feeSchedule: ReturnType<typeof feeScheduleFor>;
}

/** Which agreement is current: a new one after a declined, expired or appealed one. */
async function currentRound(c: Container, applicationId: string): Promise<number> {
  const sig = await latestTask(c, applicationId, 'signature');
  if (!sig) return 1;
  return sig.status === 'OPEN' || (sig.status === 'DONE' && !sig.consumed) ? sig.round : sig.round + 1;
}

/**
 * Step 9: the agreement with its fee schedule appendix, and the time left to sign. Issuing twice
 * gives the same document and the same deadline (the first issue wins).
 */
export async function issueAgreement(
  c: Container,
  applicationId: string,
): Promise<{ round: number; timeoutSeconds: number }> {
  const record = await requireApplication(c, applicationId);
  const settings = await rulesOf(c, record);
  const now = c.clock.now();
  const round = await currentRound(c, applicationId);
  const existing = await c.applications.getResult<AgreementIssue>(applicationId, `agreement-${round}`);
  const issue =
    existing ??
    (await (async () => {
      const violations = await c.violations.forUscc(record.application.seller.uscc);
      const feeSchedule = feeScheduleFor(record.application.category, settings, {
        violationCount: violations.length,
      });
      // The signed artefact; issue 7 renders it as a bilingual PDF with the fee appendix.
      const document = new TextEncoder().encode(
        JSON.stringify(
          {
            title: { zh: '全托管服务协议', en: 'Fully-managed service agreement' },
            applicationId,
            seller: record.application.seller.companyName,
            uscc: record.application.seller.uscc,
            round,
            feeSchedule,
            appendix: {
              zh: '基础佣金按交易额计；履约服务费按类目计；增值服务按效果计费；无保证金、无年费。',
              en: 'Base commission on the transaction amount; fulfilment fee by category; value-added services billed per result; no deposit, no annual fee.',
            },
          },
          null,
          2,
        ),
      );
      const key = `applications/${applicationId}/agreement-${round}.json`;
      await c.documents.put(key, document, 'application/json');
      return c.applications.putResultIfAbsent<AgreementIssue>(applicationId, `agreement-${round}`, {
        round,
        issuedAt: now.toISOString(),
        deadline: signatureDueAt(now.toISOString(), settings),
        key,
        sha256: sha256(document),
        feeSchedule,
      });
    })());
  return { round, timeoutSeconds: secondsUntil(now, issue.deadline) };
}

/** After the seller answered: a signature binds the exact file signed; a refusal ends the application. */
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
  await c.applications.putResultIfAbsent(applicationId, 'signature', {
    round: task.round,
    signerName: String(task.decision.signerName ?? ''),
    signedAt: task.decidedAt ?? c.clock.now().toISOString(),
    agreementKey: issue.key,
    agreementSha256: issue.sha256,
  });
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

/** Step 10: the fee schedule of the signed agreement becomes active (once). */
export async function activateFeeSchedule(c: Container, applicationId: string): Promise<void> {
  const signature = await c.applications.getResult<{ round: number }>(applicationId, 'signature');
  if (!signature) throw new BusinessRuleError(`${applicationId} has no signed agreement`);
  const issue = await c.applications.getResult<AgreementIssue>(applicationId, `agreement-${signature.round}`);
  if (!issue) throw new BusinessRuleError(`agreement ${signature.round} of ${applicationId} is missing`);
  await c.applications.putResultIfAbsent(applicationId, 'feeSchedule', {
    ...issue.feeSchedule,
    effectiveFrom: c.clock.now().toISOString().slice(0, 10),
    agreementSha256: issue.sha256,
  });
}
