/**
 * Deadlines of the human steps, from the run's clock (never the wall clock). Review SLA counts
 * China working days; the signature and appeal windows count calendar days.
 */
import { addChinaWorkingDays } from './calendar.js';
import type { RuleSettings } from './settings.js';

const DAY_MS = 86_400_000;

function addCalendarDays(instantIso: string, days: number): string {
  const ms = Date.parse(instantIso);
  if (Number.isNaN(ms)) throw new RangeError(`Not an ISO instant: ${JSON.stringify(instantIso)}`);
  return new Date(ms + days * DAY_MS).toISOString();
}

/** A reviewer task raised at `raisedAt` is due this many China working days later. */
export function reviewDueAt(raisedAt: string, settings: RuleSettings): string {
  return addChinaWorkingDays(raisedAt, settings.review.slaWorkingDays);
}

/** The agreement sent at `sentAt` must be signed by this instant. */
export function signatureDueAt(sentAt: string, settings: RuleSettings): string {
  return addCalendarDays(sentAt, settings.agreement.signatureDays);
}

/** A rejection issued at `rejectedAt` may be appealed until this instant. */
export function appealDueAt(rejectedAt: string, settings: RuleSettings): string {
  return addCalendarDays(rejectedAt, settings.appeal.windowDays);
}

/** True once `now` is strictly after `dueAt`. */
export function isPast(dueAt: string, now: string): boolean {
  return Date.parse(now) > Date.parse(dueAt);
}
