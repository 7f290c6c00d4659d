/**
 * One order line into one statement line (SPEC "Statements"): fees per line, rounded half to
 * even; a refund's fees on its own negative amount; a vas line is a fee, not gross.
 */
import { civil, formatDay } from './days.js';
import { mulRate, parseRate, type Rate } from './money.js';
import { KIND_VAS } from './order.js';

export interface FeeSchedule {
  applicationId: string;
  commissionRate: string;
  fulfilmentRate: string;
  settlementTermDays: number;
}

/** A schedule ready for arithmetic. */
export interface FeeTerms {
  schedule: FeeSchedule;
  commission: Rate;
  fulfilment: Rate;
  termDays: number;
}

export function feeTerms(schedule: FeeSchedule): FeeTerms {
  return {
    schedule,
    commission: parseRate(schedule.commissionRate),
    fulfilment: parseRate(schedule.fulfilmentRate),
    termDays: schedule.settlementTermDays,
  };
}

export interface StatementLine {
  amountMinor: number;
  commissionMinor: number;
  fulfilmentMinor: number;
  vasMinor: number;
  netMinor: number;
}

/** The money of one line; `out` is reused on the hot path. */
export function settleLine(kind: number, amount: number, terms: FeeTerms, out: StatementLine): StatementLine {
  if (kind === KIND_VAS) {
    out.amountMinor = 0;
    out.commissionMinor = 0;
    out.fulfilmentMinor = 0;
    out.vasMinor = amount;
    out.netMinor = -amount;
  } else {
    const c = mulRate(amount, terms.commission);
    const f = mulRate(amount, terms.fulfilment);
    out.amountMinor = amount;
    out.commissionMinor = c;
    out.fulfilmentMinor = f;
    out.vasMinor = 0;
    out.netMinor = amount - c - f;
  }
  return out;
}

/** Transaction day + the seller's term, as YYYY-MM-DD. */
export function settlementDate(transactionDay: number, terms: FeeTerms): string {
  return formatDay(transactionDay + terms.termDays);
}

/** The period (YYYY-MM) a transaction day settles in. */
export function settlementPeriod(transactionDay: number, terms: FeeTerms): string {
  const { y, m } = civil(transactionDay + terms.termDays);
  return `${y}-${m < 10 ? `0${m}` : m}`;
}
