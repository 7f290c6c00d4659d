/**
 * The per-application funnel summary: a compact record of what was already decided (stages with
 * their start, end and outcome, reasons, lab bookings, status history). Built, purely, from the
 * application's stored facts at each transition; the funnel and the stuck list are computed from
 * summaries alone, so the portal, the API and the published metrics share one computation.
 */

/** Funnel stages in flow order. `checks` and `activation` are automated; the rest wait on people. */
export const STAGES = [
  'checks',
  'review_checks',
  'samples',
  'review_lab',
  'signature',
  'activation',
  'appeal',
] as const;
export type Stage = (typeof STAGES)[number];

export type StageOutcome = 'pass' | 'flag' | 'reject' | 'expired';

export interface StageSpan {
  stage: Stage;
  round: number;
  startedAt: string;
  endedAt?: string;
  /** The deadline a person had (reviewer SLA, lab results, signature). */
  dueAt?: string;
  outcome?: StageOutcome;
  /** Who the stage waits on while open (a lab's id). */
  waitsOn?: string;
}

export interface SummaryReason {
  code: string;
  step: string;
  outcome: 'reject' | 'flag';
  resolution?: string;
}

export interface SummaryBooking {
  sku: string;
  attempt: number;
  labId: string;
  bookedAt: string;
  dueAt: string;
  postedAt?: string;
  passed?: boolean;
}

export interface StatusChange {
  status: string;
  at: string;
}

export interface FunnelSummary {
  applicationId: string;
  category: string;
  submittedAt: string;
  status: string;
  updatedAt: string;
  resumeAt?: string;
  stages: StageSpan[];
  reasons: SummaryReason[];
  bookings: SummaryBooking[];
  history: StatusChange[];
  agreementExpired: boolean;
}

/** What the summary is built from: the shapes the application repository stores (structurally). */
export interface FunnelFacts {
  applicationId: string;
  category: string;
  status: string;
  createdAt: string;
  updatedAt: string;
  resumeAt?: string;
  rejection?: { failedStep: string; at: string };
  events: { at: string; action: string }[];
  reasons: {
    code: string;
    step: string;
    outcome: 'reject' | 'flag';
    resolution?: string;
    raisedAt: string;
  }[];
  tasks: {
    kind: string;
    round: number;
    status: 'OPEN' | 'DONE' | 'TIMED_OUT';
    openedAt: string;
    dueAt?: string;
    decidedAt?: string;
    decision?: Record<string, unknown>;
  }[];
  bookings: {
    sku: string;
    attempt: number;
    labId: string;
    bookedAt: string;
    dueAt: string;
    result?: { passed: boolean; postedAt: string };
  }[];
}

const CHECK_STEPS = new Set([
  'intake',
  'licence',
  'legal_rep',
  'consistency',
  'violations',
  'capacity',
  'attributes',
]);
const WAIT_STATUS: Record<string, string> = {
  review_checks: 'AWAITING_REVIEW',
  review_lab: 'AWAITING_REVIEW',
  appeal: 'AWAITING_REVIEW',
  lab_results: 'AWAITING_LAB_RESULTS',
  signature: 'AWAITING_SIGNATURE',
};

const earliest = (xs: (string | undefined)[]): string | undefined =>
  xs.filter((x): x is string => !!x).sort()[0];
const latest = (xs: (string | undefined)[]): string | undefined =>
  xs
    .filter((x): x is string => !!x)
    .sort()
    .at(-1);

function taskOutcome(
  kind: string,
  status: string,
  decision: Record<string, unknown> | undefined,
): StageOutcome | undefined {
  if (status === 'TIMED_OUT') return 'expired';
  if (status !== 'DONE') return undefined;
  const d = decision ?? {};
  if (kind === 'signature') return d.accept === true ? 'pass' : 'reject';
  return d.outcome === 'approve' || d.outcome === 'uphold' ? 'pass' : 'reject';
}

