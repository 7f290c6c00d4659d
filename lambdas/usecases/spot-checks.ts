/**
 * Spot-check rounds (神买抽检, SPEC "After admission"), the steps of their state machine
 * (lib/spot-checks.ts): start (pick), book each SKU at a lab in turn, wait for the lab, record the
 * result as governance events. Each step is idempotent on the round and booking number, so a retry
 * or a re-drive after a restart books, flags and records nothing twice.
 */
import type { Container } from '../adapters/container.js';
import { addChinaWorkingDays, chinaDateOf } from '../domain/calendar.js';
import { type SpotCheckEvent, spotCheckViolation } from '../domain/governance/events.js';
import { monthlyRoundDue } from '../domain/governance/spot-check-schedule.js';
import {
  DEFAULT_SPOT_CHECK_SETTINGS,
  labInTurn,
  pickSpotChecks,
  SPOT_CHECK_CANCELLED,
  type SpotCandidate,
  type SpotCheckSettings,
} from '../domain/governance/spot-checks.js';
import { labProblems } from '../domain/labs.js';
import { staffEvent } from '../notify/events.js';
import type { SpotBooking, SpotCancellation, SpotRound } from '../ports/spot-checks.js';
import {
  AlreadyDecidedError,
  BusinessRuleError,
  NotFoundError,
  TokenNotWaitingError,
} from '../shared/errors.js';
import { secondsUntil } from './common.js';
import { emit } from './notify.js';
import { healthOfRecord } from './portal/health.js';

export class NoEligibleLabError extends BusinessRuleError {}

/** Bookings of a cancelled round cancelled at once (a round of 2,000 within an API call's time). */
const CANCEL_CONCURRENCY = 16;

/**
 * The settings a round runs under: the `spotChecks` section of the rules version it recorded at
 * its start (versions are never edited), the defaults for a version without one or a round
 * recorded before rounds named their version.
 */
async function settingsOf(c: Container, round: Pick<SpotRound, 'rulesVersion'>): Promise<SpotCheckSettings> {
  if (!round.rulesVersion) return DEFAULT_SPOT_CHECK_SETTINGS;
  const rules = await c.rulesConfig.get(round.rulesVersion);
  return rules?.settings.spotChecks ?? DEFAULT_SPOT_CHECK_SETTINGS;
}

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

/**
 * A round starts: recorded with its seed, sample size and the rules version it runs under (the
 * current one), then its execution, named by the round id. The id may be given (the month's round,
 * an ops submission's idempotency key): a round recorded already under it wins, so a second start
 * (a double click, a retried request, the schedule fired twice, a restart) is the same round, and
 * a round that has ended is not run again.
 */
export async function startRound(
  c: Container,
  input: {
    sampleSize?: number | undefined;
    seed?: string | undefined;
    startedBy: string;
    roundId?: string | undefined;
  },
): Promise<{ roundId: string; status: SpotRound['status'] }> {
  const now = c.clock.now().toISOString();
  const roundId =
    input.roundId ?? `spot-${now.replace(/\D/g, '').slice(0, 14)}-${Math.random().toString(36).slice(2, 8)}`;
  const rules = await c.rulesConfig.current();
  const settings = rules.settings.spotChecks ?? DEFAULT_SPOT_CHECK_SETTINGS;
  const round = await c.spotChecks.createRound({
    roundId,
    date: chinaDateOf(now),
    seed: input.seed ?? roundId,
    sampleSize: input.sampleSize ?? settings.sampleSize,
    settingsVersion: settings.version,
    rulesVersion: rules.version,
    startedAt: now,
    startedBy: input.startedBy,
    candidates: 0,
    bookings: 0,
    status: 'RUNNING',
  });
  // Same name: locally one execution per round; on AWS Step Functions keeps one (same input).
  if (round.status === 'RUNNING') await c.spotCheckWorkflow.start(roundId, { roundId });
  return { roundId, status: round.status };
}

