/**
 * Spot checks in the portal: ops start a round and follow its bookings; a lab sees its spot-check
 * bookings (beside its admission bookings) and posts each result once.
 */
import { createHash } from 'node:crypto';
import type { Container } from '../../adapters/container.js';
import type { SpotBooking } from '../../ports/spot-checks.js';
import { BusinessRuleError, NotFoundError } from '../../shared/errors.js';
import { cancelRound, cancelSpotCheck, postSpotCheckResult, startRound } from '../spot-checks.js';
import { type Actor, actorName } from './access.js';

const SEP = '~';
export const spotIdOf = (b: Pick<SpotBooking, 'roundId' | 'bookingNo'>) => `${b.roundId}${SEP}${b.bookingNo}`;

function parseSpotId(spotId: string): { roundId: string; bookingNo: number } {
  const [roundId, no, extra] = spotId.split(SEP);
  const bookingNo = Number(no);
  if (!roundId || extra !== undefined || !/^\d{1,6}$/.test(no ?? ''))
    throw new NotFoundError(`spot check ${spotId} not found`);
  return { roundId, bookingNo };
}

const overdue = (b: SpotBooking, now: Date) =>
  !b.result &&
  !b.cancelled &&
  (b.overdueAt !== undefined || (b.dueAt !== undefined && Date.parse(b.dueAt) <= now.getTime()));

/**
 * The round of one submission of ops' "Start a round": its id derived from the user and the
 * page's idempotency key, so the same submission sent twice (a double click, a retry after a
 * lost answer) names the same round, which is recorded and started once.
 */
export function submittedRoundId(sub: string, idempotencyKey: string): string {
  return `spot-${createHash('sha256').update(`${sub}\u0000${idempotencyKey}`).digest('hex').slice(0, 20)}`;
}

export async function startSpotCheckRound(
  c: Container,
  actor: Actor,
  input: { sampleSize?: number | undefined; seed?: string | undefined; idempotencyKey?: string | undefined },
) {
  const { idempotencyKey, ...rest } = input;
  return startRound(c, {
    ...rest,
    startedBy: actorName(actor, 'ops'),
    ...(idempotencyKey ? { roundId: submittedRoundId(actor.sub, idempotencyKey) } : {}),
  });
}

/** Ops cancel one booking (the spot check's wait ends; the lab sees it cancelled). */
export async function cancelSpotCheckBooking(
  c: Container,
  actor: Actor,
  roundId: string,
  bookingNo: number,
  input: { reason: string },
) {
  return cancelSpotCheck(c, { roundId, bookingNo }, { reason: input.reason, by: actorName(actor, 'ops') });
}

/** Ops cancel a whole round: every booking without a result with it. */
export async function cancelSpotCheckRound(
  c: Container,
  actor: Actor,
  roundId: string,
  input: { reason: string },
) {
  return cancelRound(c, roundId, { reason: input.reason, by: actorName(actor, 'ops') });
}

export async function spotCheckRounds(c: Container) {
  return { rounds: await c.spotChecks.listRounds(20) };
}

/** One round: its bookings, their labs, results and overdue flags, and the counts. */
export async function spotCheckRound(c: Container, roundId: string) {
  const round = await c.spotChecks.getRound(roundId);
  if (!round) throw new NotFoundError(`spot-check round ${roundId} not found`);
  const now = c.clock.now();
  const bookings = (await c.spotChecks.listBookings(roundId)).map((b) => ({
    spotId: spotIdOf(b),
    ...b,
    overdue: overdue(b, now),
  }));
  return {
    round,
    events: await c.spotChecks.roundEvents(roundId),
    counts: {
      picked: bookings.length,
      booked: bookings.filter((b) => b.labId).length,
      results: bookings.filter((b) => b.result).length,
      failed: bookings.filter((b) => b.result && !b.result.passed).length,
      overdue: bookings.filter((b) => b.overdue).length,
      recorded: bookings.filter((b) => b.recordedAt).length,
      cancelled: bookings.filter((b) => b.cancelled).length,
    },
    bookings,
  };
}

function labOf(actor: Actor): string {
  if (!actor.labId) throw new BusinessRuleError('this lab user is not linked to a lab');
  return actor.labId;
}

/** A lab's spot checks: what to buy (SKU, seller's USCC), by when, and what it posted. */
export async function labSpotChecks(c: Container, actor: Actor) {
  const now = c.clock.now();
  return (await c.spotChecks.labBookings(labOf(actor))).map((b) => ({
    spotId: spotIdOf(b),
    roundId: b.roundId,
    sku: b.sku,
    uscc: b.uscc,
    bookedAt: b.bookedAt,
    dueAt: b.dueAt,
    overdue: overdue(b, now),
    ...(b.result
      ? { result: { passed: b.result.passed, findings: b.result.findings, postedAt: b.result.postedAt } }
      : {}),
    // The lab sees that and when, not who at ops cancelled it or why.
    ...(b.cancelled ? { cancelled: { at: b.cancelled.at } } : {}),
  }));
}

export async function postLabSpotCheck(
  c: Container,
  actor: Actor,
  spotId: string,
  input: { passed: boolean; findings: string[] },
): Promise<{ posted: true }> {
  await postSpotCheckResult(c, labOf(actor), parseSpotId(spotId), {
    ...input,
    postedBy: actorName(actor, 'lab'),
  });
  return { posted: true };
}
