/**
 * The fee schedule of an admitted seller (SPEC "Fee schedule and settlement"): rates stay decimal
 * strings from the rules configuration; nothing here touches money.
 */
import type { Category } from './model.js';
import { forCategory, type RuleSettings } from './settings.js';

export interface FeeSchedule {
  commissionRate: string;
  fulfilmentRate: string;
  settlementTermDays: number;
}

/** The schedule for a category; the settlement term extends once the seller reaches the violation count. */
export function feeScheduleFor(
  category: Category,
  settings: RuleSettings,
  opts: { violationCount?: number } = {},
): FeeSchedule {
  const fees = settings.fees;
  const extended = (opts.violationCount ?? 0) >= fees.extendedAfterViolations;
  return {
    commissionRate: fees.commissionRate,
    fulfilmentRate: forCategory(fees.fulfilmentRate, category),
    settlementTermDays: extended ? fees.extendedSettlementTermDays : fees.settlementTermDays,
  };
}
