/**
 * The funnel: business figures over the applications submitted in a period (China dates, both
 * ends inclusive), optionally of one category. Every figure is a sum of per-application counters
 * (`figures.ts`); `funnelFromCounters` turns summed counters into the funnel, whether they were
 * summed here over summaries (`computeFunnel`, which also keeps the ids behind each count) or kept
 * summed as the decisions were recorded (roll-ups). One computation either way.
 */
import { fromDayNumber, toDayNumber } from '../dates.js';
import {
  addCounters,
  type Counters,
  contributions,
  type DurationUnit,
  LAB_OVERDUE,
  LAB_SERIES,
  OPEN_PAST_SLA,
  STAGE_UNIT,
  TICKS_PER_UNIT,
} from './figures.js';
import { histogramPercentile } from './percentile.js';
import { type FunnelSummary, STAGES, type Stage } from './summary.js';
import { chinaDayNumber } from './working-days.js';

export { type DurationUnit, STAGE_UNIT } from './figures.js';

export interface FunnelFilter {
  /** First and last China date of submission, inclusive. */
  from: string;
  to: string;
  category?: string;
}

/**
 * A count, the figure it is (the key the applications behind it are listed by) and, when the
 * funnel was computed over summaries, those applications' ids.
 */
export interface Count {
  n: number;
  figure: string;
  ids?: string[];
}

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
  /** Percentile method of every p50/p95 here, over durations kept at TICKS_PER_UNIT. */
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

function checkPeriod(filter: FunnelFilter): void {
  if (toDayNumber(filter.to) < toDayNumber(filter.from))
    throw new RangeError(`period ends before it starts: ${filter.from}..${filter.to}`);
}

/** The funnel of the summaries in `filter`, as of `asOf`, with the ids behind every count. */
export function computeFunnel(
  summaries: Iterable<FunnelSummary>,
  filter: FunnelFilter,
  asOf: string,
): Funnel {
  checkPeriod(filter);
  const fromDay = toDayNumber(filter.from);
  const toDay = toDayNumber(filter.to);
  const asOfMs = Date.parse(asOf);
  const counters: Counters = new Map();
  const ids = new Map<string, string[]>();
  const idsOf = (figure: string) => {
    const list = ids.get(figure) ?? [];
    if (list.length === 0) ids.set(figure, list);
    return list;
  };
  for (const s of summaries) {
    if (!inFilter(s, filter, fromDay, toDay)) continue;
    const own = contributions(s);
    addCounters(counters, own);
    for (const key of own.keys()) {
      if (key.startsWith('n|')) idsOf(key.slice(2)).push(s.applicationId);
      else if (key.startsWith('t|')) {
        const cut = key.lastIndexOf('|');
        if (Date.parse(key.slice(cut + 1)) < asOfMs) idsOf(key.slice(2, cut)).push(s.applicationId);
      }
    }
  }
  return funnelFromCounters(counters, filter, asOf, ids);
}

/** Counters split by kind: figure counts, histograms, status deltas, deadlines (see figures.ts). */
function readCounters(counters: Counters, asOfMs: number) {
  const n = new Map<string, number>();
  const hist = new Map<string, Map<number, number>>();
  const deltas = new Map<string, Map<number, number>>();
  for (const [key, v] of counters) {
    if (v === 0) continue;
    const kind = key.slice(0, 2);
    if (kind === 'n|') {
      n.set(key.slice(2), v);
      continue;
    }
    const cut = key.lastIndexOf('|');
    const name = key.slice(2, cut);
    const last = key.slice(cut + 1);
    if (kind === 't|') {
      if (Date.parse(last) < asOfMs) n.set(name, (n.get(name) ?? 0) + v);
    } else {
      const into = kind === 'h|' ? hist : deltas;
      const m = into.get(name) ?? new Map<number, number>();
      into.set(name, m);
      const at = kind === 'h|' ? Number(last) : toDayNumber(last);
      m.set(at, (m.get(at) ?? 0) + v);
    }
  }
  return { n, hist, deltas };
}