/** The automated checks (intake, extraction, the four checks): from submission to its decision. */
function checksSpan(f: FunnelFacts, submittedAt: string): StageSpan {
  const own = f.reasons.filter((r) => CHECK_STEPS.has(r.step));
  const rejects = own.filter((r) => r.outcome === 'reject');
  const flags = own.filter((r) => r.outcome === 'flag');
  const span: StageSpan = { stage: 'checks', round: 1, startedAt: submittedAt };
  const after = earliest([
    ...f.tasks.filter((t) => t.kind !== 'appeal').map((t) => t.openedAt),
    ...f.bookings.map((b) => b.bookedAt),
  ]);
  if (rejects.length > 0) {
    span.outcome = 'reject';
    span.endedAt = earliest(rejects.map((r) => r.raisedAt));
  } else if (flags.length > 0) {
    span.outcome = 'flag';
    span.endedAt = earliest(flags.map((r) => r.raisedAt));
  } else if (after) {
    span.outcome = 'pass';
    span.endedAt = after;
  }
  return span;
}

/** Sample inspection: from the first booking until every sample's latest attempt has its result. */
function samplesSpan(f: FunnelFacts): StageSpan | undefined {
  if (f.bookings.length === 0) return undefined;
  const latestAttempt = new Map<string, FunnelFacts['bookings'][number]>();
  for (const b of f.bookings) {
    const seen = latestAttempt.get(b.sku);
    if (!seen || seen.attempt < b.attempt) latestAttempt.set(b.sku, b);
  }
  const current = [...latestAttempt.values()];
  const span: StageSpan = {
    stage: 'samples',
    round: Math.max(...current.map((b) => b.attempt)),
    startedAt: earliest(f.bookings.map((b) => b.bookedAt)) as string,
    dueAt: latest(current.map((b) => b.dueAt)) as string,
  };
  const waiting = current.filter((b) => !b.result);
  if (waiting.length > 0) {
    span.waitsOn = [...new Set(waiting.map((b) => b.labId))].sort().join(',');
    if (f.reasons.some((r) => r.code === 'SAMPLE_INSPECTION_OVERDUE')) {
      span.outcome = 'flag';
      span.endedAt = earliest(f.tasks.filter((t) => t.kind === 'review_lab').map((t) => t.openedAt));
      if (!span.endedAt) delete span.outcome;
    }
    return span;
  }
  span.endedAt = latest(current.map((b) => b.result?.postedAt));
  span.outcome = current.every((b) => b.result?.passed) ? 'pass' : 'reject';
  return span;
}

/**
 * The summary of one application from its facts. Deterministic (the same facts give the same
 * summary, so writing it again is a no-op); `previous` only keeps rejections an upheld appeal
 * took back, which the application record no longer holds.
 */
