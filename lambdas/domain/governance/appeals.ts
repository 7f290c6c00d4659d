/**
 * Appeals of a violation (SPEC): once, within 14 days (*setting*) of the violation's date; upheld,
 * the violation is voided from the appeal's date; dismissed, nothing changes. "Once" is by date:
 * the earliest appeal is the one, every later one is refused.
 */
import { addDays } from '../dates.js';
import type { AppealOutcome } from './events.js';
import type { GovernanceSettings } from './settings.js';

export interface AppealLike {
  date: string;
  outcome: AppealOutcome;
}

export type AppealRefusal = { kind: 'late'; lastDay: string } | { kind: 'second'; first: string };

export interface AppealsDecided<A extends AppealLike> {
  /** The appeal that stands, if any. */
  accepted: A | null;
  refused: { appeal: A; refusal: AppealRefusal }[];
  /** The day the violation was voided (an upheld accepted appeal), else null. */
  voidedOn: string | null;
}

/** The last day an appeal of a violation dated `violationDate` is accepted. */
export function lastAppealDay(violationDate: string, settings: GovernanceSettings): string {
  return addDays(violationDate, settings.appealWindowDays);
}

/** Decides a violation's appeals, given in the order they were made (by date, then as recorded). */
export function decideAppeals<A extends AppealLike>(
  violationDate: string,
  appealsByDate: readonly A[],
  settings: GovernanceSettings,
): AppealsDecided<A> {
  const lastDay = lastAppealDay(violationDate, settings);
  const refused: AppealsDecided<A>['refused'] = [];
  let accepted: A | null = null;
  appealsByDate.forEach((appeal, i) => {
    if (appeal.date > lastDay) refused.push({ appeal, refusal: { kind: 'late', lastDay } });
    else if (i > 0)
      refused.push({ appeal, refusal: { kind: 'second', first: (appealsByDate[0] as A).date } });
    else accepted = appeal;
  });
  const stands = accepted as A | null;
  return { accepted: stands, refused, voidedOn: stands?.outcome === 'uphold' ? stands.date : null };
}
