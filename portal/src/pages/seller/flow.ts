/**
 * Where an application stands, as the seller's progress indicator and "what do I do now" read
 * it: pure functions of the API's detail (no DOM), so they are tested as tables.
 */
import type { ApplicationDetail, Reason } from '../../api/types';

export const FLOW_STEPS = ['submitted', 'checks', 'review', 'samples', 'agreement', 'admitted'] as const;
export type FlowStep = (typeof FLOW_STEPS)[number];
export type StepState = 'done' | 'current' | 'todo' | 'failed' | 'skipped';

export interface FlowStepView {
  step: FlowStep;
  state: StepState;
  /** When it ended (done, failed) or began (current). */
  at?: string;
  /** The deadline of the step while it is current: SLA, lab due date, signature deadline. */
  dueAt?: string;
}

/** The step of the flow a reason belongs to (rule steps are all part of the checks). */
function flowStepOf(r: Reason): FlowStep {
  if (r.step === 'review') return 'review';
  if (r.step === 'samples') return 'samples';
  if (r.step === 'agreement') return 'agreement';
  return 'checks';
}

const ORDER: Record<FlowStep, number> = Object.fromEntries(FLOW_STEPS.map((s, i) => [s, i])) as Record<
  FlowStep,
  number
>;

/** The step the application is at now, or where it stopped (REJECTED). */
function currentStep(app: ApplicationDetail): FlowStep {
  const did = (action: string) => app.timeline.some((e) => e.action === action);
  switch (app.status) {
    case 'DRAFT':
      return 'submitted';
    case 'AWAITING_REVIEW':
      return app.openTasks.some((t) => t.kind === 'review_lab') ? 'samples' : 'review';
    case 'AWAITING_LAB_RESULTS':
      return 'samples';
    case 'AWAITING_SIGNATURE':
      return 'agreement';
    case 'ADMITTED':
      return 'admitted';
    case 'REJECTED': {
      const rejecting = app.reasons.filter((r) => r.outcome === 'reject' && !r.resolution);
      const last = rejecting.map(flowStepOf).sort((a, b) => ORDER[b] - ORDER[a])[0];
      return last ?? 'checks';
    }
    default:
      // SUBMITTED / IN_PROGRESS: the automation runs; past the review or the lab when they answered.
      if (did('agreement_declined')) return 'agreement';
      if (did('lab_wait_woken') || did('lab_result_posted')) return 'samples';
      if (did('review_decided')) return 'samples';
      return 'checks';
  }
}

function firstAt(app: ApplicationDetail, action: string): string | undefined {
  return app.timeline.find((e) => e.action === action)?.at;
}

function lastAt(app: ApplicationDetail, action: string): string | undefined {
  return app.timeline.filter((e) => e.action === action).at(-1)?.at;
}

/** The six steps with their state, dates and the current one's deadline. */
export function flowSteps(app: ApplicationDetail): FlowStepView[] {
  const at = currentStep(app);
  const failed = app.status === 'REJECTED';
  const flagged = app.reasons.some((r) => r.outcome === 'flag' && flowStepOf(r) !== 'samples');
  const reviewed = app.timeline.some((e) => e.action === 'review_decided');
  const taskDue = (kind: string) => app.openTasks.find((t) => t.kind === kind)?.dueAt;
  const ended: Partial<Record<FlowStep, string | undefined>> = {
    submitted: firstAt(app, 'submitted'),
    review: lastAt(app, 'review_decided'),
    samples: lastAt(app, 'lab_wait_woken') ?? lastAt(app, 'lab_result_posted'),
    agreement: lastAt(app, 'agreement_signed'),
    admitted: firstAt(app, 'admitted'),
  };
  return FLOW_STEPS.map((step): FlowStepView => {
    const rel = ORDER[step] - ORDER[at];
    const when = ended[step];
    if (rel < 0) {
      // A review that was never needed (nothing flagged) is skipped, not done.
      if (step === 'review' && !flagged && !reviewed) return { step, state: 'skipped' };
      return { step, state: 'done', ...(when ? { at: when } : {}) };
    }
    if (rel > 0) return { step, state: 'todo' };
    if (failed) return { step, state: 'failed' };
    if (app.status === 'ADMITTED') return { step, state: 'done', ...(when ? { at: when } : {}) };
    const dueAt =
      step === 'review'
        ? taskDue('review_checks')
        : step === 'samples'
          ? (taskDue('review_lab') ?? taskDue('lab_results'))
          : step === 'agreement'
            ? (app.agreement?.deadline ?? taskDue('signature'))
            : undefined;
    return { step, state: 'current', ...(dueAt ? { dueAt } : {}) };
  });
}

export type NextAction =
  | { kind: 'complete'; missing: string[]; errors: number }
  | { kind: 'submit' }
  | { kind: 'fix'; items: string[] }
  | { kind: 'sign'; dueAt?: string }
  | { kind: 'appeal' }
  | { kind: 'rejected' }
  | { kind: 'wait'; on: 'checks' | 'review' | 'samples'; dueAt?: string }
  | { kind: 'admitted' };

/**
 * The one thing to do now, in the order a seller must do it: complete the draft (documents not
 * yet uploaded, or whose reading failed), submit, fix what the checks sent back, sign, appeal.
 * `missing` lists document types (a SKU's own document as `type:sku`).
 */
export function nextAction(app: ApplicationDetail, missingDocuments: string[] = []): NextAction {
  switch (app.status) {
    case 'DRAFT': {
      const unreadable = app.documents.filter((d) => d.read && !d.read.ok).length;
      return missingDocuments.length > 0 || unreadable > 0
        ? { kind: 'complete', missing: missingDocuments, errors: unreadable }
        : { kind: 'submit' };
    }
    case 'AWAITING_SIGNATURE': {
      const dueAt = app.agreement?.deadline;
      return { kind: 'sign', ...(dueAt ? { dueAt } : {}) };
    }
    case 'ADMITTED':
      return { kind: 'admitted' };
    case 'REJECTED':
      return app.canAppeal ? { kind: 'appeal' } : { kind: 'rejected' };
    default: {
      const due = app.requirements.currentlyDue.filter((d) => d !== 'signature');
      if (due.length > 0 && app.status !== 'AWAITING_LAB_RESULTS') return { kind: 'fix', items: due };
      const step = flowSteps(app).find((s) => s.state === 'current');
      const on = step?.step === 'review' || step?.step === 'samples' ? step.step : 'checks';
      return { kind: 'wait', on, ...(step?.dueAt ? { dueAt: step.dueAt } : {}) };
    }
  }
}

/** Whole days, hours and minutes from `now` to `due` (negative when past). */
export function timeLeft(
  due: string,
  now: Date,
): { overdue: boolean; days: number; hours: number; minutes: number } {
  const ms = Date.parse(due) - now.getTime();
  const abs = Math.abs(ms);
  const minutes = Math.floor(abs / 60_000);
  return {
    overdue: ms < 0,
    days: Math.floor(minutes / 1440),
    hours: Math.floor((minutes % 1440) / 60),
    minutes: minutes % 60,
  };
}
