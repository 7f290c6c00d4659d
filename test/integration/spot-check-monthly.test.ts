/**
 * The monthly spot-check round run by the local platform's schedule (issue 18), over the
 * emulators with a hand-moved clock: the platform starts November's round when it starts, under
 * the rules version current then; ops publish spot-check settings of their own; on 1 December at
 * 09:00 China time December's round starts under them (sample size, working days, safety list);
 * a restart while it runs starts no second round.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { seedSellers } from '../../bench/spotcheck/round.js';
import { bundledRules } from '../../lambdas/adapters/container.js';
import { addChinaWorkingDays } from '../../lambdas/domain/calendar.js';
import type { ViolationEvent } from '../../lambdas/domain/governance/events.js';
import { DEFAULT_SPOT_CHECK_SETTINGS } from '../../lambdas/domain/governance/spot-checks.js';
import type { SpotRound } from '../../lambdas/ports/spot-checks.js';
import { postSpotCheckResult } from '../../lambdas/usecases/spot-checks.js';
import { ManualClock } from '../../local/clock.js';
import type { Platform } from '../../local/platform.js';
import { testPlatform } from '../support/platform.js';

const clock = new ManualClock('2026-11-20T01:00:00.000Z');
const names = {
  tableName: `t-monthly-${process.pid}-${Date.now()}`,
  bucket: `b-monthly-${process.pid}-${Date.now()}`,
};
let platform: Platform | undefined;
const runs: unknown[] = [];
afterAll(() => platform?.stop());

async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  for (let i = 0; i < 2400; i++) {
    const v = await read();
    if (ok(v)) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(
    `timed out waiting for ${what} (schedule runs: ${String(runs.slice(-3).map((r) => JSON.stringify(r, Object.getOwnPropertyNames(r)).slice(0, 400)))})`,
  );
}

const round = (p: Platform, id: string) =>
  until(
    `round ${id} booked`,
    () => p.container.spotChecks.getRound(id),
    (r) => (r?.bookings ?? 0) > 0,
  ).then((r) => r as SpotRound);

describe('the monthly spot-check round, locally', () => {
  it("starts each month's round once, under the settings current then", async () => {
    // Sellers first, on a platform without schedules; then the platform that runs them.
    const seeding = await testPlatform({ ...names, clock });
    await seedSellers(seeding.container, 3, 2);
    await seeding.stop();
    platform = await testPlatform({
      ...names,
      clock,
      schedules: { everyMs: 50, onRun: (o) => runs.push(o) },
    });
    const c = platform.container;

    const november = await round(platform, 'monthly-2026-11');
    expect(november).toMatchObject({
      startedBy: 'schedule:monthly',
      rulesVersion: bundledRules.version,
      settingsVersion: DEFAULT_SPOT_CHECK_SETTINGS.version,
      sampleSize: 50,
      seed: 'monthly-2026-11',
      bookings: 6,
    });

    // Ops publish spot-check settings of their own: the next round runs under them.
    const rules = structuredClone(bundledRules);
    rules.version = '2026-11-25-spot';
    rules.spotChecks = {
      version: 'spot-checks-test',
      sampleSize: 2,
      resultWorkingDays: 3,
      safetyFindings: ['FORMALDEHYDE'],
    };
    await c.rulesConfig.publish(rules, 'ops:test');
    await new Promise((r) => setTimeout(r, 300));
    expect((await c.spotChecks.listRounds(10)).map((r) => r.roundId)).toEqual(['monthly-2026-11']);

    // 08:59 China time on the 1st: not yet. 09:00: December's round.
    clock.advanceTo('2026-12-01T00:59:00.000Z');
    await new Promise((r) => setTimeout(r, 300));
    expect(await c.spotChecks.getRound('monthly-2026-12')).toBeNull();
    clock.advanceTo('2026-12-01T01:00:00.000Z');
    const december = await round(platform, 'monthly-2026-12');
    expect(december).toMatchObject({
      rulesVersion: '2026-11-25-spot',
      settingsVersion: 'spot-checks-test',
      sampleSize: 2,
      date: '2026-12-01',
      bookings: 2,
    });
    const booked = await until(
      'both booked',
      () => c.spotChecks.listBookings('monthly-2026-12'),
      (bs) => bs.length === 2 && bs.every((b) => b.dueAt),
    );
    for (const b of booked) expect(b.dueAt).toBe(addChinaWorkingDays(b.bookedAt as string, 3));

    // A restart while it runs: re-driven, and the schedule's next look starts nothing new.
    platform = await platform.restart();
    await new Promise((r) => setTimeout(r, 300));
    const after = platform.container;
    expect((await after.spotChecks.listRounds(10)).map((r) => r.roundId)).toEqual([
      'monthly-2026-12',
      'monthly-2026-11',
    ]);
    expect(await after.spotChecks.getRound('monthly-2026-12')).toMatchObject({
      startedAt: december.startedAt,
      bookings: 2,
    });

    // EN 71-3 is not in this version's safety list: its failure is a minor violation.
    const [first, second] = booked;
    for (const [b, findings] of [
      [first, ['EN71_3']],
      [second, []],
    ] as const) {
      if (!b) throw new Error('two bookings expected');
      await until('the wait open', () => after.spotChecks.getToken(b.roundId, b.bookingNo), Boolean);
      await postSpotCheckResult(after, b.labId as string, b, {
        passed: findings.length === 0,
        findings: [...findings],
        postedBy: 'lab:test',
      });
    }
    await until(
      'December done',
      () => after.spotChecks.getRound('monthly-2026-12'),
      (r) => r?.status === 'DONE',
    );
    const violations = (await after.governanceEvents.forUscc(first?.uscc as string)).filter(
      (e): e is ViolationEvent => e.type === 'violation',
    );
    expect(violations.map((v) => [v.skus, v.severity])).toEqual([[[first?.sku], 'minor']]);
  }, 300_000);
});
