/**
 * Step 9 on its own module: rendering pulls in pdf-lib and fontkit, which only the IssueAgreement
 * bundle should carry (the other agreement steps import ./agreement.js).
 */
import type { Container } from '../adapters/container.js';
import { renderAgreementPdf } from '../agreement/render.js';
import { chinaDateOf } from '../domain/calendar.js';
import { signatureDueAt } from '../domain/deadlines.js';
import { bindFeeSchedule, scheduleInForce } from '../domain/fees.js';
import { sellerEvent } from '../notify/events.js';
import type { ApplicationRecord } from '../ports/repository.js';
import { BusinessRuleError, TransientError } from '../shared/errors.js';
import { type AgreementIssue, agreementKey, type IssueFields } from './agreement.js';
import { requireApplication, rulesOf, secondsUntil, sha256 } from './common.js';
import { latestTask } from './human-tasks.js';
import { emit } from './notify.js';

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
  // The base term (T+15): SPEC's T+75 follows the governance tier, which counts only violations
  // on or after admission, so no seller is BANNED at issue; statements read the tier per period.
  const feeSchedule = bindFeeSchedule(category, settings, { onDate });
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
  await emit(
    c,
    sellerEvent(applicationId, 'application.agreement_issued', round, issue.issuedAt, {
      round,
      deadline: issue.deadline,
      requirements: [{ kind: 'sign_agreement', deadline: issue.deadline }],
    }),
  );
  return { round, timeoutSeconds: secondsUntil(now, issue.deadline) };
}
