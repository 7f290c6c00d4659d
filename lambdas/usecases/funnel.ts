/**
 * The funnel's use cases: keep an application's summary current (after every step), compute the
 * funnel of a period, list stuck work and re-drive an application from where it stands.
 * Flow: handler → these → domain/funnel (pure) over the FunnelRepository port.
 */
import { randomUUID } from 'node:crypto';
import type { Container } from '../adapters/container.js';
import {
  computeFunnel,
  type Funnel,
  type FunnelFilter,
  funnelFromCounters,
  inFilter,
} from '../domain/funnel/compute.js';
import { figuresOf } from '../domain/funnel/figures.js';
import { monthsOf } from '../domain/funnel/months.js';
import { type StuckItem, standing, stuckList } from '../domain/funnel/stuck.js';
import { type FunnelFacts, type FunnelSummary, sameSummary, summarize } from '../domain/funnel/summary.js';
import { TERMINAL_STATUSES } from '../ports/repository.js';
import { BusinessRuleError, TransientError } from '../shared/errors.js';
import { requireApplication } from './common.js';

const ATTEMPTS = 4;

/** The facts a summary is built from, as the application repository stores them. */
async function factsOf(c: Container, applicationId: string): Promise<FunnelFacts | null> {
  const record = await c.applications.get(applicationId);
  if (!record) return null;
  const [events, reasons, tasks, bookings] = await Promise.all([
    c.applications.listEvents(applicationId),
    c.applications.listReasons(applicationId),
    c.applications.listTasks(applicationId),
    c.applications.listBookings(applicationId),
  ]);
  const facts: FunnelFacts = {
    applicationId,
    category: record.application.category,
    status: record.status,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    events,
    reasons,
    tasks,
    bookings,
  };
  if (record.resumeAt) facts.resumeAt = record.resumeAt;
  if (record.rejection) facts.rejection = record.rejection;
  return facts;
}

/**
 * Brings the application's funnel summary up to date. Idempotent: the same facts give the same
 * summary, which is not written again; a concurrent writer makes it re-read and try again.
 */
export async function recordFunnel(
  c: Container,
  applicationId: string,
): Promise<{ written: boolean; previous?: FunnelSummary; next?: FunnelSummary }> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const facts = await factsOf(c, applicationId);
    if (!facts) return { written: false };
    const stored = await c.funnel.get(summarize(facts));
    const next = summarize(facts, stored?.summary);
    const previous = stored?.summary;
    if (previous && sameSummary(previous, next)) return { written: false, previous, next };
    // Only counters that are in the roll-ups are taken away (a summary from before them is not).
    const counted = stored?.rolledUp ? previous : undefined;
    if (await c.funnel.put(next, standing(next)?.stuckAt ?? null, stored?.version ?? null, counted)) {
      return previous ? { written: true, previous, next } : { written: true, next };
    }
  }
  throw new TransientError(`the funnel summary of ${applicationId} changed under ${ATTEMPTS} writes`);
}

/**
 * The funnel of the applications submitted in the period, from the roll-ups (a Query per month);
 * counts carry their figure, by which `figureApplications` lists the applications behind them.
 */
export async function funnelFor(
  c: Pick<Container, 'funnel' | 'clock'>,
  filter: FunnelFilter,
): Promise<Funnel> {
  return funnelFromCounters(await c.funnel.rollups(filter), filter, c.clock.now().toISOString());
}

/**
 * The same funnel with every count's applications, from each application's summary (the CSV
 * export): reads every summary of the period, so it takes as long as that many items take.
 */
export async function funnelWithIds(
  c: Pick<Container, 'funnel' | 'clock'>,
  filter: FunnelFilter,
): Promise<Funnel> {
  return computeFunnel(await c.funnel.inPeriod(filter), filter, c.clock.now().toISOString());
}

/**
 * Counts the summaries of the period's months written before the roll-ups existed into them
 * (one-off after deploying the roll-ups; running it again counts nothing twice).
 */
export async function backfillFunnelRollups(
  c: Pick<Container, 'funnel'>,
  from: string,
  to: string,
): Promise<{ counted: number; skipped: number }> {
  const total = { counted: 0, skipped: 0 };
  for (const month of monthsOf(from, to)) {
    const r = await c.funnel.backfill(month);
    total.counted += r.counted;
    total.skipped += r.skipped;
  }
  return total;
}

/** Items read per request of a figure's list: bounds its time, however rare the figure. */
export const FIGURE_READ_BUDGET = 2_000;

/**
 * The applications behind one figure of the funnel, a page at a time: the period's summaries read
 * in key order and kept when the figure is one of theirs (the same counters the funnel sums). A
 * page ends after FIGURE_READ_BUDGET items read or once `limit` are found (a page read whole, so
 * up to one read's worth more); `cursor` goes on from there.
 */
export async function figureApplications(
  c: Pick<Container, 'funnel' | 'clock'>,
  filter: FunnelFilter,
  figure: string,
  cursor: string | undefined,
  limit = 100,
): Promise<{ figure: string; ids: string[]; cursor?: string }> {
  const asOf = c.clock.now().toISOString();
  const ids: string[] = [];
  let next = cursor;
  let read = 0;
  do {
    // Pages of at least `limit` items, so a common figure fills its page in one read or two.
    const size = Math.min(Math.max(limit, 100), 500, FIGURE_READ_BUDGET - read);
    const page = await c.funnel.page(filter, next, size);
    read += page.summaries.length;
    for (const s of page.summaries) {
      if (inFilter(s, filter) && figuresOf(s, asOf).has(figure)) ids.push(s.applicationId);
    }
    next = page.cursor;
  } while (next && ids.length < limit && read < FIGURE_READ_BUDGET);
  return next ? { figure, ids, cursor: next } : { figure, ids };
}

/** Applications whose stage outlasted its allowance, longest stuck first. */
export async function stuckWork(c: Container): Promise<StuckItem[]> {
  const now = c.clock.now().toISOString();
  return stuckList(await c.funnel.stuckBefore(now), now);
}

/**
 * Starts the flow again where the application stands (`resumeAt`), as the restart path does:
 * the steps are idempotent, so nothing is booked, recorded or decided twice.
 */
export async function redriveApplication(
  c: Container,
  applicationId: string,
): Promise<{ applicationId: string; resumeAt: string; execution: string }> {
  const record = await requireApplication(c, applicationId);
  if (TERMINAL_STATUSES.includes(record.status)) {
    throw new BusinessRuleError(`${applicationId} is ${record.status}: there is nothing to re-drive`);
  }
  const resumeAt = record.resumeAt ?? 'intake';
  // An execution name allows no ':' and at most 80 characters (Step Functions).
  const execution = `${applicationId.slice(0, 60)}-redrive-${randomUUID().slice(0, 8)}`;
  await c.workflow.start(execution, { applicationId, resumeAt });
  return { applicationId, resumeAt, execution };
}

/** The ops gauges the alarms watch: stuck work by where it waits (published every few minutes). */
export async function opsGauges(c: Container): Promise<Record<string, number>> {
  const stuck = await stuckWork(c);
  const at = (stages: string[]) => stuck.filter((s) => stages.includes(s.stage)).length;
  return {
    StuckApplications: stuck.length,
    ReviewsPastSla: at(['review_checks', 'review_lab', 'appeal']),
    LabResultsOverdue: at(['samples']),
    SignaturesOverdue: at(['signature']),
  };
}
