/**
 * The funnel: business figures over the summaries of the applications submitted in a period
 * (China dates, both ends inclusive), optionally of one category. Every figure carries the ids of
 * the applications behind it, so a number on a page links to its applications.
 */
import { fromDayNumber, toDayNumber } from '../dates.js';
import { percentile } from './percentile.js';
import { type FunnelSummary, STAGES, type Stage, type StageSpan } from './summary.js';
import { chinaDayNumber, workingDaysBetween } from './working-days.js';

export interface FunnelFilter {
  /** First and last China date of submission, inclusive. */
  from: string;
  to: string;
  category?: string;
}

/** A count and the applications behind it. */
export interface Count {
  n: number;
  ids: string[];
}

export type DurationUnit = 'working_days' | 'days' | 'minutes';

export interface Durations {
  unit: DurationUnit;
  n: number;
  p50: number | null;
  p95: number | null;
}

export interface StageFigures {
  stage: Stage;
  entered: Count;
  passed: Count;
  flagged: Count;
  rejected: Count;
  expired: Count;
  open: Count;
  /** passed / ended (null when none ended). */
  passRate: number | null;
  duration: Durations;
}

export interface ReasonFigures {
  code: string;
  outcome: 'reject' | 'flag';
  raised: Count;
  /** By how the reason was settled; `open` when it was not (yet). */
  byResolution: Record<string, Count>;
}

export interface Funnel {
  filter: FunnelFilter;
  asOf: string;
  /** Percentile method of every p50/p95 here. */
  percentileMethod: 'nearest-rank';
  submitted: Count;
  byStatus: Record<string, Count>;
  /** Per day of the period (up to asOf): applications in each status at the end of that China day. */
  statusByDay: { day: string; counts: Record<string, number> }[];
  overall: { decided: Count; admitted: Count; rejected: Count; passRate: number | null };
  stages: StageFigures[];
  reasons: ReasonFigures[];
  reviewerSla: {
    decided: Count;
    onTime: Count;
    late: Count;
    openPastSla: Count;
    compliance: number | null;
  };
  lab: {
    results: Count;
    turnaround: Durations;
    late: Count;
    overdueOpen: Count;
  };
  agreementsExpired: Count;
  appeals: { filed: Count; upheld: Count; dismissed: Count; pending: Count };
}

export const STAGE_UNIT: Record<Stage, DurationUnit> = {
  checks: 'minutes',
  review_checks: 'working_days',
  samples: 'working_days',
  review_lab: 'working_days',
  signature: 'days',
  activation: 'minutes',
  appeal: 'working_days',
};

const REVIEW_STAGES: readonly Stage[] = ['review_checks', 'review_lab', 'appeal'];

const count = (): Count => ({ n: 0, ids: [] });
/** The count under `key`, made on first use. */
function slot(counts: Record<string, Count>, key: string): Count {
  counts[key] ??= count();
  return counts[key];
}
function add(c: Count, id: string): void {
  // An application counts once per figure (a second review round is the same application).
  if (c.ids[c.ids.length - 1] === id) return;
  c.n++;
  c.ids.push(id);
}

export function duration(unit: DurationUnit, from: string, to: string): number {
  if (unit === 'working_days') return workingDaysBetween(from, to);
  const ms = Date.parse(to) - Date.parse(from);
  return unit === 'days' ? ms / 86_400_000 : ms / 60_000;
}

function durations(unit: DurationUnit, values: number[]): Durations {
  return { unit, n: values.length, p50: percentile(values, 50), p95: percentile(values, 95) };
}

const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);

/** True when a summary is in the filter: submitted within the period, of the category. */
export function inFilter(
  s: FunnelSummary,
  f: FunnelFilter,
  fromDay = toDayNumber(f.from),
  toDay = toDayNumber(f.to),
): boolean {
  if (f.category && s.category !== f.category) return false;
  const day = chinaDayNumber(s.submittedAt);
  return day >= fromDay && day <= toDay;
}

