/**
 * Step 4, the platform's penalty records.
 *
 * Which records are the seller's: those whose USCC equals the declared code OR the code read from
 * the licence (when it can be trusted). Both, because a seller who declares another company's
 * code is rejected by LICENCE_MISMATCH anyway, and the records of the company actually on the
 * licence must never be missed.
 *
 * A record whose date is not a real ISO date still counts toward the ban (any age) but never
 * falls in the 12-month window: we cannot place it.
 */
import { isIsoDate, isWithin, monthsBefore } from '../dates.js';
import type { Application, Reason } from '../model.js';
import { reason } from '../reasons.js';
import type { RuleSettings } from '../settings.js';
import { normaliseCode } from './fields.js';

export interface Violation {
  uscc: string;
  date: string; // YYYY-MM-DD
  severity: 'minor' | 'serious';
  type?: string;
  note?: string;
}

/** The records held against any of the given codes (compared after normalising). */
export function violationsOf(violations: Violation[], usccs: (string | null | undefined)[]): Violation[] {
  const codes = new Set(usccs.filter((c): c is string => !!c).map(normaliseCode));
  return violations.filter((v) => codes.has(normaliseCode(v.uscc)));
}

export function violationRules(
  app: Application,
  violations: Violation[],
  settings: RuleSettings,
  readUscc: string | null = null,
): Reason[] {
  const { windowMonths, banThreshold } = settings.violations;
  const records = violationsOf(violations, [app.seller.uscc, readUscc]);
  const from = monthsBefore(app.applicationDate, windowMonths);
  const inWindow = records.filter((v) => isIsoDate(v.date) && isWithin(v.date, from, app.applicationDate));
  const window = { from, applicationDate: app.applicationDate, months: windowMonths };
  const reasons: Reason[] = [];

  const serious = inWindow.filter((v) => v.severity === 'serious');
  if (serious.length > 0) {
    const dates = [...new Set(serious.map((v) => v.date))].sort();
    reasons.push(reason('SERIOUS_VIOLATION_12M', { ...window, dates }));
  }
  if (records.length >= banThreshold) {
    reasons.push(reason('PERMANENTLY_BANNED', { count: records.length, threshold: banThreshold }));
  }
  const minor = inWindow.filter((v) => v.severity === 'minor');
  if (minor.length >= 1 && minor.length < banThreshold) {
    reasons.push(reason('MINOR_VIOLATIONS', { ...window, count: minor.length }));
  }
  return reasons;
}
