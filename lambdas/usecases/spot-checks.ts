/**
 * Spot-check rounds (神买抽检, SPEC "After admission"), the steps of their state machine
 * (lib/spot-checks.ts): start (pick), book each SKU at a lab in turn, wait for the lab, record the
 * result as governance events. Each step is idempotent on the round and booking number, so a retry
 * or a re-drive after a restart books, flags and records nothing twice.
 */
import type { Container } from '../adapters/container.js';
import { addChinaWorkingDays, chinaDateOf } from '../domain/calendar.js';
import { type SpotCheckEvent, spotCheckViolation } from '../domain/governance/events.js';
import { DEFAULT_GOVERNANCE_SETTINGS } from '../domain/governance/settings.js';
import {
  DEFAULT_SPOT_CHECK_SETTINGS,
  labInTurn,
  pickSpotChecks,
  type SpotCandidate,
} from '../domain/governance/spot-checks.js';
import { labProblems } from '../domain/labs.js';
import { staffEvent } from '../notify/events.js';
import type { SpotBooking } from '../ports/spot-checks.js';
import { BusinessRuleError, NotFoundError, TokenNotWaitingError } from '../shared/errors.js';
import { secondsUntil } from './common.js';
import { emit } from './notify.js';
import { healthOfRecord } from './portal/health.js';

export class NoEligibleLabError extends BusinessRuleError {}

const settings = DEFAULT_SPOT_CHECK_SETTINGS;

async function requireRound(c: Container, roundId: string) {
  const round = await c.spotChecks.getRound(roundId);
  if (!round) throw new NotFoundError(`spot-check round ${roundId} not found`);
  return round;
}

async function requireBooking(c: Container, roundId: string, bookingNo: number): Promise<SpotBooking> {
  const booking = await c.spotChecks.getBooking(roundId, bookingNo);
  if (!booking) throw new NotFoundError(`spot-check booking ${roundId}/${bookingNo} not found`);
  return booking;
}

/** Admitted sellers' SKUs that are listed at `asOf` (a banned seller's or a delisted SKU cannot be bought). */
export async function spotCandidates(c: Container, asOf: string): Promise<SpotCandidate[]> {
  const out: SpotCandidate[] = [];
  const cache = new Map();
  for (const id of await c.applications.listByStatus('ADMITTED')) {
    const record = await c.applications.get(id);
    const health = record && (await healthOfRecord(c, record, asOf, cache));
    if (!record || !health || health.tier === 'BANNED') continue;
    const delisted = new Set(health.delistedSkus.map((d) => d.sku));
    for (const { sku } of record.application.skus) {
      if (!delisted.has(sku))
        out.push({ uscc: health.uscc, applicationId: id, sku, healthScore: health.healthScore });
    }
  }
  return out;
}

/** Ops start a round: recorded with its seed and sample size, then its execution (named by it). */
export async function startRound(
  c: Container,
  input: { sampleSize?: number | undefined; seed?: string | undefined; startedBy: string },
): Promise<{ roundId: string }> {
  const now = c.clock.now().toISOString();
  const roundId = `spot-${now.replace(/\D/g, '').slice(0, 14)}-${Math.random().toString(36).slice(2, 8)}`;
  await c.spotChecks.createRound({
    roundId,
    date: chinaDateOf(now),
    seed: input.seed ?? roundId,
    sampleSize: input.sampleSize ?? settings.sampleSize,
    settingsVersion: settings.version,
    startedAt: now,
    startedBy: input.startedBy,
    candidates: 0,
    bookings: 0,
    status: 'RUNNING',
  });
  await c.spotCheckWorkflow.start(roundId, { roundId });
  return { roundId };
}

/** Step StartSpotCheckRound: the pick, kept once; the numbers of the bookings the Map goes over. */
export async function pickRound(c: Container, roundId: string): Promise<{ bookings: number[] }> {
  const round = await requireRound(c, roundId);
  const candidates = await spotCandidates(c, round.date);
  const picks = await c.spotChecks.savePicks(
    roundId,
    pickSpotChecks(candidates, round.sampleSize, round.seed),
  );
  await c.spotChecks.putPicks(roundId, picks);
  await c.spotChecks.setPickCounts(roundId, { candidates: candidates.length, bookings: picks.length });
  return { bookings: picks.map((p) => p.index) };
}

/** Step BookSpotCheck: the booking's lab (eligible labs in turn) and due date, once. */
export async function bookSpotCheck(
  c: Container,
  roundId: string,
  bookingNo: number,
): Promise<{ timeoutSeconds: number }> {
  const now = c.clock.now();
  let booking = await requireBooking(c, roundId, bookingNo);
  if (!booking.labId) {
    const round = await requireRound(c, roundId);
    const eligible = (await c.labs()).filter((l) => labProblems(l, round.date).length === 0);
    const labId = labInTurn(
      bookingNo,
      eligible.map((l) => l.labId),
    );
    if (!labId) throw new NoEligibleLabError('no lab in the registry meets the eligibility rules');
    const nowIso = now.toISOString();
    booking = await c.spotChecks.book(roundId, bookingNo, {
      labId,
      bookedAt: nowIso,
      dueAt: addChinaWorkingDays(nowIso, settings.resultWorkingDays),
    });
  }
  // The lab hears of it as of any booking (SPEC: lab.booking_created); the stored booking's lab
  // and dates, so a retry after the write makes the same event, kept once by the outbox. Only the
  // lab is told: a mystery purchase is not announced to the seller.
  await emit(c, spotBookingCreated(booking));
  return { timeoutSeconds: secondsUntil(now, booking.dueAt as string) };
}

