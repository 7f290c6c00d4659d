/**
 * What every thread of a statement run needs, built from plain data (so a worker thread or a
 * Lambda builds the same from the same message): the sellers' terms and, per seller, the range of
 * transaction days that settle in the period.
 */
import { CURRENCY_COUNT } from '../domain/settlement/currency.js';
import { periodDays } from '../domain/settlement/days.js';
import { type FeeSchedule, type FeeTerms, feeTerms } from '../domain/settlement/settle.js';
import { ByteMap } from './byte-map.js';

export interface RunParams {
  period: string;
  schedules: FeeSchedule[];
}

export interface ScanContext {
  params: RunParams;
  apps: ByteMap;
  terms: FeeTerms[];
  /** Per seller: first and last transaction day whose settlement day falls in the period. */
  firstDay: Int32Array;
  lastDay: Int32Array;
}

export function scanContext(params: RunParams): ScanContext {
  const days = periodDays(params.period);
  if (!days) throw new RangeError(`not a period YYYY-MM: ${params.period}`);
  const terms = params.schedules.map(feeTerms);
  return {
    params,
    apps: new ByteMap(params.schedules.map((s) => s.applicationId)),
    terms,
    firstDay: Int32Array.from(terms, (t) => days.first - t.termDays),
    lastDay: Int32Array.from(terms, (t) => days.last - t.termDays),
  };
}

/** One statement: seller index × currency index. */
export const statementKey = (app: number, currency: number) => app * CURRENCY_COUNT + currency;
export const keyApp = (key: number) => Math.floor(key / CURRENCY_COUNT);
export const keyCurrency = (key: number) => key % CURRENCY_COUNT;
