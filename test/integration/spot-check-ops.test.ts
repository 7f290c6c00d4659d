/**
 * Ops' side of spot-check rounds over the emulators and the local spot-check machine (issue 18):
 * "Start a round" sent twice with one idempotency key is one round; a booking cancelled by ops has
 * its wait ended (SendTaskFailure, caught by name in the Map iteration), the lab sees it cancelled
 * and its late result is refused 409 naming it, and no violation is recorded for it; a whole round
 * cancelled ends CANCELLED with the answered bookings recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labAnswer, seedSellers, usccOf } from '../../bench/spotcheck/round.js';
import type { SpotBooking } from '../../lambdas/ports/spot-checks.js';
import { postSpotCheckResult } from '../../lambdas/usecases/spot-checks.js';
import { type PortalServer, startPortalServer } from '../../local/http.js';
import type { Platform } from '../../local/platform.js';
import { apiClient } from '../support/api-client.js';
import { scratchDir, testPlatform } from '../support/platform.js';

let platform: Platform;
let server: PortalServer;
let client: Awaited<ReturnType<typeof apiClient>>;
beforeAll(async () => {
  platform = await testPlatform();
  await seedSellers(platform.container, 3, 2);
  server = await startPortalServer(platform, { portalDir: scratchDir('no-portal-') });
  client = await apiClient(server, platform);
}, 300_000);
afterAll(async () => {
  await server?.close();
  await platform?.stop();
});

async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const v = await read();
    if (ok(v)) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Every booking of the round booked and its wait open (its token kept). */
const waitsOpen = (roundId: string, n: number) =>
  until(
    `${n} waits open`,
    async () => {
      const c = platform.container;
      const bookings = await c.spotChecks.listBookings(roundId);
      const tokens = await Promise.all(bookings.map((b) => c.spotChecks.getToken(roundId, b.bookingNo)));
      return { bookings, open: tokens.filter(Boolean).length };
    },
    (v) => v.bookings.length === n && v.open === n,
  ).then((v) => v.bookings);

const answer = (b: SpotBooking) =>
  postSpotCheckResult(platform.container, b.labId as string, b, { ...labAnswer(b), postedBy: 'lab:test' });

const statesEntered = (roundId: string) =>
  (platform.spotRuntime.latest(roundId)?.history ?? [])
    .filter((h) => h.type === 'StateEntered')
    .map((h) => h.state);

