import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SPOT_CHECK_SETTINGS,
  labInTurn,
  pickSpotChecks,
  riskWeight,
  type SpotCandidate,
  seededRandom,
  spotCheckSettingsSchema,
} from '../../../../lambdas/domain/governance/spot-checks.js';

const cand = (uscc: string, sku: string, healthScore: number): SpotCandidate => ({
  uscc,
  applicationId: `app-${uscc}`,
  sku,
  healthScore,
});

describe('riskWeight', () => {
  it.each([
    [100, 1],
    [85, 16],
    [84, 17],
    [0, 101],
    [-5, 101],
    [130, 1],
  ])('score %d weighs %d', (score, weight) => {
    expect(riskWeight(score)).toBe(weight);
  });
});

describe('pickSpotChecks', () => {
  const pool = [cand('A', 's1', 100), cand('B', 's1', 60), cand('C', 's1', 90), cand('C', 's2', 90)];

  it.each([
    ['sample 0 picks nothing', 0, 0],
    ['sample 1 picks one', 1, 1],
    ['sample equal to the pool picks all', 4, 4],
    ['sample above the pool picks all, once each', 9, 4],
  ])('%s', (_name, size, count) => {
    const picks = pickSpotChecks(pool, size, 'seed');
    expect(picks).toHaveLength(count);
    expect(picks.map((p) => p.index)).toEqual([...Array(count).keys()]);
    expect(new Set(picks.map((p) => `${p.uscc}/${p.sku}`)).size).toBe(count);
  });

  it('is reproducible from the seed, whatever order the candidates came in', () => {
    const a = pickSpotChecks(pool, 2, 'round-7');
    const b = pickSpotChecks([...pool].reverse(), 2, 'round-7');
    expect(b).toEqual(a);
  });

  it('a SKU listed twice is one candidate', () => {
    expect(pickSpotChecks([cand('A', 's1', 90), cand('A', 's1', 90)], 5, 'x')).toHaveLength(1);
  });

  it('a lower score is likelier: over many seeds the at-risk seller is picked more often', () => {
    const two = [cand('LOW', 'x', 20), cand('HIGH', 'x', 100)];
    let low = 0;
    for (let i = 0; i < 2000; i++) if (pickSpotChecks(two, 1, `s${i}`)[0]?.uscc === 'LOW') low++;
    // Weights 81 : 1, so LOW wins about 81/82 of draws.
    expect(low / 2000).toBeGreaterThan(0.95);
    expect(low).toBeLessThan(2000);
  });
});

describe('labInTurn', () => {
  it.each<[number, string[], string | null]>([
    [0, ['lab-b', 'lab-a'], 'lab-a'],
    [1, ['lab-b', 'lab-a'], 'lab-b'],
    [2, ['lab-b', 'lab-a'], 'lab-a'],
    [5, ['lab-a'], 'lab-a'],
    [0, [], null],
  ])('booking %d among %j goes to %s', (index, labs, lab) => {
    expect(labInTurn(index, labs)).toBe(lab);
  });
});

describe('seededRandom and settings', () => {
  it('the same seed gives the same numbers in [0, 1)', () => {
    const a = seededRandom('s');
    const b = seededRandom('s');
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(seededRandom('t')()).not.toBe(xs[0]);
  });

  it('the defaults parse; a sample size of 0 does not', () => {
    expect(spotCheckSettingsSchema.parse(DEFAULT_SPOT_CHECK_SETTINGS)).toEqual(DEFAULT_SPOT_CHECK_SETTINGS);
    expect(() => spotCheckSettingsSchema.parse({ ...DEFAULT_SPOT_CHECK_SETTINGS, sampleSize: 0 })).toThrow();
  });
});
