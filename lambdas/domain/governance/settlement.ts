/**
 * The settlement term a statement uses (SPEC "Fee schedule and settlement"): the seller's own
 * term, or the extended one (T+75) while its governance tier is BANNED, the tier being read as of
 * the last day of the statement's period. The same standing as `governance`.
 */
import { daysInMonth, formatIsoDate, isIsoDate, parseIsoMonth } from '../dates.js';
import { DEFAULT_GOVERNANCE_SETTINGS, type GovernanceSettings } from './settings.js';
import { type GovernedViolation, type SellerAdmission, standing } from './standing.js';

/** The last day of a `YYYY-MM` period, or null when it is not one. */
export function lastDayOfPeriod(period: string): string | null {
  const m = parseIsoMonth(period);
  return m ? formatIsoDate({ ...m, day: daysInMonth(m.year, m.month) }) : null;
}

export interface TermSchedule {
  settlementTermDays: number;
  /** The banned seller's term, as the agreement states it; else term + the settings' extra days. */
  extendedSettlementTermDays?: number | undefined;
}

/**
 * The term on `asOf` for a seller admitted on `admission.date` with these violation records. A
 * record whose date is not a real day cannot be placed after the admission, so it does not count.
 */
export function governedSettlementTerm(
  schedule: TermSchedule,
  admission: SellerAdmission,
  violations: readonly GovernedViolation[],
  asOf: string,
  settings: GovernanceSettings = DEFAULT_GOVERNANCE_SETTINGS,
): number {
  const dated = violations.filter((v) => isIsoDate(v.date));
  const { tier } = standing(admission, dated, asOf, settings);
  if (tier !== 'BANNED') return schedule.settlementTermDays;
  return (
    schedule.extendedSettlementTermDays ?? schedule.settlementTermDays + settings.bannedExtraSettlementDays
  );
}
