import type { Container } from '../../adapters/container.js';
import type { Lab } from '../../domain/labs.js';
import { labProblems } from '../../domain/labs.js';
import type { IntegritySummary } from '../../domain/rules/check-parts.js';
import type { QueuedTask } from '../../ports/portal.js';
import type { LabBooking } from '../../ports/repository.js';
import { BusinessRuleError, InvalidInputError, NotFoundError } from '../../shared/errors.js';
import { decideAppeal, decideReview, postLabResult } from '../actions.js';
import { type Actor, actorName } from './access.js';
import { applicationDetail } from './detail.js';

/** Reviewers' queue and decisions; labs' bookings and results. */

const SEP = '~';
export const taskIdOf = (t: Pick<QueuedTask, 'applicationId' | 'kind' | 'round'>) =>
  [t.applicationId, t.kind, t.round].join(SEP);
export const bookingIdOf = (applicationId: string, b: Pick<LabBooking, 'sku' | 'attempt'>) =>
  [applicationId, b.sku, b.attempt].join(SEP);

/** The application a task or booking id belongs to (the local adapter pins that application's clock). */
export function applicationOfWorkId(id: string): string {
  return id.split(SEP)[0] ?? id;
}

function parseTaskId(taskId: string): Pick<QueuedTask, 'applicationId' | 'kind' | 'round'> {
  const [applicationId, kind, round] = taskId.split(SEP);
  if (!applicationId || !['review_checks', 'review_lab', 'appeal'].includes(kind ?? '') || !Number(round)) {
    throw new NotFoundError(`task ${taskId} not found`);
  }
  return { applicationId, kind: kind as QueuedTask['kind'], round: Number(round) };
}

export interface QueueFilter {
  step?: string;
  category?: string;
}

export async function reviewQueue(c: Container, filter: QueueFilter) {
  const tasks = await c.portal.reviewQueue();
  const rows = [];
  for (const t of tasks) {
    if (filter.step && t.kind !== filter.step) continue;
    const record = await c.applications.get(t.applicationId);
    if (!record) continue;
    if (filter.category && record.application.category !== filter.category) continue;
    rows.push({
      taskId: taskIdOf(t),
      applicationId: t.applicationId,
      companyName: record.application.seller.companyName,
      category: record.application.category,
      kind: t.kind,
      round: t.round,
      openedAt: t.openedAt,
      dueAt: t.dueAt,
      ...(t.claimedBy ? { claimedBy: t.claimedBy } : {}),
    });
  }
  // The index is sorted by deadline already; sorting again keeps the promise explicit.
  return rows.sort((a, b) => a.dueAt.localeCompare(b.dueAt));
}

async function openTask(c: Container, taskId: string) {
  const ref = parseTaskId(taskId);
  const task = await c.applications.getTask(ref.applicationId, ref.kind, ref.round);
  if (!task) throw new NotFoundError(`task ${taskId} not found`);
  return { ref, task };
}

export async function reviewTask(c: Container, taskId: string) {
  const { ref, task } = await openTask(c, taskId);
  const record = await c.applications.get(ref.applicationId);
  if (!record) throw new NotFoundError(`task ${taskId} not found`);
  const application = await applicationDetail(c, ref.applicationId, {
    draft: await c.portal.getDraft(ref.applicationId),
    record,
  });
  // Integrity evidence is the reviewer's alone (the seller's message never names the sign): the
  // sign, document, page and region, and for reuse the other application, as the decision kept it.
  const checks = await c.applications.getResult<{ integrity?: IntegritySummary | null }>(
    ref.applicationId,
    'checks',
  );
  return {
    ...(checks?.integrity
      ? { integrity: { version: checks.integrity.version, evidence: checks.integrity.evidence } }
      : {}),
    task: {
      taskId,
      applicationId: ref.applicationId,
      companyName: record.application.seller.companyName,
      category: record.application.category,
      kind: ref.kind,
      round: ref.round,
      openedAt: task.openedAt,
      dueAt: task.dueAt ?? task.openedAt,
      status: task.status,
      ...((task as { claimedBy?: string }).claimedBy
        ? { claimedBy: (task as { claimedBy?: string }).claimedBy }
        : {}),
    },
    application,
  };
}

