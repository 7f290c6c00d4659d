import type { Container } from '../adapters/container.js';
import { addChinaWorkingDays } from '../domain/calendar.js';
import { labProblems } from '../domain/labs.js';
import { reason } from '../domain/reasons.js';
import { labOutcome } from '../domain/rules/samples.js';
import { sellerEvent, staffEvent } from '../notify/events.js';
import type { LabBooking } from '../ports/repository.js';
import { BusinessRuleError } from '../shared/errors.js';
import { requireApplication, rulesFor, rulesOf, secondsUntil, toStored } from './common.js';
import { consumeTask, latestTask } from './human-tasks.js';
import { emit } from './notify.js';

export class NoEligibleLabError extends BusinessRuleError {}

/** Step 8: one booking per sample SKU at an eligible lab; booking twice is one booking. */
export async function bookSamples(c: Container, applicationId: string): Promise<{ booked: number }> {
  const record = await requireApplication(c, applicationId);
  const settings = await rulesOf(c, record);
  const now = c.clock.now().toISOString();
  const lab = (await c.labs()).find((l) => labProblems(l, now.slice(0, 10)).length === 0);
  if (!lab) throw new NoEligibleLabError('no lab in the registry meets the eligibility rules');
  let booked = 0;
  for (const sku of record.application.sampleSkus) {
    const isNew = await c.applications.book(applicationId, {
      sku,
      attempt: 1,
      labId: lab.labId,
      bookedAt: now,
      dueAt: addChinaWorkingDays(now, settings.lab.resultWorkingDays),
    });
    if (isNew) booked++;
  }
  const bookings = (await c.applications.listBookings(applicationId)).filter((b) => b.attempt === 1);
  await emit(
    c,
    sellerEvent(applicationId, 'application.samples_booked', 1, bookings[0]?.bookedAt ?? now, {
      skus: bookings.map((b) => b.sku),
      labId: bookings[0]?.labId ?? lab.labId,
      ...(bookings[0] ? { deadline: bookings[0].dueAt } : {}),
    }),
    ...bookings.map(bookingCreated(applicationId)),
  );
  await c.applications.setStatus(applicationId, 'AWAITING_LAB_RESULTS', { resumeAt: 'lab_results' });
  return { booked };
}

/** The lab hears of each booking (a retest is a booking of its own). */
function bookingCreated(applicationId: string) {
  return (b: LabBooking) =>
    staffEvent(
      { kind: 'lab', labId: b.labId },
      applicationId,
      'lab.booking_created',
      `${b.sku}#${b.attempt}`,
      b.bookedAt,
      {
        sku: b.sku,
        attempt: b.attempt,
        labId: b.labId,
        deadline: b.dueAt,
        requirements: [{ kind: 'post_lab_result', sku: b.sku, deadline: b.dueAt }],
      },
    );
}

export type LabState =
  | { outcome: 'passed' | 'failed' }
  | { outcome: 'overdue' }
  | { outcome: 'pending'; timeoutSeconds: number };

function bySku(bookings: LabBooking[]): Map<string, LabBooking[]> {
  const map = new Map<string, LabBooking[]>();
  for (const b of bookings)
    map.set(
      b.sku,
      [...(map.get(b.sku) ?? []), b].sort((x, y) => x.attempt - y.attempt),
    );
  return map;
}

/**
 * After every lab wake-up: a failed attempt with attempts left is booked again; the wait goes on
 * until every sample passed, one failed its last attempt, or a result is overdue.
 */
