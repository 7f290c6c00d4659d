/**
 * Run sizes for the property suite: small enough that every file together stays well under 20 s.
 * The seed is random locally (a failure prints it, and `FC_SEED=<n>` replays it) and fixed in CI,
 * so CI is reproducible while local runs keep exploring new cases.
 */
import type fc from 'fast-check';

const seedText = process.env.FC_SEED ?? (process.env.CI ? '20260801' : undefined);

export const fcOptions = (numRuns: number): fc.Parameters<unknown> => ({
  numRuns,
  ...(seedText !== undefined ? { seed: Number(seedText) } : {}),
});