/** The funnel of the summaries in `filter`, as of `asOf` (open deadlines are judged against it). */
export function computeFunnel(
  summaries: Iterable<FunnelSummary>,
  filter: FunnelFilter,
  asOf: string,
): Funnel {
  const fromDay = toDayNumber(filter.from);
  const toDay = toDayNumber(filter.to);
  if (toDay < fromDay) throw new RangeError(`period ends before it starts: ${filter.from}..${filter.to}`);
  const lastDay = Math.min(toDay, chinaDayNumber(asOf));
  const asOfMs = Date.parse(asOf);
  const days = Math.max(0, lastDay - fromDay + 1);
  // Per status, +1 on the day an application entered it and −1 on the day it left (then a running sum).
  const deltas = new Map<string, Int32Array>();
  const delta = (status: string, day: number, d: number) => {
    if (day > lastDay) return;
    let arr = deltas.get(status);
    if (!arr) {
      arr = new Int32Array(days + 1);
      deltas.set(status, arr);
    }
    arr[Math.max(0, day - fromDay)] = (arr[Math.max(0, day - fromDay)] as number) + d;
  };

  const submitted = count();
  const byStatus: Record<string, Count> = {};
  const decided = count();
  const admitted = count();
  const rejected = count();
  const stageAcc = new Map<Stage, { fig: StageFigures; values: number[] }>();
  for (const stage of STAGES) {
    stageAcc.set(stage, {
      fig: {
        stage,
        entered: count(),
        passed: count(),
        flagged: count(),
        rejected: count(),
        expired: count(),
        open: count(),
        passRate: null,
        duration: durations(STAGE_UNIT[stage], []),
      },
      values: [],
    });
  }
  const reasons = new Map<string, ReasonFigures>();
  const sla = { decided: count(), onTime: count(), late: count(), openPastSla: count() };
  const lab = { results: count(), late: count(), overdueOpen: count() };
  const turnaround: number[] = [];
  const agreementsExpired = count();
  const appeals = { filed: count(), upheld: count(), dismissed: count(), pending: count() };

  for (const s of summaries) {
    if (!inFilter(s, filter, fromDay, toDay)) continue;
    const id = s.applicationId;
    add(submitted, id);
    add(slot(byStatus, s.status), id);
    if (s.status === 'ADMITTED' || s.status === 'REJECTED') {
      add(decided, id);
      add(s.status === 'ADMITTED' ? admitted : rejected, id);
    }
    for (const [i, h] of s.history.entries()) {
      const next = s.history[i + 1];
      const start = chinaDayNumber(h.at);
      const end = next ? chinaDayNumber(next.at) : undefined;
      if (end !== undefined && end === start) continue; // entered and left the same day: not at a day's end
      delta(h.status, start, 1);
      if (end !== undefined) delta(h.status, end, -1);
    }
    for (const span of s.stages)
      stageFigures(stageAcc.get(span.stage) as { fig: StageFigures; values: number[] }, span, id, asOfMs);
    for (const span of s.stages) {
      if (!REVIEW_STAGES.includes(span.stage) || !span.dueAt) continue;
      if (span.endedAt && span.outcome !== 'expired') {
        add(sla.decided, id);
        add(span.endedAt <= span.dueAt ? sla.onTime : sla.late, id);
      } else if (!span.endedAt && Date.parse(span.dueAt) < asOfMs) add(sla.openPastSla, id);
    }
    for (const r of s.reasons) {
      const key = `${r.code}|${r.outcome}`;
      let fig = reasons.get(key);
      if (!fig) {
        fig = { code: r.code, outcome: r.outcome, raised: count(), byResolution: {} };
        reasons.set(key, fig);
      }
      add(fig.raised, id);
      add(slot(fig.byResolution, r.resolution ?? 'open'), id);
    }
    for (const b of s.bookings) {
      if (b.postedAt) {
        add(lab.results, id);
        turnaround.push(workingDaysBetween(b.bookedAt, b.postedAt));
        if (b.postedAt > b.dueAt) add(lab.late, id);
      } else if (Date.parse(b.dueAt) < asOfMs) add(lab.overdueOpen, id);
    }
    if (s.agreementExpired) add(agreementsExpired, id);
    for (const span of s.stages) {
      if (span.stage !== 'appeal') continue;
      add(appeals.filed, id);
      add(span.outcome === 'pass' ? appeals.upheld : span.outcome ? appeals.dismissed : appeals.pending, id);
    }
  }

  const statusByDay: Funnel['statusByDay'] = [];
  const running = new Map<string, number>();
  for (let d = 0; d < days; d++) {
    const counts: Record<string, number> = {};
    for (const [status, arr] of deltas) {
      const v = (running.get(status) ?? 0) + (arr[d] as number);
      running.set(status, v);
      if (v) counts[status] = v;
    }
    statusByDay.push({ day: fromDayNumber(fromDay + d), counts });
  }

  const stages = [...stageAcc.values()].map(({ fig, values }) => {
    const ended = fig.passed.n + fig.flagged.n + fig.rejected.n + fig.expired.n;
    return { ...fig, passRate: ratio(fig.passed.n, ended), duration: durations(fig.duration.unit, values) };
  });
  return {
    filter,
    asOf,
    percentileMethod: 'nearest-rank',
    submitted,
    byStatus,
    statusByDay,
    overall: { decided, admitted, rejected, passRate: ratio(admitted.n, decided.n) },
    stages,
    reasons: [...reasons.values()].sort((a, b) => b.raised.n - a.raised.n || a.code.localeCompare(b.code)),
    reviewerSla: { ...sla, compliance: ratio(sla.onTime.n, sla.decided.n) },
    lab: { ...lab, turnaround: durations('working_days', turnaround) },
    agreementsExpired,
    appeals,
  };
}

function stageFigures(
  acc: { fig: StageFigures; values: number[] },
  span: StageSpan,
  id: string,
  asOfMs: number,
): void {
  const { fig } = acc;
  add(fig.entered, id);
  if (!span.endedAt || !span.outcome) {
    add(fig.open, id);
    return;
  }
  const bucket = { pass: fig.passed, flag: fig.flagged, reject: fig.rejected, expired: fig.expired }[
    span.outcome
  ];
  add(bucket, id);
  if (Date.parse(span.endedAt) <= asOfMs)
    acc.values.push(duration(fig.duration.unit, span.startedAt, span.endedAt));
}
