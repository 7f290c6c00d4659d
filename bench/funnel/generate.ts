/**
 * A generated history for the funnel bench: applications submitted over three months, each taken
 * down a random path of the flow (checks pass / flag / reject, review, samples with overdue and
 * failed results, signature signed / declined / expired, appeals), as the facts the repository
 * stores; the summaries are made from them by the real `summarize`. Seeded, so runs compare.
 */
import { addChinaWorkingDays } from '../../lambdas/domain/calendar.js';
import { type FunnelFacts, type FunnelSummary, summarize } from '../../lambdas/domain/funnel/summary.js';

export const PERIOD = { from: '2026-09-01', to: '2026-11-30' };
export const AS_OF = '2026-12-01T00:00:00.000Z';
const CATEGORIES = ['apparel', 'home', 'beauty', 'electronics', 'toys', 'food'];
const LABS = ['lab-cti-shenzhen', 'lab-sgs-shanghai', 'lab-intertek-guangzhou'];
const PERIOD_START_MS = Date.parse('2026-08-31T16:00:00.000Z');
const PERIOD_MS = Date.parse('2026-11-30T16:00:00.000Z') - PERIOD_START_MS;

/** mulberry32: a small seeded generator. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const plus = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();

function facts(i: number, r: () => number): FunnelFacts {
  const id = `APP-${String(i).padStart(6, '0')}`;
  const submittedAt = new Date(PERIOD_START_MS + Math.floor(r() * PERIOD_MS)).toISOString();
  const f: FunnelFacts = {
    applicationId: id,
    category: CATEGORIES[Math.floor(r() * CATEGORIES.length)] as string,
    status: 'IN_PROGRESS',
    createdAt: submittedAt,
    updatedAt: submittedAt,
    events: [{ at: submittedAt, action: 'submitted' }],
    reasons: [],
    tasks: [],
    bookings: [],
  };
  let now = plus(submittedAt, 2 + r() * 10);
  const after = (at: string) => Date.parse(at) < Date.parse(AS_OF);
  const reject = (step: string, code: string, at: string) => {
    f.reasons.push({ code, step, outcome: 'reject', raisedAt: at });
    f.status = 'REJECTED';
    f.rejection = { failedStep: step, at };
    f.updatedAt = at;
    if (r() < 0.3) {
      const opened = plus(at, 60 * 24 * r() * 5);
      const task: FunnelFacts['tasks'][number] = {
        kind: 'appeal',
        round: 1,
        status: 'OPEN',
        openedAt: opened,
        dueAt: addChinaWorkingDays(opened, 3),
      };
      const decided = plus(opened, 60 * 24 * r() * 5);
      if (after(decided)) {
        Object.assign(task, {
          status: 'DONE',
          decidedAt: decided,
          decision: { outcome: r() < 0.3 ? 'uphold' : 'dismiss' },
        });
      }
      f.tasks.push(task);
    }
  };
  // Checks: 41.2% of rejections are incomplete capacity proof (SPEC's quoted shape, roughly).
  const c = r();
  if (c < 0.14) {
    reject('capacity', r() < 0.41 ? 'CAPACITY_PROOF_INCOMPLETE' : 'LICENCE_INVALID', now);
    return f;
  }
  if (c < 0.45) {
    f.reasons.push({ code: 'ATTRIBUTES_MISMATCH', step: 'attributes', outcome: 'flag', raisedAt: now });
    const opened = plus(now, 1);
    const task: FunnelFacts['tasks'][number] = {
      kind: 'review_checks',
      round: 1,
      status: 'OPEN',
      openedAt: opened,
      dueAt: addChinaWorkingDays(opened, 3),
    };
    f.tasks.push(task);
    f.status = 'AWAITING_REVIEW';
    const decided = plus(opened, 60 * 24 * r() * 6);
    if (!after(decided)) return f;
    const approve = r() < 0.75;
    Object.assign(task, {
      status: 'DONE',
      decidedAt: decided,
      decision: { outcome: approve ? 'approve' : 'reject' },
    });
    (f.reasons[0] as { resolution?: string }).resolution = approve ? 'approved' : 'rejected';
    if (!approve) {
      reject('review', 'REVIEW_REJECTED', plus(decided, 1));
      return f;
    }
    now = plus(decided, 2);
  }
  const attempts = r() < 0.1 ? 2 : 1;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const bookedAt = now;
    const booking: FunnelFacts['bookings'][number] = {
      sku: 'SKU-1',
      attempt,
      labId: LABS[Math.floor(r() * LABS.length)] as string,
      bookedAt,
      dueAt: addChinaWorkingDays(bookedAt, 7),
    };
    f.bookings.push(booking);
    f.status = 'AWAITING_LAB_RESULTS';
    f.updatedAt = bookedAt;
    const posted = plus(bookedAt, 60 * 24 * (2 + r() * 10));
    if (!after(posted)) return f;
    const passed = attempt === attempts ? r() < 0.88 : false;
    booking.result = { passed, postedAt: posted };
    now = plus(posted, 2);
    if (!passed && attempt === attempts) {
      f.reasons.push({ code: 'SAMPLE_INSPECTION_FAILED', step: 'samples', outcome: 'reject', raisedAt: now });
      reject('samples', 'SAMPLE_INSPECTION_FAILED', now);
      return f;
    }
  }
  const sent = plus(now, 3);
  const sig: FunnelFacts['tasks'][number] = {
    kind: 'signature',
    round: 1,
    status: 'OPEN',
    openedAt: sent,
    dueAt: plus(sent, 14 * 24 * 60),
  };
  f.tasks.push(sig);
  f.status = 'AWAITING_SIGNATURE';
  f.updatedAt = sent;
  const s = r();
  if (s < 0.05) {
    if (!after(sig.dueAt as string)) return f;
    sig.status = 'TIMED_OUT';
    f.reasons.push({
      code: 'AGREEMENT_EXPIRED',
      step: 'agreement',
      outcome: 'reject',
      raisedAt: sig.dueAt as string,
    });
    reject('agreement', 'AGREEMENT_EXPIRED', sig.dueAt as string);
    return f;
  }
  const signed = plus(sent, 60 * 24 * r() * 10);
  if (!after(signed)) return f;
  Object.assign(sig, { status: 'DONE', decidedAt: signed, decision: { accept: s >= 0.1 } });
  if (s < 0.1) {
    f.reasons.push({ code: 'AGREEMENT_DECLINED', step: 'agreement', outcome: 'reject', raisedAt: signed });
    reject('agreement', 'AGREEMENT_DECLINED', signed);
    return f;
  }
  const admitted = plus(signed, 1);
  f.events.push({ at: admitted, action: 'admitted' });
  f.status = 'ADMITTED';
  f.updatedAt = admitted;
  return f;
}

/** `n` summaries of a generated history (the same ones for the same seed). */
export function* generateSummaries(n: number, seed = 21): Generator<FunnelSummary> {
  const r = rng(seed);
  for (let i = 0; i < n; i++) yield summarize(facts(i, r));
}