describe('ops and spot-check rounds', () => {
  let roundId: string;

  it('starts one round for one submission, however often it is sent', async () => {
    const body = { sampleSize: 3, seed: 'ops-cancel', idempotencyKey: 'k-0a1b2c3d4e' };
    const [first, second] = await Promise.all([
      client.call('ops', 'POST', '/api/ops/spot-checks', body),
      client.call('ops', 'POST', '/api/ops/spot-checks', body),
    ]);
    const retry = await client.call('ops', 'POST', '/api/ops/spot-checks', body);
    expect([first.status, second.status, retry.status]).toEqual([200, 200, 200]);
    roundId = first.json.roundId;
    expect(second.json.roundId).toBe(roundId);
    expect(retry.json.roundId).toBe(roundId);
    const rounds = (await client.call('ops', 'GET', '/api/ops/spot-checks')).json.rounds as {
      roundId: string;
    }[];
    expect(rounds.map((r) => r.roundId)).toEqual([roundId]);
    expect(
      [...platform.spotRuntime.executions.values()].filter((e) => e.applicationId === roundId),
    ).toHaveLength(1);
    // Another submission (another key) is another round; a key that is not one is refused.
    const bad = await client.call('ops', 'POST', '/api/ops/spot-checks', { ...body, idempotencyKey: 'x y' });
    expect(bad.status).toBe(400);
    expect(bad.json.issues[0].path).toBe('idempotencyKey');
  });

  it("ends a cancelled booking's wait: the lab sees it cancelled, its result is refused, no violation", async () => {
    const c = platform.container;
    const bookings = await waitsOpen(roundId, 3);
    // Booking 1 goes to the CTI lab (labs in turn), whose user the local identity provider has.
    const target = bookings.find((b) => b.labId === 'lab-cti-shenzhen') as SpotBooking;
    const path = `/api/ops/spot-checks/${roundId}/cancel`;
    const one = { bookingNo: target.bookingNo, reason: 'listing withdrawn' };
    expect((await client.call('lab-cti', 'POST', path, one)).status).toBe(403);
    expect((await client.call('ops', 'POST', path, { bookingNo: target.bookingNo })).status).toBe(400);
    expect((await client.call('ops', 'POST', path, { ...one, bookingNo: 99 })).status).toBe(404);
    const cancelled = await client.call('ops', 'POST', path, one);
    expect(cancelled.status).toBe(200);
    const again = await client.call('ops', 'POST', path, { ...one, reason: 'again' });
    expect(again.status).toBe(409);
    expect(again.json.error).toContain(`${roundId}~${target.bookingNo}`);

    // The wait ended through the Map iteration's catch; the booking is closed with no result.
    await until(
      'the cancelled wait ended',
      async () => statesEntered(roundId),
      (s) => s.includes('SpotCheckBookingCancelled'),
    );
    const stored = await c.spotChecks.getBooking(roundId, target.bookingNo);
    expect(stored).toMatchObject({ cancelled: { by: 'ops:ops', reason: 'listing withdrawn' } });
    expect(stored?.result).toBeUndefined();
    expect(stored?.recordedAt).toBeUndefined();

    // The lab sees it cancelled; a result posted for it now is 409 naming the booking.
    const spotId = `${roundId}~${target.bookingNo}`;
    const mine = (await client.call('lab-cti', 'GET', '/api/lab/spot-checks')).json as {
      spotId: string;
      cancelled?: { at: string };
      overdue: boolean;
    }[];
    expect(mine.find((b) => b.spotId === spotId)).toMatchObject({
      cancelled: { at: expect.any(String) },
      overdue: false,
    });
    expect(JSON.stringify(mine)).not.toContain('listing withdrawn');
    const late = await client.call(
      'lab-cti',
      'POST',
      `/api/lab/spot-checks/${encodeURIComponent(spotId)}/result`,
      {
        passed: false,
        findings: ['FORMALDEHYDE'],
      },
    );
    expect(late.status).toBe(409);
    expect(late.json.error).toContain(spotId);

    // The others are answered and recorded; the round ends DONE with one cancelled booking.
    for (const b of bookings.filter((x) => x.bookingNo !== target.bookingNo)) await answer(b);
    await until(
      'the round done',
      () => c.spotChecks.getRound(roundId),
      (r) => r?.status === 'DONE',
    );
    const detail = (await client.call('ops', 'GET', `/api/ops/spot-checks/${roundId}`)).json;
    expect(detail.counts).toMatchObject({ picked: 3, results: 2, recorded: 2, cancelled: 1, overdue: 0 });
    expect(detail.events).toEqual([
      expect.objectContaining({
        type: 'booking_cancelled',
        roundId,
        bookingNo: target.bookingNo,
        by: 'ops:ops',
        reason: 'listing withdrawn',
      }),
    ]);
    // No spot_check and no violation for the cancelled booking's SKU.
    const history = await c.governanceEvents.forUscc(target.uscc);
    expect(history.filter((e) => e.type !== 'admitted' && JSON.stringify(e).includes(target.sku))).toEqual(
      [],
    );
  }, 120_000);

  it('cancels a whole round: every open wait ends, the answered booking is recorded, the round ends CANCELLED', async () => {
    const c = platform.container;
    const started = await client.call('ops', 'POST', '/api/ops/spot-checks', {
      sampleSize: 4,
      seed: 'round-cancel',
      idempotencyKey: 'k-round-cancel-1',
    });
    const id = started.json.roundId as string;
    const bookings = await waitsOpen(id, 4);
    const [answered] = bookings;
    await answer(answered as SpotBooking);
    await until(
      'the answered booking recorded',
      () => c.spotChecks.getBooking(id, 0),
      (b) => Boolean(b?.recordedAt),
    );

    const cancel = await client.call('ops', 'POST', `/api/ops/spot-checks/${id}/cancel`, {
      reason: 'lab audit',
    });
    expect(cancel.status).toBe(200);
    expect(cancel.json).toEqual({ roundId: id, cancelledBookings: 3 });
    const done = await until(
      'the round cancelled',
      () => c.spotChecks.getRound(id),
      (r) => r?.status === 'CANCELLED',
    );
    expect(done?.cancelled).toMatchObject({ by: 'ops:ops', reason: 'lab audit' });
    expect(statesEntered(id).filter((s) => s === 'SpotCheckBookingCancelled')).toHaveLength(3);
    const detail = (await client.call('ops', 'GET', `/api/ops/spot-checks/${id}`)).json;
    expect(detail.counts).toMatchObject({ picked: 4, results: 1, recorded: 1, cancelled: 3 });
    expect(detail.events.map((e: { type: string }) => e.type).sort()).toEqual([
      'booking_cancelled',
      'booking_cancelled',
      'booking_cancelled',
      'round_cancelled',
    ]);
    expect(
      (await client.call('ops', 'POST', `/api/ops/spot-checks/${id}/cancel`, { reason: 'x' })).status,
    ).toBe(409);
    // A booking of an ended round cannot be cancelled; nor can a booking with its result.
    expect(
      (await client.call('ops', 'POST', `/api/ops/spot-checks/${id}/cancel`, { bookingNo: 0, reason: 'x' }))
        .status,
    ).toBe(409);
    expect(usccOf(0)).toMatch(/^9133/);
  }, 120_000);
});
