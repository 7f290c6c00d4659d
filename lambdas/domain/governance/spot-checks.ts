/**
 * Spot checks (神买抽检, SPEC "After admission"): which SKUs a round picks and which lab books each.
 * Pure and seeded: the same candidates, sample size and seed always give the same picks, so a
 * round re-driven after a restart books exactly what it booked before.
 */
import * as z from 'zod';

/**
 * The error a cancelled booking's wait is ended with (SendTaskFailure): its Map iteration catches
 * it by this name (lib/spot-checks.ts) and ends the booking with no result and no violation.
 */
export const SPOT_CHECK_CANCELLED = 'SpotCheckCancelled';

/** A round's pick is kept in one item: this many SKUs at most. */
export const MAX_SAMPLE_SIZE = 2_000;

/**
 * The *settings* a round runs under, a section (`spotChecks`) of the versioned rules
 * configuration (lambdas/domain/settings.ts): a round records the rules version it started under
 * and every step of it reads that version, so a version published mid-round changes the next round.
 */
export const spotCheckSettingsSchema = z.strictObject({
  version: z.string().min(1).max(64),
  /** SKUs a round picks unless ops ask for another number. */
  sampleSize: z.number().int().positive().max(MAX_SAMPLE_SIZE),
  /** Working days (China calendar) a lab has for a result before it is flagged overdue. */
  resultWorkingDays: z.number().int().positive().max(60),
  /** A failed check with any of these findings records a serious violation, else a minor one. */
  safetyFindings: z.array(z.string().min(1).max(64)).max(100),
});

export type SpotCheckSettings = z.infer<typeof spotCheckSettingsSchema>;

export const DEFAULT_SPOT_CHECK_SETTINGS: SpotCheckSettings = Object.freeze({
  version: 'spot-checks-2026-12-04',
  sampleSize: 50,
  resultWorkingDays: 7,
  safetyFindings: Object.freeze([
    'UN38_3',
    'FORMALDEHYDE',
    'EN71_3',
    'ELECTRICAL_SAFETY',
  ]) as unknown as string[],
});

export interface SpotCandidate {
  uscc: string;
  applicationId: string;
  sku: string;
  /** The seller's health score (0–100) at the round's date. */
  healthScore: number;
}

export interface SpotPick extends SpotCandidate {
  /** Position in the round, 0-based: the booking's number and its turn among the labs. */
  index: number;
}

/** Lower score, likelier pick: 100 weighs 1, 0 weighs 101 (a healthy seller is still checked). */
export function riskWeight(healthScore: number): number {
  const score = Math.min(100, Math.max(0, Math.round(healthScore)));
  return 101 - score;
}

/** FNV-1a of the seed string into mulberry32: a small, well-known, reproducible generator. */
export function seededRandom(seed: string): () => number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  let state = h >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const byKey = (a: SpotCandidate, b: SpotCandidate) =>
  a.uscc.localeCompare(b.uscc) || a.sku.localeCompare(b.sku);

/**
 * Weighted sampling without replacement (Efraimidis–Spirakis: each candidate's key is
 * ln(u) / weight, the largest keys win). Candidates are put in (uscc, sku) order first, so the
 * order they were read in does not change the pick; a SKU listed twice is one candidate.
 */
export function pickSpotChecks(
  candidates: readonly SpotCandidate[],
  sampleSize: number,
  seed: string,
): SpotPick[] {
  const unique = new Map<string, SpotCandidate>();
  for (const c of [...candidates].sort(byKey)) {
    const key = `${c.uscc}\u0000${c.sku}`;
    if (!unique.has(key)) unique.set(key, c);
  }
  const random = seededRandom(seed);
  const keyed = [...unique.values()].map((c, order) => {
    // 1 - random() is in (0, 1]: ln never sees 0.
    const u = 1 - random();
    return { c, order, key: Math.log(u) / riskWeight(c.healthScore) };
  });
  keyed.sort((a, b) => b.key - a.key || a.order - b.order);
  return keyed.slice(0, Math.max(0, Math.floor(sampleSize))).map(({ c }, index) => ({ ...c, index }));
}

/** The lab of the booking at `index`: eligible labs in turn, in labId order. */
export function labInTurn(index: number, eligibleLabIds: readonly string[]): string | null {
  const labs = [...eligibleLabIds].sort();
  return labs.length === 0 ? null : (labs[index % labs.length] as string);
}
