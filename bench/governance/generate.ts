/**
 * Events for `bench:governance` (issue 18's target shape): 10,000 admitted sellers and 1,000,000
 * events in all, in random order across sellers (SPEC: "in any order"): admissions, spot checks
 * (most passed, some failing with or without a safety finding), violations from ops (a few
 * egregious), fixes, appeals (upheld, dismissed, some late or second), and a small share of
 * lines that are rejects (unknown USCC, unknown violation, bad JSON). Reproducible from a seed.
 */
import { createWriteStream } from 'node:fs';
import { addDays, fromDayNumber, toDayNumber } from '../../lambdas/domain/dates';

export const AS_OF = '2026-11-30';
const FIRST_DAY = toDayNumber('2023-06-01');
const LAST_DAY = toDayNumber('2026-12-31'); // past the as-of date: some events are ignored

export interface Shape {
  sellers: number;
  events: number;
  seed: number;
}

export const BENCH_SHAPE: Shape = { sellers: 10_000, events: 1_000_000, seed: 18 };

/** mulberry32: a small, fast, seedable generator (reproducible events, not cryptography). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FINDINGS = [
  'UN38_3',
  'FORMALDEHYDE',
  'EN71_3',
  'ELECTRICAL_SAFETY',
  'LABEL_LANGUAGE',
  'MANUAL_MISSING',
  'CE_MARK',
];
const CATEGORIES = ['apparel', 'home', 'consumer_electronics', 'sports_outdoor', 'toys'];

/** Writes the events to `file`, one JSON line each; returns the count by type. */
export async function generateEvents(
  file: string,
  shape: Shape = BENCH_SHAPE,
): Promise<Record<string, number>> {
  const rnd = random(shape.seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const pick = <T>(xs: readonly T[]) => xs[int(xs.length)] as T;
  const lines: string[] = [];
  const counts: Record<string, number> = {};
  const push = (type: string, line: string) => {
    lines.push(line);
    counts[type] = (counts[type] ?? 0) + 1;
  };
  const sellers = Array.from({ length: shape.sellers }, (_, i) => {
    const uscc = `9133${String(i).padStart(14, '0')}`;
    const skus = Array.from({ length: 3 + int(20) }, (_, k) => `SKU-${i}-${k}`);
    const date = fromDayNumber(FIRST_DAY + int(500));
    push(
      'admitted',
      JSON.stringify({
        type: 'admitted',
        applicationId: `app-${String(i).padStart(6, '0')}`,
        uscc,
        date,
        category: pick(CATEGORIES),
        skus,
      }),
    );
    return { uscc, skus, admitted: toDayNumber(date), violations: [] as { id: string; day: number }[] };
  });
  const dayAfter = (from: number) => fromDayNumber(from + int(Math.max(1, LAST_DAY - from)));
  let ops = 0;
  while (lines.length < shape.events) {
    const s = pick(sellers);
    const r = rnd();
    if (r < 0.9) {
      // A spot check: 1.5% fail, some of those on a safety finding.
      const date = dayAfter(s.admitted - 30);
      const failed = rnd() < 0.015;
      const sku = pick(s.skus);
      const findings = failed ? [pick(FINDINGS)] : [];
      push(
        'spot_check',
        JSON.stringify({ type: 'spot_check', uscc: s.uscc, sku, date, passed: !failed, findings }),
      );
      if (failed) s.violations.push({ id: `spot:${s.uscc}:${sku}:${date}`, day: toDayNumber(date) });
    } else if (r < 0.92) {
      const id = `ops-${ops++}`;
      const date = dayAfter(s.admitted - 60);
      const event: Record<string, unknown> = {
        type: 'violation',
        violationId: id,
        uscc: s.uscc,
        date,
        severity: rnd() < 0.2 ? 'serious' : 'minor',
        skus: [pick(s.skus)],
        violationType: 'listing',
        note: 'generated',
      };
      if (rnd() < 0.01) event.impact = 'egregious';
      push('violation', JSON.stringify(event));
      s.violations.push({ id, day: toDayNumber(date) });
    } else if (r < 0.96 && s.violations.length > 0) {
      const v = pick(s.violations);
      push(
        'fix_confirmed',
        JSON.stringify({
          type: 'fix_confirmed',
          violationId: v.id,
          date: addDays(fromDayNumber(v.day), int(20)),
        }),
      );
    } else if (r < 0.99 && s.violations.length > 0) {
      // Mostly within 14 days; some late (day 15–20) or a second appeal of the same violation.
      const v = pick(s.violations);
      const outcome = rnd() < 0.4 ? 'uphold' : 'dismiss';
      push(
        'appeal',
        JSON.stringify({
          type: 'appeal',
          violationId: v.id,
          date: addDays(fromDayNumber(v.day), int(21)),
          outcome,
        }),
      );
    } else if (r < 0.995) {
      push(
        'reject',
        JSON.stringify({
          type: 'violation',
          violationId: `x-${ops++}`,
          uscc: '91000000000000000X',
          date: '2026-01-01',
          severity: 'minor',
        }),
      );
    } else {
      push(
        'reject',
        pick([
          '{"type":"appeal"',
          '{"type":"fix_confirmed","violationId":"nope","date":"2026-02-30"}',
          'garbage',
        ]),
      );
    }
  }
  // Any order: shuffle (Fisher–Yates), so an admission may come after its violations.
  for (let i = lines.length - 1; i > 0; i--) {
    const j = int(i + 1);
    const t = lines[i] as string;
    lines[i] = lines[j] as string;
    lines[j] = t;
  }
  const out = createWriteStream(file);
  for (let i = 0; i < lines.length; i += 10_000) {
    const ok = out.write(`${lines.slice(i, i + 10_000).join('\n')}\n`);
    if (!ok) await new Promise<void>((done) => out.once('drain', () => done()));
  }
  await new Promise<void>((done, failed) => {
    out.once('error', failed);
    out.end(() => done());
  });
  return counts;
}