export function summarize(f: FunnelFacts, previous?: FunnelSummary): FunnelSummary {
  const submittedAt =
    earliest(f.events.filter((e) => e.action === 'submitted').map((e) => e.at)) ?? f.createdAt;
  const stages: StageSpan[] = [checksSpan(f, submittedAt)];
  const tasks = [...f.tasks].sort((a, b) => a.openedAt.localeCompare(b.openedAt));
  const humanSpan = (t: FunnelFacts['tasks'][number]): StageSpan => {
    const span: StageSpan = { stage: t.kind as Stage, round: t.round, startedAt: t.openedAt };
    if (t.dueAt) span.dueAt = t.dueAt;
    const outcome = taskOutcome(t.kind, t.status, t.decision);
    if (outcome) {
      span.outcome = outcome;
      span.endedAt = t.decidedAt ?? (outcome === 'expired' ? (t.dueAt ?? t.openedAt) : t.openedAt);
    }
    return span;
  };
  for (const t of tasks) if (t.kind === 'review_checks') stages.push(humanSpan(t));
  const samples = samplesSpan(f);
  if (samples) stages.push(samples);
  for (const t of tasks) if (t.kind === 'review_lab' || t.kind === 'signature') stages.push(humanSpan(t));
  const signed = tasks.find(
    (t) => t.kind === 'signature' && taskOutcome(t.kind, t.status, t.decision) === 'pass',
  );
  const admittedAt = earliest(f.events.filter((e) => e.action === 'admitted').map((e) => e.at));
  if (signed?.decidedAt) {
    const span: StageSpan = { stage: 'activation', round: signed.round, startedAt: signed.decidedAt };
    if (admittedAt) Object.assign(span, { endedAt: admittedAt, outcome: 'pass' });
    stages.push(span);
  }
  for (const t of tasks) if (t.kind === 'appeal') stages.push(humanSpan(t));

  const history = statusHistory(f, submittedAt, admittedAt, previous);
  const summary: FunnelSummary = {
    applicationId: f.applicationId,
    category: f.category,
    submittedAt,
    status: f.status,
    updatedAt: f.updatedAt,
    stages,
    reasons: f.reasons
      .map((r) => {
        const s: SummaryReason = { code: r.code, step: r.step, outcome: r.outcome };
        if (r.resolution) s.resolution = r.resolution;
        return s;
      })
      .sort((a, b) =>
        `${a.code}|${a.step}|${a.resolution}`.localeCompare(`${b.code}|${b.step}|${b.resolution}`),
      ),
    bookings: f.bookings
      .map((b) => {
        const s: SummaryBooking = {
          sku: b.sku,
          attempt: b.attempt,
          labId: b.labId,
          bookedAt: b.bookedAt,
          dueAt: b.dueAt,
        };
        if (b.result) Object.assign(s, { postedAt: b.result.postedAt, passed: b.result.passed });
        return s;
      })
      .sort((a, b) => `${a.sku}#${a.attempt}`.localeCompare(`${b.sku}#${b.attempt}`)),
    history,
    agreementExpired:
      f.tasks.some((t) => t.kind === 'signature' && t.status === 'TIMED_OUT') ||
      f.reasons.some((r) => r.code === 'AGREEMENT_EXPIRED'),
  };
  if (f.resumeAt) summary.resumeAt = f.resumeAt;
  return summary;
}

/** When the application entered each status, from the times its facts carry. */
function statusHistory(
  f: FunnelFacts,
  submittedAt: string,
  admittedAt: string | undefined,
  previous: FunnelSummary | undefined,
): StatusChange[] {
  const changes: StatusChange[] = [{ status: 'IN_PROGRESS', at: submittedAt }];
  for (const t of f.tasks) {
    const waiting = WAIT_STATUS[t.kind];
    if (waiting) changes.push({ status: waiting, at: t.openedAt });
    if (t.decidedAt) changes.push({ status: 'IN_PROGRESS', at: t.decidedAt });
  }
  for (const b of f.bookings) changes.push({ status: 'AWAITING_LAB_RESULTS', at: b.bookedAt });
  if (f.rejection) changes.push({ status: 'REJECTED', at: f.rejection.at });
  for (const p of previous?.history ?? []) if (p.status === 'REJECTED') changes.push(p);
  if (admittedAt) changes.push({ status: 'ADMITTED', at: admittedAt });
  changes.sort((a, b) => a.at.localeCompare(b.at) || a.status.localeCompare(b.status));
  const out: StatusChange[] = [];
  for (const c of changes) {
    const last = out.at(-1);
    if (last?.status === c.status) continue;
    if (last?.at === c.at) out.pop();
    out.push(c);
  }
  // The record's status is the truth now: the history ends in it.
  if (out.at(-1)?.status !== f.status)
    out.push({ status: f.status, at: latest([f.updatedAt, out.at(-1)?.at]) as string });
  return out;
}

/** True when the two summaries say the same (writing the newer one would change nothing). */
export function sameSummary(a: FunnelSummary, b: FunnelSummary): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
