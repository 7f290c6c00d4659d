/**
 * What one application adds to the funnel, as counters: the single definition of every figure.
 * The funnel is a sum of these (over summaries in memory, or over roll-ups that kept the sum as
 * the decisions were recorded), so both ways give the same numbers by construction.
 *
 * Counter keys (no key contains a second '|' inside its name part):
 *   n|<figure>           1: the application counts in the figure (once, however many spans)
 *   h|<series>|<ticks>   how many durations of the series fell in that bucket (histograms)
 *   d|<status>|<date>    +1 / −1: entered / left the status at the end of that China day
 *   t|<figure>|<instant> 1: the application counts in the figure once `instant` has passed
 *                        (open work past a deadline: judged against the request's asOf)
 */
import { fromDayNumber } from '../dates.js';
import type { FunnelSummary, Stage, StageSpan } from './summary.js';
import { chinaDayNumber, workingDaysBetween } from './working-days.js';

export type Counters = Map<string, number>;
export type DurationUnit = 'working_days' | 'days' | 'minutes';

export const STAGE_UNIT: Record<Stage, DurationUnit> = {
  checks: 'minutes',
  review_checks: 'working_days',
  samples: 'working_days',
  review_lab: 'working_days',
  signature: 'days',
  activation: 'minutes',
  appeal: 'working_days',
};

/**
 * The resolution durations are kept at, as ticks of the unit: working days are whole already;
 * calendar days go by the started hour (1/24) and minutes by the started minute. Percentiles over
 * the buckets are then exact at that resolution (an observed duration, rounded up to a tick).
 */
export const TICKS_PER_UNIT: Record<DurationUnit, number> = { working_days: 1, days: 24, minutes: 1 };

export const REVIEW_STAGES: readonly Stage[] = ['review_checks', 'review_lab', 'appeal'];
export const LAB_SERIES = 'lab';
/** The figures judged against asOf (open work past its deadline). */
export const OPEN_PAST_SLA = 'sla:openPastSla';
export const LAB_OVERDUE = 'lab:overdueOpen';

/** A duration in ticks of its unit (see TICKS_PER_UNIT). */
export function durationTicks(unit: DurationUnit, from: string, to: string): number {
  if (unit === 'working_days') return workingDaysBetween(from, to);
  const ms = Date.parse(to) - Date.parse(from);
  return Math.max(0, Math.ceil(unit === 'days' ? ms / 3_600_000 : ms / 60_000));
}

const bump = (c: Counters, key: string, by = 1) => c.set(key, (c.get(key) ?? 0) + by);

function spanFigures(span: StageSpan, figures: Set<string>, c: Counters): void {
  const base = `stage:${span.stage}`;
  figures.add(`${base}:entered`);
  if (!span.endedAt || !span.outcome) {
    figures.add(`${base}:open`);
    return;
  }
  figures.add(
    `${base}:${{ pass: 'passed', flag: 'flagged', reject: 'rejected', expired: 'expired' }[span.outcome]}`,
  );
  bump(c, `h|${span.stage}|${durationTicks(STAGE_UNIT[span.stage], span.startedAt, span.endedAt)}`);
}

/** Status changes as end-of-day deltas: a status entered and left on one China day never shows. */
function statusDeltas(s: FunnelSummary, c: Counters): void {
  for (const [i, h] of s.history.entries()) {
    const next = s.history[i + 1];
    const start = chinaDayNumber(h.at);
    const end = next ? chinaDayNumber(next.at) : undefined;
    if (end === start) continue;
    bump(c, `d|${h.status}|${fromDayNumber(start)}`);
    if (end !== undefined) bump(c, `d|${h.status}|${fromDayNumber(end)}`, -1);
  }
}

const earliestOf = (xs: string[]): string | undefined =>
  xs.length === 0 ? undefined : xs.reduce((a, b) => (Date.parse(b) < Date.parse(a) ? b : a));

/** Every counter one application adds to the funnel (see the key scheme above). */
export function contributions(s: FunnelSummary): Counters {
  const c: Counters = new Map();
  const figures = new Set<string>(['submitted', `status:${s.status}`]);
  if (s.status === 'ADMITTED' || s.status === 'REJECTED') {
    figures.add('decided');
    figures.add(s.status === 'ADMITTED' ? 'admitted' : 'rejected');
  }
  statusDeltas(s, c);
  for (const span of s.stages) spanFigures(span, figures, c);
  const openDues: string[] = [];
  for (const span of s.stages) {
    if (!REVIEW_STAGES.includes(span.stage) || !span.dueAt) continue;
    if (span.endedAt && span.outcome !== 'expired') {
      figures.add('sla:decided');
      figures.add(span.endedAt <= span.dueAt ? 'sla:onTime' : 'sla:late');
    } else if (!span.endedAt) openDues.push(span.dueAt);
  }
  for (const r of s.reasons) {
    figures.add(`reason:${r.code}:${r.outcome}`);
    figures.add(`reason:${r.code}:${r.outcome}:${r.resolution ?? 'open'}`);
  }
  const labDues: string[] = [];
  for (const b of s.bookings) {
    if (b.postedAt) {
      figures.add('lab:results');
      bump(c, `h|${LAB_SERIES}|${workingDaysBetween(b.bookedAt, b.postedAt)}`);
      if (b.postedAt > b.dueAt) figures.add('lab:late');
    } else labDues.push(b.dueAt);
  }
  if (s.agreementExpired) figures.add('agreementsExpired');
  for (const span of s.stages) {
    if (span.stage !== 'appeal') continue;
    figures.add('appeals:filed');
    figures.add(
      span.outcome === 'pass' ? 'appeals:upheld' : span.outcome ? 'appeals:dismissed' : 'appeals:pending',
    );
  }
  for (const f of figures) c.set(`n|${f}`, 1);
  // Past due once the earliest open deadline has passed: one instant per application and figure.
  const sla = earliestOf(openDues);
  if (sla) c.set(`t|${OPEN_PAST_SLA}|${sla}`, 1);
  const lab = earliestOf(labDues);
  if (lab) c.set(`t|${LAB_OVERDUE}|${lab}`, 1);
  return c;
}

/** The figures an application counts in as of `asOf` (a listing's test of membership). */
export function figuresOf(s: FunnelSummary, asOf: string): Set<string> {
  const asOfMs = Date.parse(asOf);
  const out = new Set<string>();
  for (const key of contributions(s).keys()) {
    if (key.startsWith('n|')) out.add(key.slice(2));
    else if (key.startsWith('t|')) {
      const cut = key.lastIndexOf('|');
      if (Date.parse(key.slice(cut + 1)) < asOfMs) out.add(key.slice(2, cut));
    }
  }
  return out;
}

/** Adds `from` × sign into `into` (dropping counters that come to 0). */
export function addCounters(into: Counters, from: Counters, sign = 1): Counters {
  for (const [k, v] of from) {
    const next = (into.get(k) ?? 0) + sign * v;
    if (next === 0) into.delete(k);
    else into.set(k, next);
  }
  return into;
}

/** What replacing `previous` by `next` changes in the counters (empty when nothing). */
export function contributionDelta(previous: FunnelSummary | undefined, next: FunnelSummary): Counters {
  const delta = contributions(next);
  if (previous) addCounters(delta, contributions(previous), -1);
  return delta;
}