export function spotBookingCreated(b: SpotBooking) {
  return staffEvent(
    { kind: 'lab', labId: b.labId as string },
    b.applicationId,
    'lab.booking_created',
    `spot:${b.roundId}:${b.bookingNo}`,
    b.bookedAt as string,
    {
      sku: b.sku,
      labId: b.labId as string,
      deadline: b.dueAt as string,
      taskKind: 'spot_check',
      requirements: [{ kind: 'post_lab_result', sku: b.sku, deadline: b.dueAt as string }],
    },
  );
}

/** Wakes a wait unless it was woken already (the lab's post and the wait's own check may race). */
async function wake(c: Container, token: string): Promise<void> {
  try {
    await c.spotCheckWorkflow.sendTaskSuccess(token, { result: true });
  } catch (err) {
    if (!(err instanceof TokenNotWaitingError)) throw err;
  }
}

/**
 * The `.waitForTaskToken` state's handler: the token is kept on the booking first, then the
 * booking is read; a result posted before (or while the flow was down) wakes the wait at once.
 */
export async function openSpotCheckWait(
  c: Container,
  input: { roundId: string; bookingNo: number; taskToken: string },
): Promise<void> {
  await c.spotChecks.setToken(input.roundId, input.bookingNo, input.taskToken);
  const booking = await requireBooking(c, input.roundId, input.bookingNo);
  if (booking.result) await wake(c, input.taskToken);
}

/**
 * The wait ran past the due date: the booking is flagged to ops (once) and the wait goes on for
 * another period, so a late result is still taken.
 */
export async function flagSpotCheckOverdue(
  c: Container,
  roundId: string,
  bookingNo: number,
): Promise<{ timeoutSeconds: number }> {
  const now = c.clock.now();
  const booking = await requireBooking(c, roundId, bookingNo);
  if (!booking.result) await c.spotChecks.flagOverdue(roundId, bookingNo, now.toISOString());
  const next = addChinaWorkingDays(now.toISOString(), settings.resultWorkingDays);
  return { timeoutSeconds: secondsUntil(now, next) };
}

/**
 * Step RecordSpotCheckResult: the `spot_check` event, dated the China day the result came, and
 * for a failure its violation (serious for a safety finding). Derived from the stored result
 * only, so a retry appends the very same events (the store keeps one item each).
 */
export async function recordSpotCheckResult(
  c: Container,
  roundId: string,
  bookingNo: number,
): Promise<{ recorded: boolean }> {
  const booking = await requireBooking(c, roundId, bookingNo);
  if (!booking.result) return { recorded: false };
  const check: SpotCheckEvent = {
    type: 'spot_check',
    uscc: booking.uscc,
    sku: booking.sku,
    date: chinaDateOf(booking.result.postedAt),
    passed: booking.result.passed,
    findings: booking.result.findings,
  };
  const violation = spotCheckViolation(check, DEFAULT_GOVERNANCE_SETTINGS.safetyFindings);
  await c.governanceEvents.append(booking.uscc, violation ? [check, violation] : [check]);
  await c.spotChecks.markRecorded(roundId, bookingNo, c.clock.now().toISOString());
  return { recorded: true };
}

/** Step FinishSpotCheckRound. */
export async function finishRound(c: Container, roundId: string): Promise<{ bookings: number }> {
  const bookings = await c.spotChecks.listBookings(roundId);
  await c.spotChecks.finishRound(roundId, c.clock.now().toISOString());
  return { bookings: bookings.length };
}

/** The lab's result, once; the round's wait for it is woken (or finds it when it opens). */
export async function postSpotCheckResult(
  c: Container,
  labId: string,
  ref: { roundId: string; bookingNo: number },
  input: { passed: boolean; findings: string[]; postedBy: string },
): Promise<void> {
  const booking = await c.spotChecks.getBooking(ref.roundId, ref.bookingNo);
  // Another lab's booking is "not found": a lab sees only its own.
  if (!booking || booking.labId !== labId)
    throw new NotFoundError(`spot-check booking ${ref.roundId}/${ref.bookingNo} not found`);
  const posted = await c.spotChecks.postResult(ref.roundId, ref.bookingNo, {
    passed: input.passed,
    findings: input.findings,
    postedAt: c.clock.now().toISOString(),
    postedBy: input.postedBy,
  });
  if (!posted) throw new BusinessRuleError('this spot check has its result already');
  const token = await c.spotChecks.getToken(ref.roundId, ref.bookingNo);
  if (token) await wake(c, token);
}
