import type { Container } from '../adapters/container.js';
import { addChinaWorkingDays } from '../domain/calendar.js';
import { sellerEvent } from '../notify/events.js';
import type { ApplicationStatus, HumanTask, HumanTaskKind, ResumePoint } from '../ports/repository.js';
import { TokenNotWaitingError } from '../shared/errors.js';
import { requireApplication, rulesOf } from './common.js';
import { emit } from './notify.js';

const STATUS_OF: Record<HumanTaskKind, ApplicationStatus> = {
  review_checks: 'AWAITING_REVIEW',
  review_lab: 'AWAITING_REVIEW',
  appeal: 'AWAITING_REVIEW',
  lab_results: 'AWAITING_LAB_RESULTS',
  signature: 'AWAITING_SIGNATURE',
};

const RESUME_AT: Record<HumanTaskKind, ResumePoint> = {
  review_checks: 'review_checks',
  review_lab: 'review_lab',
  appeal: 'appeal',
  lab_results: 'lab_results',
  // The agreement step is idempotent and gives the wait its remaining time.
  signature: 'agreement',
};

export async function latestTask(
  c: Container,
  applicationId: string,
  kind: HumanTaskKind,
): Promise<HumanTask | null> {
  const tasks = (await c.applications.listTasks(applicationId)).filter((t) => t.kind === kind);
  return tasks.sort((a, b) => b.round - a.round)[0] ?? null;
}

/**
 * Entered by every `.waitForTaskToken` state. The token is kept server-side on the task; the
 * execution waits until a person's answer (or the deadline) comes back through the Workflow port.
 * Re-driven after a restart, an open task is re-pointed at the new token and an answer that was
 * recorded but never delivered is delivered now, so nothing is asked or decided twice.
 */
export async function openHumanTask(
  c: Container,
  input: { applicationId: string; kind: HumanTaskKind; taskToken: string; dueAt?: string },
): Promise<void> {
  const { applicationId, kind, taskToken } = input;
  const record = await requireApplication(c, applicationId);
  const latest = await latestTask(c, applicationId, kind);
  if (latest?.status === 'DONE' && !latest.consumed) {
    // Ids only: the answer itself (a signer's name, a note) stays in the table, out of state payloads.
    await wake(c, taskToken, { kind, round: latest.round });
    return;
  }
  const now = c.clock.now().toISOString();
  const settings = await rulesOf(c, record);
  const round = latest?.status === 'OPEN' ? latest.round : (latest?.round ?? 0) + 1;
  const isReview = kind === 'review_checks' || kind === 'review_lab' || kind === 'appeal';
  const dueAt =
    input.dueAt ?? (isReview ? addChinaWorkingDays(now, settings.review.slaWorkingDays) : undefined);
  const opened = await c.applications.openTask(applicationId, {
    kind,
    round,
    token: taskToken,
    status: 'OPEN',
    openedAt: now,
    ...(dueAt ? { dueAt } : {}),
  });
  await notifyOpened(c, applicationId, kind, round, opened.openedAt, opened.dueAt);
  if (record.status !== STATUS_OF[kind] || record.resumeAt !== RESUME_AT[kind]) {
    await c.applications.setStatus(applicationId, STATUS_OF[kind], { resumeAt: RESUME_AT[kind] });
  }
  if (kind === 'lab_results' && (await hasUnevaluatedResults(c, applicationId))) {
    // A result posted while the flow was between waits must not be lost.
    await wake(c, taskToken, { wake: 'result_pending' });
  }
}

/** The seller hears of a review and of a signature awaited; ids carry the task's round. */
async function notifyOpened(
  c: Container,
  applicationId: string,
  kind: HumanTaskKind,
  round: number,
  at: string,
  dueAt: string | undefined,
): Promise<void> {
  const occurrence = `${kind}#${round}`;
  const deadline = dueAt ? { deadline: dueAt } : {};
  if (kind === 'review_checks' || kind === 'review_lab') {
    await emit(c, sellerEvent(applicationId, 'application.flagged_for_review', occurrence, at, deadline));
  } else if (kind === 'signature') {
    await emit(
      c,
      sellerEvent(applicationId, 'application.action_required', occurrence, at, {
        ...deadline,
        requirements: [{ kind: 'sign_agreement', ...deadline }],
      }),
    );
  }
}

/** Wakes a wait unless a person's answer woke it first (a lab result posted meanwhile). */
async function wake(c: Container, token: string, output: Record<string, unknown>): Promise<void> {
  try {
    await c.workflow.sendTaskSuccess(token, output);
  } catch (err) {
    if (!(err instanceof TokenNotWaitingError)) throw err;
  }
}

async function hasUnevaluatedResults(c: Container, applicationId: string): Promise<boolean> {
  const bookings = await c.applications.listBookings(applicationId);
  const evaluated =
    (await c.applications.getResult<{ resultsSeen: number }>(applicationId, 'lab'))?.resultsSeen ?? 0;
  return bookings.filter((b) => b.result).length > evaluated;
}

/** The step after a wait takes the answer once; a re-drive then goes on instead of re-delivering it. */
export async function consumeTask(
  c: Container,
  applicationId: string,
  kind: HumanTaskKind,
): Promise<HumanTask | null> {
  const latest = await latestTask(c, applicationId, kind);
  if (latest && !latest.consumed) await c.applications.markTaskConsumed(applicationId, kind, latest.round);
  return latest;
}
