/**
 * A seller's standing at an as-of date (SPEC "After admission"): tier, delisted SKUs, health
 * score, at-risk and settlement term, from the seller's admission and its violations. Pure: the
 * same function serves `governance`, `statements` (tier on the period's last day) and the platform.
 *
 * Two windows, on purpose: BANNED counts every violation since admission (any age); RESTRICTED,
 * WARNED, the health score and violationsCounted look only at the 12 months before the as-of date
 * (both ends included, SPEC "Dates"). Violations before the admission date never count: the
 * admission checks weighed them.
 */
import { addDays, monthsBefore } from '../dates.js';
import type { Severity } from './events.js';
import type { GovernanceSettings } from './settings.js';

export const TIERS = ['GOOD', 'WARNED', 'RESTRICTED', 'BANNED'] as const;
export type Tier = (typeof TIERS)[number];

/** What standing needs of an admission. */
export interface SellerAdmission {
  date: string;
  skus: readonly string[];
}

/** A violation with what happened to it since: the fix confirmed, an upheld appeal. */
export interface GovernedViolation {
  date: string;
  severity: Severity;
  impact?: 'egregious' | undefined;
  skus?: readonly string[] | undefined;
  /** The first day the seller's fix was confirmed, if it was. */
  fixedOn?: string | null | undefined;
  /** The day an upheld appeal voided it. */
  voidedOn?: string | null | undefined;
}

export interface DelistedSku {
  sku: string;
  /** The first day it may be listed again; null while it waits for the fix, or for ever (ban). */
  until: string | null;
}

export interface Standing {
  tier: Tier;
  healthScore: number;
  atRisk: boolean;
  delistedSkus: DelistedSku[];
  settlementTermDays: number;
  violationsCounted: number;
}

/** [from, to] of the window before the as-of date, both ends included. */
export function governanceWindow(asOf: string, settings: GovernanceSettings): { from: string; to: string } {
  return { from: monthsBefore(asOf, settings.windowMonths), to: asOf };
}

const happenedBy = (day: string | null | undefined, asOf: string): day is string =>
  day != null && day <= asOf;

/** Violations that count at the as-of date: since admission, not after as-of, not voided by then. */
export function countingViolations<V extends GovernedViolation>(
  admission: SellerAdmission,
  violations: readonly V[],
  asOf: string,
): V[] {
  return violations.filter(
    (v) => v.date >= admission.date && v.date <= asOf && !happenedBy(v.voidedOn, asOf),
  );
}

/** The deduction a violation costs the health score: egregious replaces its severity's. */
export function deduction(
  v: Pick<GovernedViolation, 'severity' | 'impact'>,
  settings: GovernanceSettings,
): number {
  return v.impact === 'egregious' ? settings.deductions.egregious : settings.deductions[v.severity];
}

export function tierOf(
  sinceAdmission: readonly GovernedViolation[],
  inWindow: readonly GovernedViolation[],
  settings: GovernanceSettings,
): Tier {
  if (sinceAdmission.length >= settings.banThreshold || sinceAdmission.some((v) => v.impact === 'egregious'))
    return 'BANNED';
  if (inWindow.length >= 2 || inWindow.some((v) => v.severity === 'serious')) return 'RESTRICTED';
  if (inWindow.length === 1) return 'WARNED';
  return 'GOOD';
}

/** null wins, else the later day. */
function laterUntil(a: string | null, b: string | null): string | null {
  if (a === null || b === null) return null;
  return a > b ? a : b;
}

/**
 * The SKUs delisted under a tier: BANNED every SKU of the admission for ever; RESTRICTED the SKUs
 * of the window's violations until violation + 30 days once fixed; WARNED the SKUs of the one
 * violation until the day its fix was confirmed. Sorted by SKU, each once.
 */
export function delistings(
  tier: Tier,
  admission: SellerAdmission,
  inWindow: readonly GovernedViolation[],
  asOf: string,
  settings: GovernanceSettings,
): DelistedSku[] {
  const until = new Map<string, string | null>();
  if (tier === 'BANNED') {
    for (const sku of admission.skus) until.set(sku, null);
  } else if (tier !== 'GOOD') {
    for (const v of inWindow) {
      const fixed = happenedBy(v.fixedOn, asOf);
      const day = !fixed
        ? null
        : tier === 'RESTRICTED'
          ? addDays(v.date, settings.restrictedRelistDays)
          : (v.fixedOn as string);
      for (const sku of v.skus ?? [])
        until.set(sku, until.has(sku) ? laterUntil(until.get(sku) ?? null, day) : day);
    }
  }
  return [...until.keys()].sort().map((sku) => ({ sku, until: until.get(sku) ?? null }));
}

export function standing(
  admission: SellerAdmission,
  violations: readonly GovernedViolation[],
  asOf: string,
  settings: GovernanceSettings,
): Standing {
  const since = countingViolations(admission, violations, asOf);
  const { from } = governanceWindow(asOf, settings);
  const inWindow = since.filter((v) => v.date >= from);
  const tier = tierOf(since, inWindow, settings);
  let deducted = 0;
  for (const v of inWindow) deducted += deduction(v, settings);
  const healthScore = Math.max(0, 100 - deducted);
  return {
    tier,
    healthScore,
    atRisk: healthScore < settings.atRiskBelow,
    delistedSkus: delistings(tier, admission, inWindow, asOf, settings),
    settlementTermDays:
      settings.settlementTermDays + (tier === 'BANNED' ? settings.bannedExtraSettlementDays : 0),
    violationsCounted: inWindow.length,
  };
}
