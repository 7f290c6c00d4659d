/**
 * Stuck work: an unfinished application whose current stage has lasted longer than that stage
 * allows. A reviewer has 3 China working days, a lab 7, a seller 14 days to sign; an automated
 * step minutes. The moment a summary becomes stuck (`stuckAt`) is known when it is written, so the
 * stuck list is one Query for "stuckAt before now" (see the funnel repository), never a Scan.
 */
import { addChinaWorkingDays } from '../calendar.js';
import type { FunnelSummary, Stage, StageSpan } from './summary.js';

export interface StuckLimits {
  reviewWorkingDays: number;
  labWorkingDays: number;
  signatureDays: number;
  automatedMinutes: number;
}

export const DEFAULT_STUCK_LIMITS: StuckLimits = {
  reviewWorkingDays: 3,
  labWorkingDays: 7,
  signatureDays: 14,
  automatedMinutes: 15,
};

export interface StuckItem {
  applicationId: string;
  category: string;
  status: string;
  /** The stage it stands in ('workflow' between two steps). */
  stage: Stage | 'workflow';
  since: string;
  /** When the stage's allowance ran out. */
  stuckAt: string;
  waitsFor: string;
  /** Where a re-drive enters the flow. */
  resumeAt?: string;
}

const TERMINAL = new Set(['ADMITTED', 'REJECTED']);
const WAITS_FOR: Record<Stage, string> = {
  checks: 'the automated checks (intake, extraction, checks)',
  review_checks: 'a reviewer to decide the flagged checks',
  samples: 'sample results from the lab',
  review_lab: 'a reviewer to decide the overdue sample inspection',
  signature: 'the seller to sign the agreement',
  activation: 'the fee schedule to be activated',
  appeal: 'a reviewer to decide the appeal',
};

const plusMinutes = (iso: string, m: number) => new Date(Date.parse(iso) + m * 60_000).toISOString();
const plusDays = (iso: string, d: number) => new Date(Date.parse(iso) + d * 86_400_000).toISOString();

/** When an open stage has outlasted its allowance. */
function stuckAtOf(span: StageSpan, limits: StuckLimits): string {
  switch (span.stage) {
    case 'review_checks':
    case 'review_lab':
    case 'appeal':
      return span.dueAt ?? addChinaWorkingDays(span.startedAt, limits.reviewWorkingDays);
    case 'samples':
      return span.dueAt ?? addChinaWorkingDays(span.startedAt, limits.labWorkingDays);
    case 'signature':
      return span.dueAt ?? plusDays(span.startedAt, limits.signatureDays);
    default:
      return plusMinutes(span.startedAt, limits.automatedMinutes);
  }
}

/**
 * Where an unfinished application stands and when it becomes stuck there; null when it is
 * finished. Between stages (every open stage ended, not yet terminal) it waits on the workflow.
 */
export function standing(s: FunnelSummary, limits: StuckLimits = DEFAULT_STUCK_LIMITS): StuckItem | null {
  if (TERMINAL.has(s.status)) return null;
  const open = s.stages.filter((x) => !x.endedAt).sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0];
  const base = { applicationId: s.applicationId, category: s.category, status: s.status };
  const resume = s.resumeAt ? { resumeAt: s.resumeAt } : {};
  if (open) {
    let waitsFor = WAITS_FOR[open.stage];
    if (open.stage === 'samples' && open.waitsOn) waitsFor = `sample results from ${open.waitsOn}`;
    return {
      ...base,
      stage: open.stage,
      since: open.startedAt,
      stuckAt: stuckAtOf(open, limits),
      waitsFor,
      ...resume,
    };
  }
  const since = [s.updatedAt, ...s.stages.map((x) => x.endedAt ?? x.startedAt)].sort().at(-1) as string;
  return {
    ...base,
    stage: 'workflow',
    since,
    stuckAt: plusMinutes(since, limits.automatedMinutes),
    waitsFor: `the workflow to go on${s.resumeAt ? ` (at ${s.resumeAt})` : ''}`,
    ...resume,
  };
}

/** The stuck ones among `summaries` as of `now`, longest stuck first. */
export function stuckList(
  summaries: Iterable<FunnelSummary>,
  now: string,
  limits = DEFAULT_STUCK_LIMITS,
): StuckItem[] {
  const nowMs = Date.parse(now);
  const out: StuckItem[] = [];
  for (const s of summaries) {
    const st = standing(s, limits);
    if (st && Date.parse(st.stuckAt) < nowMs) out.push(st);
  }
  return out.sort((a, b) => a.stuckAt.localeCompare(b.stuckAt));
}
