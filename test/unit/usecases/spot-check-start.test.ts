import { describe, expect, it } from 'vitest';
import type { Container } from '../../../lambdas/adapters/container.js';
import { DEFAULT_SPOT_CHECK_SETTINGS } from '../../../lambdas/domain/governance/spot-checks.js';
import type { SpotRound } from '../../../lambdas/ports/spot-checks.js';
import { submittedRoundId } from '../../../lambdas/usecases/portal/spot-checks.js';
import { startMonthlyRound, startRound } from '../../../lambdas/usecases/spot-checks.js';

/** A round store that records once (its conditional put), a workflow that counts its starts. */
function fakes(now: string, stored?: Partial<SpotRound>) {
  const rounds = new Map<string, SpotRound>();
  if (stored?.roundId) rounds.set(stored.roundId, { ...(stored as SpotRound) });
  const starts: string[] = [];
  const c = {
    clock: { now: () => new Date(now) },
    rulesConfig: {
      current: async () => ({
        version: 'rules-7',
        settings: { spotChecks: { ...DEFAULT_SPOT_CHECK_SETTINGS, version: 'spot-7', sampleSize: 12 } },
      }),
    },
    spotChecks: {
      createRound: async (r: SpotRound) => {
        const kept = rounds.get(r.roundId) ?? r;
        rounds.set(r.roundId, kept);
        return kept;
      },
    },
    spotCheckWorkflow: { start: async (name: string) => void starts.push(name) },
  } as unknown as Container;
  return { c, rounds, starts };
}

describe('starting a spot-check round', () => {
  it.each([
    ['the 1st at 09:00 China time', '2026-12-01T01:00:00.000Z', 'monthly-2026-12'],
    ['the 1st at 08:59 China time: still November', '2026-12-01T00:59:00.000Z', 'monthly-2026-11'],
    ['New Year, 01:00 China time', '2026-12-31T17:00:00.000Z', 'monthly-2026-12'],
  ])('the schedule at %s starts %s, under the current rules version', async (_n, at, roundId) => {
    const { c, rounds, starts } = fakes(at);
    expect(await startMonthlyRound(c, at)).toEqual({ roundId, status: 'RUNNING' });
    expect(starts).toEqual([roundId]);
    expect(rounds.get(roundId)).toMatchObject({
      seed: roundId,
      sampleSize: 12,
      rulesVersion: 'rules-7',
      settingsVersion: 'spot-7',
      startedBy: 'schedule:monthly',
    });
  });

  it.each([
    ['RUNNING: its execution is started again by name (one execution per name)', 'RUNNING', 1],
    ['DONE: not run again', 'DONE', 0],
    ['CANCELLED: not run again', 'CANCELLED', 0],
  ] as const)('a round recorded already and %s', async (_n, status, started) => {
    const stored = {
      roundId: 'monthly-2026-12',
      status,
      startedAt: '2026-12-01T01:00:00.000Z',
      sampleSize: 50,
    };
    const { c, rounds, starts } = fakes('2026-12-09T01:00:00.000Z', stored);
    expect(await startMonthlyRound(c, '2026-12-09T01:00:00.000Z')).toEqual({
      roundId: 'monthly-2026-12',
      status,
    });
    expect(starts).toHaveLength(started);
    // The stored round wins: its start time and sample size are kept.
    expect(rounds.get('monthly-2026-12')).toMatchObject({ startedAt: stored.startedAt, sampleSize: 50 });
  });

  it('names an ops submission by its user and key: the same pair, the same round', async () => {
    const id = submittedRoundId('ops-sub', 'k-0001aaaa');
    expect(id).toMatch(/^spot-[0-9a-f]{20}$/);
    expect(submittedRoundId('ops-sub', 'k-0001aaaa')).toBe(id);
    expect(submittedRoundId('ops-sub', 'k-0001aaab')).not.toBe(id);
    expect(submittedRoundId('other-ops', 'k-0001aaaa')).not.toBe(id);
    const { c, starts } = fakes('2026-12-04T02:00:00.000Z');
    await startRound(c, { roundId: id, sampleSize: 3, startedBy: 'ops:a' });
    await startRound(c, { roundId: id, sampleSize: 9, startedBy: 'ops:a' });
    expect(starts).toEqual([id, id]);
  });
});