/** The monthly round due at `at` (`monthly-YYYY-MM`): started once, however often this runs. */
export function startMonthlyRound(c: Container, at: string) {
  return startRound(c, { roundId: monthlyRoundDue(at).roundId, startedBy: 'schedule:monthly' });
}

/** Step StartSpotCheckRound: the pick, kept once; the numbers of the bookings the Map goes over. */
export async function pickRound(c: Container, roundId: string): Promise<{ bookings: number[] }> {
  const round = await requireRound(c, roundId);
  // Cancelled before its pick: nothing is picked or booked.
  if (round.cancelled) return { bookings: [] };
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
  if (!booking.labId && !booking.cancelled) {
    const round = await requireRound(c, roundId);
    // A round cancelled while its picks were being stored: this booking goes with it, unbooked.
    if (round.cancelled) {
      await c.spotChecks.cancelBooking(roundId, bookingNo, { ...round.cancelled, withRound: true });
      return { timeoutSeconds: 1 };
    }
    const settings = await settingsOf(c, round);
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
  // Cancelled before it was booked: no lab is told; the wait ends itself when it opens.
  if (!booking.labId || !booking.dueAt) return { timeoutSeconds: 1 };
  // The lab hears of it as of any booking (SPEC: lab.booking_created); the stored booking's lab
  // and dates, so a retry after the write makes the same event, kept once by the outbox. Only the
  // lab is told: a mystery purchase is not announced to the seller.
  await emit(c, spotBookingCreated(booking));
  return { timeoutSeconds: secondsUntil(now, booking.dueAt) };
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

/** Ends a cancelled booking's wait with the error its Map iteration catches (once: a later try finds it ended). */
async function endCancelled(c: Container, token: string, b: Pick<SpotBooking, 'roundId' | 'bookingNo'>) {
  try {
    await c.spotCheckWorkflow.sendTaskFailure(
      token,
      SPOT_CHECK_CANCELLED,
      `spot check ${b.roundId}~${b.bookingNo} was cancelled by ops`,
    );
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
  if (booking.result) return wake(c, input.taskToken);
  // A round cancelled whose cancel stopped before this booking: it goes with its round now.
  let cancelled = booking.cancelled;
  if (!cancelled) {
    const round = await requireRound(c, input.roundId);
    if (round.cancelled) {
      await c.spotChecks.cancelBooking(input.roundId, input.bookingNo, {
        ...round.cancelled,
        withRound: true,
      });
      cancelled = (await requireBooking(c, input.roundId, input.bookingNo)).cancelled;
    }
  }
  // Cancelled while no wait was open (or before the platform stopped): this wait ends at once.
  if (cancelled) await endCancelled(c, input.taskToken, booking);
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
  if (!booking.result && !booking.cancelled)
    await c.spotChecks.flagOverdue(roundId, bookingNo, now.toISOString());
  const settings = await settingsOf(c, await requireRound(c, roundId));
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
  const settings = await settingsOf(c, await requireRound(c, roundId));
  const check: SpotCheckEvent = {
    type: 'spot_check',
    uscc: booking.uscc,
    sku: booking.sku,
    date: chinaDateOf(booking.result.postedAt),
    passed: booking.result.passed,
    findings: booking.result.findings,
  };
  const violation = spotCheckViolation(check, settings.safetyFindings);
  await c.governanceEvents.append(booking.uscc, violation ? [check, violation] : [check]);
  await c.spotChecks.markRecorded(roundId, bookingNo, c.clock.now().toISOString());
  return { recorded: true };
}

/** Step FinishSpotCheckRound. */
export async function finishRound(c: Container, roundId: string): Promise<{ bookings: number }> {
  const [round, bookings] = await Promise.all([requireRound(c, roundId), c.spotChecks.listBookings(roundId)]);
  await c.spotChecks.finishRound(
    roundId,
    c.clock.now().toISOString(),
    round.cancelled ? 'CANCELLED' : 'DONE',
  );
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
  const cancelledError = (cancelled: SpotCancellation) =>
    new AlreadyDecidedError(
      `spot check ${ref.roundId}~${ref.bookingNo} was cancelled on ${cancelled.at.slice(0, 10)}: no result is taken`,
    );
  if (booking.cancelled) throw cancelledError(booking.cancelled);
  const posted = await c.spotChecks.postResult(ref.roundId, ref.bookingNo, {
    passed: input.passed,
    findings: input.findings,
    postedAt: c.clock.now().toISOString(),
    postedBy: input.postedBy,
  });
  if (!posted) {
    // Cancelled between the read and the write: the conditional write refused it.
    const now = await c.spotChecks.getBooking(ref.roundId, ref.bookingNo);
    if (now?.cancelled) throw cancelledError(now.cancelled);
    throw new BusinessRuleError('this spot check has its result already');
  }
  const token = await c.spotChecks.getToken(ref.roundId, ref.bookingNo);
  if (token) await wake(c, token);
}

/**
 * Ops cancel one booking that has no result yet: the cancellation appended (never edited), then
 * its wait ended with SPOT_CHECK_CANCELLED, which its Map iteration catches (no result recorded,
 * no violation). A wait not open now (still booking, or the platform down) ends itself when it
 * opens. A booking with a result is 409, as is a second cancellation.
 */
export async function cancelSpotCheck(
  c: Container,
  ref: { roundId: string; bookingNo: number },
  input: { reason: string; by: string },
): Promise<{ roundId: string; bookingNo: number; cancelled: SpotCancellation }> {
  const spot = `${ref.roundId}~${ref.bookingNo}`;
  const round = await requireRound(c, ref.roundId);
  if (round.status !== 'RUNNING') throw new AlreadyDecidedError(`spot check ${spot}: its round has ended`);
  const cancelled: SpotCancellation = { at: c.clock.now().toISOString(), by: input.by, reason: input.reason };
  const outcome = await c.spotChecks.cancelBooking(ref.roundId, ref.bookingNo, cancelled);
  if (outcome === 'not_found') throw new NotFoundError(`spot check ${spot} not found`);
  if (outcome === 'result')
    throw new AlreadyDecidedError(`spot check ${spot} has its result: it cannot be cancelled`);
  if (outcome === 'cancelled') throw new AlreadyDecidedError(`spot check ${spot} was cancelled already`);
  const token = await c.spotChecks.getToken(ref.roundId, ref.bookingNo);
  if (token) await endCancelled(c, token, ref);
  return { ...ref, cancelled };
}

/**
 * Ops cancel a running round: its cancellation appended, then every booking without a result
 * cancelled with it and its wait ended; the bookings with results are recorded as usual and the
 * round finishes CANCELLED. A second cancellation (or of a round that ended) is 409.
 */
export async function cancelRound(
  c: Container,
  roundId: string,
  input: { reason: string; by: string },
): Promise<{ roundId: string; cancelledBookings: number }> {
  let cancelled: SpotCancellation = { at: c.clock.now().toISOString(), by: input.by, reason: input.reason };
  if (!(await c.spotChecks.cancelRound(roundId, cancelled))) {
    const round = await requireRound(c, roundId);
    // Cancelled by a request that stopped part-way (a Lambda timed out): this one finishes it.
    if (!round.cancelled || round.status !== 'RUNNING')
      throw new AlreadyDecidedError(`spot-check round ${roundId} has ended or was cancelled already`);
    cancelled = round.cancelled;
  }
  const open = (await c.spotChecks.listBookings(roundId)).filter((b) => !b.result && !b.cancelled);
  let count = 0;
  const worker = async () => {
    for (let b = open.shift(); b; b = open.shift()) {
      const outcome = await c.spotChecks.cancelBooking(roundId, b.bookingNo, {
        ...cancelled,
        withRound: true,
      });
      if (outcome !== 'done') continue;
      count++;
      const token = await c.spotChecks.getToken(roundId, b.bookingNo);
      if (token) await endCancelled(c, token, b);
    }
  };
  await Promise.all(Array.from({ length: CANCEL_CONCURRENCY }, worker));
  return { roundId, cancelledBookings: count };
}
