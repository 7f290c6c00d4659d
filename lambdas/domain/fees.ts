/**
 * Fee schedules (SPEC "Fee schedule and settlement"). The rules configuration holds every
 * schedule version with the day it takes effect; an agreement binds the version in force on its
 * issue day, and that bound schedule is what the seller signs and finance settles with. Rates stay
 * decimal strings from the configuration; nothing here touches money.
 */
import { compareIsoDates } from './dates.js';
import type { Category } from './model.js';
import { type FeeScheduleVersion, forCategory, type RuleSettings } from './settings.js';

/** The SPEC output shape (`feeSchedule` in the admit record): exactly these three fields. */
export interface FeeSchedule {
  commissionRate: string;
  fulfilmentRate: string;
  settlementTermDays: number;
}

/** A schedule bound to one seller's agreement: SPEC's three fields and where they came from. */
export interface BoundFeeSchedule extends FeeSchedule {
  /** The fee schedule version and the day it took effect. */
  version: string;
  effectiveFrom: string;
  /** The rules configuration version the schedule was read from (the application's pinned one). */
  rulesVersion: string;
  category: Category;
  /** Term after the seller reaches `extendedAfterViolations` violations once admitted. */
  extendedSettlementTermDays: number;
  extendedAfterViolations: number;
}

/** The version in force on a (China) date: the latest whose effectiveFrom is on or before it. */
export function scheduleInForce(settings: RuleSettings, onDate: string): FeeScheduleVersion | null {
  return (
    settings.fees.schedules
      .filter((s) => compareIsoDates(s.effectiveFrom, onDate) <= 0)
      .sort((a, b) => compareIsoDates(b.effectiveFrom, a.effectiveFrom))[0] ?? null
  );
}

/** The settlement term for a seller with this many violations on record. */
export function settlementTermDays(
  schedule: Pick<
    FeeScheduleVersion,
    'settlementTermDays' | 'extendedSettlementTermDays' | 'extendedAfterViolations'
  >,
  violationCount: number,
): number {
  return violationCount >= schedule.extendedAfterViolations
    ? schedule.extendedSettlementTermDays
    : schedule.settlementTermDays;
}

/**
 * The schedule an agreement issued on `onDate` binds for a category, or null when no version is
 * in force yet (a configuration gap: no agreement can be priced).
 */
export function bindFeeSchedule(
  category: Category,
  settings: RuleSettings,
  opts: { onDate: string; violationCount?: number },
): BoundFeeSchedule | null {
  const schedule = scheduleInForce(settings, opts.onDate);
  if (!schedule) return null;
  return {
    commissionRate: schedule.commissionRate,
    fulfilmentRate: forCategory(schedule.fulfilmentRate, category),
    settlementTermDays: settlementTermDays(schedule, opts.violationCount ?? 0),
    version: schedule.version,
    effectiveFrom: schedule.effectiveFrom,
    rulesVersion: settings.version,
    category,
    extendedSettlementTermDays: schedule.extendedSettlementTermDays,
    extendedAfterViolations: schedule.extendedAfterViolations,
  };
}

/** The SPEC three fields of a bound schedule (what the admit record shows). */
export function specFeeSchedule(s: FeeSchedule): FeeSchedule {
  return {
    commissionRate: s.commissionRate,
    fulfilmentRate: s.fulfilmentRate,
    settlementTermDays: s.settlementTermDays,
  };
}

/** "0.05" → "5%", "0.038" → "3.8%": exact, by moving the decimal point (no floats). */
export function formatPercent(rate: string): string {
  const [int = '0', frac = ''] = rate.split('.');
  const padded = frac.padEnd(2, '0');
  const whole = `${int}${padded.slice(0, 2)}`.replace(/^0+(?=\d)/, '');
  const rest = padded.slice(2).replace(/0+$/, '');
  return rest ? `${whole}.${rest}%` : `${whole}%`;
}
