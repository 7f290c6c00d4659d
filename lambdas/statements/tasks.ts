/**
 * A run's statements from its segments' partial totals, and the shared counter its writing
 * threads take them off (outputs.ts `drainWrites`): one way to build both, for the run and its
 * tests. Light imports only: the run loads this before any PDF module.
 */
import { currencyCode } from '../domain/settlement/currency.js';
import type { FeeSchedule } from '../domain/settlement/settle.js';
import { Totals, type TotalsJson } from '../domain/settlement/totals.js';
import { keyApp, keyCurrency } from './context.js';
import type { StatementTask } from './outputs.js';

/** Adds a segment's partial totals (by statement key) into `into`: in any order, sums are exact. */
export function mergeTotals(into: Map<number, Totals>, partials: [number, TotalsJson][]): void {
  for (const [key, t] of partials) {
    const partial = Totals.fromJson(t);
    const mine = into.get(key);
    if (mine) mine.merge(partial);
    else into.set(key, partial);
  }
}

/** A task per statement (in the map's order): its seller's schedule and its summary. */
export function statementTasks(totals: Map<number, Totals>, schedules: FeeSchedule[]): StatementTask[] {
  return [...totals].map(([key, t]) => {
    const schedule = schedules[keyApp(key)] as FeeSchedule;
    return {
      key,
      schedule,
      summary: {
        applicationId: schedule.applicationId,
        currency: currencyCode(keyCurrency(key)),
        ...t.toJson(),
      },
    };
  });
}

/**
 * WriteJob.counter, as Int32 slots: the next statement whose JSON and CSV to write, the next whose
 * PDF to make, then a done flag per statement for its JSON and CSV, then one for its PDF.
 */
export const NEXT_DATA = 0;
export const NEXT_PDF = 1;
export const dataDone = (statement: number): number => 2 + statement;
export const pdfDone = (statements: number, statement: number): number => 2 + statements + statement;

export function writeCounter(statements: number): SharedArrayBuffer {
  return new SharedArrayBuffer(4 * (2 + 2 * statements));
}