/** The funnel from summed counters; `ids` (figure → applications) when they were kept. */
export function funnelFromCounters(
  counters: Counters,
  filter: FunnelFilter,
  asOf: string,
  ids?: ReadonlyMap<string, string[]>,
): Funnel {
  checkPeriod(filter);
  const { n, hist, deltas } = readCounters(counters, Date.parse(asOf));
  const count = (figure: string): Count => {
    const c: Count = { n: n.get(figure) ?? 0, figure };
    if (ids) c.ids = ids.get(figure) ?? [];
    return c;
  };
  const durations = (series: string, unit: DurationUnit): Durations => {
    const buckets = hist.get(series) ?? new Map<number, number>();
    let total = 0;
    for (const k of buckets.values()) total += k;
    const at = (p: number) => {
      const ticks = histogramPercentile(buckets, p);
      return ticks === null ? null : ticks / TICKS_PER_UNIT[unit];
    };
    return { unit, n: total, p50: at(50), p95: at(95) };
  };

  const byStatus: Record<string, Count> = {};
  const reasons = new Map<string, ReasonFigures>();
  for (const figure of [...n.keys()].sort()) {
    const parts = figure.split(':');
    if (parts[0] === 'status') byStatus[parts[1] as string] = count(figure);
    if (parts[0] !== 'reason') continue;
    const [, code, outcome, resolution] = parts as [string, string, 'reject' | 'flag', string?];
    const key = `${code}:${outcome}`;
    const r = reasons.get(key) ?? { code, outcome, raised: count(`reason:${key}`), byResolution: {} };
    reasons.set(key, r);
    if (resolution !== undefined) r.byResolution[resolution] = count(figure);
  }

  const stages = STAGES.map((stage): StageFigures => {
    const f = (k: string) => count(`stage:${stage}:${k}`);
    const fig = {
      stage,
      entered: f('entered'),
      passed: f('passed'),
      flagged: f('flagged'),
      rejected: f('rejected'),
      expired: f('expired'),
      open: f('open'),
    };
    const ended = fig.passed.n + fig.flagged.n + fig.rejected.n + fig.expired.n;
    return { ...fig, passRate: ratio(fig.passed.n, ended), duration: durations(stage, STAGE_UNIT[stage]) };
  });
  const sla = {
    decided: count('sla:decided'),
    onTime: count('sla:onTime'),
    late: count('sla:late'),
    openPastSla: count(OPEN_PAST_SLA),
  };
  const decided = count('decided');
  const admitted = count('admitted');
  return {
    filter,
    asOf,
    percentileMethod: 'nearest-rank',
    submitted: count('submitted'),
    byStatus,
    statusByDay: statusByDay(deltas, filter, asOf),
    overall: { decided, admitted, rejected: count('rejected'), passRate: ratio(admitted.n, decided.n) },
    stages,
    reasons: [...reasons.values()].sort((a, b) => b.raised.n - a.raised.n || a.code.localeCompare(b.code)),
    reviewerSla: { ...sla, compliance: ratio(sla.onTime.n, sla.decided.n) },
    lab: {
      results: count('lab:results'),
      turnaround: durations(LAB_SERIES, 'working_days'),
      late: count('lab:late'),
      overdueOpen: count(LAB_OVERDUE),
    },
    agreementsExpired: count('agreementsExpired'),
    appeals: {
      filed: count('appeals:filed'),
      upheld: count('appeals:upheld'),
      dismissed: count('appeals:dismissed'),
      pending: count('appeals:pending'),
    },
  };
}

/** Applications per status at the end of each day of the period up to asOf: a running sum of the deltas. */
function statusByDay(
  deltas: Map<string, Map<number, number>>,
  filter: FunnelFilter,
  asOf: string,
): Funnel['statusByDay'] {
  const fromDay = toDayNumber(filter.from);
  const lastDay = Math.min(toDayNumber(filter.to), chinaDayNumber(asOf));
  const out: Funnel['statusByDay'] = [];
  const running = new Map<string, number>();
  for (const [status, byDay] of deltas) {
    let before = 0;
    for (const [day, v] of byDay) if (day < fromDay) before += v;
    running.set(status, before);
  }
  for (let d = fromDay; d <= lastDay; d++) {
    const counts: Record<string, number> = {};
    for (const [status, byDay] of deltas) {
      const v = (running.get(status) ?? 0) + (byDay.get(d) ?? 0);
      running.set(status, v);
      if (v) counts[status] = v;
    }
    out.push({ day: fromDayNumber(d), counts });
  }
  return out;
}