export async function evaluateLabResults(c: Container, applicationId: string): Promise<LabState> {
  const settings = await rulesFor(c, applicationId);
  const now = c.clock.now();
  const nowIso = now.toISOString();
  await consumeTask(c, applicationId, 'lab_results');
  const samples = bySku(await c.applications.listBookings(applicationId));
  const all = [...samples.values()].flat();
  await c.applications.putResult(applicationId, 'lab', { resultsSeen: all.filter((b) => b.result).length });

  const pending: LabBooking[] = [];
  const failed: string[] = [];
  for (const [sku, attempts] of samples) {
    const state = labOutcome(
      attempts.filter((a) => a.result).map((a) => ({ passed: a.result?.passed === true })),
      settings.lab.maxAttempts,
    );
    if (state === 'failed') failed.push(sku);
    if (state !== 'pending') continue;
    const last = attempts[attempts.length - 1] as LabBooking;
    if (!last.result) {
      pending.push(last);
      continue;
    }
    const retest: LabBooking = {
      sku,
      attempt: last.attempt + 1,
      labId: last.labId,
      bookedAt: nowIso,
      dueAt: addChinaWorkingDays(nowIso, settings.lab.resultWorkingDays),
    };
    await c.applications.book(applicationId, retest);
    const stored = (await c.applications.listBookings(applicationId)).find(
      (b) => b.sku === sku && b.attempt === retest.attempt,
    );
    await emit(c, bookingCreated(applicationId)(stored ?? retest));
    pending.push(retest);
  }
  if (failed.length > 0) {
    const reasons = failed.map((sku) => {
      const findings = (samples.get(sku) ?? []).flatMap((b) => b.result?.findings ?? []);
      return reason(
        'SAMPLE_INSPECTION_FAILED',
        { sku, attempts: settings.lab.maxAttempts, findings },
        { field: sku },
      );
    });
    await c.applications.raiseReasons(applicationId, toStored(reasons, nowIso));
    return { outcome: 'failed' };
  }
  if (pending.length === 0) {
    await c.applications.setStatus(applicationId, 'IN_PROGRESS', { resumeAt: 'agreement' });
    return { outcome: 'passed' };
  }
  const firstDue = pending.map((b) => b.dueAt).sort()[0] as string;
  if (Date.parse(firstDue) <= now.getTime()) return { outcome: 'overdue' };
  return { outcome: 'pending', timeoutSeconds: secondsUntil(now, firstDue) };
}

/** The lab wait ran past a sample's due date: a reviewer decides (SAMPLE_INSPECTION_OVERDUE). */
export async function flagLabOverdue(c: Container, applicationId: string): Promise<void> {
  const now = c.clock.now();
  const open = await latestTask(c, applicationId, 'lab_results');
  if (open?.status === 'OPEN')
    await c.applications.markTaskTimedOut(applicationId, 'lab_results', open.round);
  const overdue = (await c.applications.listBookings(applicationId)).filter(
    (b) => !b.result && Date.parse(b.dueAt) <= now.getTime(),
  );
  if (overdue.length === 0) return;
  const settings = await rulesFor(c, applicationId);
  const dueAt = overdue.map((b) => b.dueAt).sort()[0] as string;
  const overdueReason = reason('SAMPLE_INSPECTION_OVERDUE', {
    skus: overdue.map((b) => b.sku),
    workingDays: settings.lab.resultWorkingDays,
    dueAt: dueAt.slice(0, 10),
  });
  // One flag per overdue episode, keyed by the bookings it is about.
  const scope = overdue.map((b) => `${b.sku}#${b.attempt}@${b.dueAt}`).join(',');
  await c.applications.raiseReasons(applicationId, toStored([overdueReason], now.toISOString(), scope));
}

/** A reviewer granted more time: overdue samples get a new due date from now. */
export async function extendOverdueBookings(c: Container, applicationId: string): Promise<void> {
  const settings = await rulesFor(c, applicationId);
  const now = c.clock.now();
  for (const b of await c.applications.listBookings(applicationId)) {
    if (!b.result && Date.parse(b.dueAt) <= now.getTime()) {
      await c.applications.extendBookingDue(
        applicationId,
        b.sku,
        b.attempt,
        addChinaWorkingDays(now.toISOString(), settings.lab.resultWorkingDays),
      );
    }
  }
}