export async function claimReviewTask(c: Container, actor: Actor, taskId: string): Promise<void> {
  const ref = parseTaskId(taskId);
  await c.portal.claimTask(ref.applicationId, ref.kind, ref.round, actorName(actor, 'reviewer'));
}

export async function decideReviewTask(
  c: Container,
  actor: Actor,
  taskId: string,
  input: { outcome: 'approve' | 'reject' | 'uphold' | 'dismiss'; note: string },
): Promise<void> {
  const { ref, task } = await openTask(c, taskId);
  const by = actorName(actor, 'reviewer');
  const claimedBy = (task as { claimedBy?: string }).claimedBy;
  if (task.status !== 'OPEN') throw new BusinessRuleError(`task ${taskId} is decided already`);
  // One reviewer at a time: the decision is written only while its author holds the claim.
  if (!claimedBy) throw new BusinessRuleError(`claim task ${taskId} before deciding it`);
  if (claimedBy !== by) throw new BusinessRuleError(`task ${taskId} is claimed by ${claimedBy}`);
  if (ref.kind === 'appeal') {
    if (input.outcome !== 'uphold' && input.outcome !== 'dismiss') {
      throw new InvalidInputError('an appeal is upheld or dismissed', [
        { path: 'outcome', message: input.outcome },
      ]);
    }
    await decideAppeal(c, ref.applicationId, { outcome: input.outcome, note: input.note }, by, {
      claimedBy: by,
    });
    return;
  }
  if (input.outcome !== 'approve' && input.outcome !== 'reject') {
    throw new InvalidInputError('a flagged step is approved or rejected', [
      { path: 'outcome', message: input.outcome },
    ]);
  }
  await decideReview(c, ref.applicationId, { outcome: input.outcome, note: input.note }, by, {
    claimedBy: by,
  });
}

// ---- labs ----

function labOf(actor: Actor): string {
  if (!actor.labId) throw new BusinessRuleError('this lab user is not linked to a lab');
  return actor.labId;
}

export async function labBookings(c: Container, actor: Actor) {
  const labId = labOf(actor);
  const refs = await c.portal.labBookings(labId);
  const byApp = new Map<string, LabBooking[]>();
  const rows = [];
  for (const ref of refs) {
    if (!byApp.has(ref.applicationId))
      byApp.set(ref.applicationId, await c.applications.listBookings(ref.applicationId));
    const b = byApp.get(ref.applicationId)?.find((x) => x.sku === ref.sku && x.attempt === ref.attempt);
    if (!b || b.labId !== labId) continue;
    rows.push({ bookingId: bookingIdOf(ref.applicationId, b), applicationId: ref.applicationId, ...b });
  }
  return rows;
}

export async function postBookingResult(
  c: Container,
  actor: Actor,
  bookingId: string,
  input: { passed: boolean; findings: string[] },
): Promise<{ attempt: number }> {
  const labId = labOf(actor);
  const [applicationId, sku, attempt] = bookingId.split(SEP);
  const booking =
    applicationId && sku
      ? (await c.applications.listBookings(applicationId)).find(
          (b) => b.sku === sku && b.attempt === Number(attempt),
        )
      : undefined;
  // Another lab's booking is "not found": a lab sees only its own.
  if (!applicationId || !sku || !booking || booking.labId !== labId)
    throw new NotFoundError(`booking ${bookingId} not found`);
  if (booking.result) throw new BusinessRuleError(`booking ${bookingId} has its result already`);
  return postLabResult(
    c,
    applicationId,
    { sku, passed: input.passed, findings: input.findings },
    actorName(actor, 'lab'),
  );
}

// ---- ops: labs ----

export async function labRegistry(c: Container) {
  const today = c.clock.now().toISOString().slice(0, 10);
  return (await c.labs()).map((lab) => ({ lab, problems: labProblems(lab, today) }));
}

/** Registers (or updates) a lab; it takes bookings only while it passes the eligibility rule. */
export async function registerLab(c: Container, actor: Actor, lab: Lab) {
  await c.portal.putLab(lab, actorName(actor, 'ops'));
  return { lab, problems: labProblems(lab, c.clock.now().toISOString().slice(0, 10)) };
}
