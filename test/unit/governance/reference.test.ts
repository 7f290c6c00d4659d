/**
 * A second, naive reading of SPEC "After admission" (written apart from lambdas/domain/governance,
 * with JavaScript dates and no shared helper), run beside the ledger on random histories: both must
 * give the same records and reject the same lines.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GovernanceEvent } from '../../../lambdas/domain/governance/events.js';
import { GovernanceLedger } from '../../../lambdas/domain/governance/ledger.js';
import { DEFAULT_GOVERNANCE_SETTINGS } from '../../../lambdas/domain/governance/settings.js';

type E = GovernanceEvent;
const SAFETY = ['UN38_3', 'FORMALDEHYDE', 'EN71_3', 'ELECTRICAL_SAFETY'];

const utc = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const plusDays = (d: string, n: number) => iso(utc(d) + n * 86_400_000);
/** Same month and day a year earlier; a day the month lacks (29 February) is its last day. */
function yearBefore(d: string): string {
  const y = Number(d.slice(0, 4)) - 1;
  const m = Number(d.slice(5, 7));
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${String(y).padStart(4, '0')}-${d.slice(5, 7)}-${String(Math.min(Number(d.slice(8, 10)), last)).padStart(2, '0')}`;
}

function reference(events: E[], asOf: string) {
  const rejects: number[] = [];
  const seen = events.map((e, i) => ({ e, line: i + 1 })).filter(({ e }) => e.date <= asOf);
  const admissions = seen.filter((x) => x.e.type === 'admitted') as {
    e: Extract<E, { type: 'admitted' }>;
    line: number;
  }[];
  const usccs = new Set(admissions.map((a) => a.e.uscc));
  const violations = new Map<
    string,
    { uscc: string; date: string; severity: string; impact?: string; skus: string[] }
  >();
  for (const { e, line } of seen) {
    if (e.type === 'violation' || e.type === 'spot_check') {
      if (!usccs.has(e.uscc)) {
        rejects.push(line);
        continue;
      }
    }
    if (e.type === 'violation') violations.set(e.violationId, { ...e, skus: e.skus ?? [] });
    if (e.type === 'spot_check' && !e.passed)
      violations.set(`spot:${e.uscc}:${e.sku}:${e.date}`, {
        uscc: e.uscc,
        date: e.date,
        severity: e.findings.some((f) => SAFETY.includes(f)) ? 'serious' : 'minor',
        skus: [e.sku],
      });
  }
  const fixedOn = new Map<string, string>();
  const appeals = new Map<string, { date: string; outcome: string; line: number }[]>();
  for (const { e, line } of seen) {
    if (e.type !== 'fix_confirmed' && e.type !== 'appeal') continue;
    if (!violations.has(e.violationId)) {
      rejects.push(line);
      continue;
    }
    if (e.type === 'fix_confirmed') {
      const was = fixedOn.get(e.violationId);
      if (!was || e.date < was) fixedOn.set(e.violationId, e.date);
    } else appeals.set(e.violationId, [...(appeals.get(e.violationId) ?? []), { ...e, line }]);
  }
  const voided = new Set<string>();
  for (const [id, list] of appeals) {
    const v = violations.get(id) as { date: string };
    const sorted = [...list].sort((a, b) => (a.date === b.date ? a.line - b.line : a.date < b.date ? -1 : 1));
    sorted.forEach((a, i) => {
      if (a.date > plusDays(v.date, 14) || i > 0) rejects.push(a.line);
      else if (a.outcome === 'uphold') voided.add(id);
    });
  }
  const from = yearBefore(asOf);
  const records = admissions
    .sort((a, b) => (a.e.applicationId < b.e.applicationId ? -1 : 1))
    .map(({ e: a }) => {
      const since = [...violations].filter(
        ([id, v]) => v.uscc === a.uscc && v.date >= a.date && !voided.has(id),
      );
      const recent = since.filter(([, v]) => v.date >= from);
      let tier = 'GOOD';
      if (since.length >= 4 || since.some(([, v]) => v.impact === 'egregious')) tier = 'BANNED';
      else if (recent.length >= 2 || recent.some(([, v]) => v.severity === 'serious')) tier = 'RESTRICTED';
      else if (recent.length === 1) tier = 'WARNED';
      const until = new Map<string, string | null>();
      if (tier === 'BANNED') for (const s of a.skus) until.set(s, null);
      if (tier === 'RESTRICTED' || tier === 'WARNED')
        for (const [id, v] of recent) {
          const fix = fixedOn.get(id);
          const day = fix === undefined ? null : tier === 'RESTRICTED' ? plusDays(v.date, 30) : fix;
          for (const s of v.skus) {
            const was = until.get(s);
            if (was === undefined) until.set(s, day);
            else until.set(s, was === null || day === null ? null : was > day ? was : day);
          }
        }
      const deducted = recent.reduce(
        (n, [, v]) => n + (v.impact === 'egregious' ? 40 : v.severity === 'serious' ? 25 : 10),
        0,
      );
      const healthScore = Math.max(0, 100 - deducted);
      return {
        applicationId: a.applicationId,
        uscc: a.uscc,
        tier,
        healthScore,
        atRisk: healthScore < 85,
        delistedSkus: [...until.keys()].sort().map((sku) => ({ sku, until: until.get(sku) ?? null })),
        settlementTermDays: tier === 'BANNED' ? 75 : 15,
        violationsCounted: recent.length,
      };
    });
  return { records, rejects: rejects.sort((x, y) => x - y) };
}

const day = fc
  .integer({ min: utc('2024-01-01'), max: utc('2026-12-31') })
  .map((ms) => iso(ms - (ms % 86_400_000)));
const uscc = fc.constantFrom('U1', 'U2', 'U3', 'U9');
const sku = fc.constantFrom('S1', 'S2', 'S3');
const vid = fc.constantFrom('v0', 'v1', 'v2', 'v3', 'v4', 'v5', 'v6', 'v7', 'v8', 'v9', 'vx');

function history(): fc.Arbitrary<E[]> {
  const admissions = fc
    .uniqueArray(fc.constantFrom('U1', 'U2', 'U3'), { minLength: 1, maxLength: 3 })
    .chain((list) =>
      fc.tuple(
        ...list.map((u, i) =>
          day.map(
            (d): E => ({
              type: 'admitted',
              applicationId: `app-${3 - i}`,
              uscc: u,
              date: d,
              category: 'home',
              skus: ['S1', 'S2', 'S3'],
            }),
          ),
        ),
      ),
    );
  const violations = fc
    .uniqueArray(
      fc.record({
        id: vid.filter((v) => v !== 'vx'),
        u: uscc,
        d: day,
        serious: fc.boolean(),
        egregious: fc.integer({ min: 0, max: 9 }),
        skus: fc.subarray(['S1', 'S2', 'S3']),
      }),
      { selector: (v) => v.id, maxLength: 9 },
    )
    .map((list) =>
      list.map(
        ({ id, u, d, serious, egregious, skus }): E => ({
          type: 'violation',
          violationId: id,
          uscc: u,
          date: d,
          severity: serious ? 'serious' : 'minor',
          ...(egregious === 0 ? { impact: 'egregious' as const } : {}),
          skus,
        }),
      ),
    );
  const checks = fc
    .array(
      fc.record({
        u: uscc,
        s: sku,
        d: day,
        passed: fc.boolean(),
        f: fc.subarray(['UN38_3', 'LABEL', 'EN71_3']),
      }),
      { maxLength: 4 },
    )
    .map((list) => {
      const unique = new Map(list.map((c) => [`${c.u}:${c.s}:${c.d}`, c]));
      return [...unique.values()].map(
        ({ u, s, d, passed, f }): E => ({
          type: 'spot_check',
          uscc: u,
          sku: s,
          date: d,
          passed,
          findings: f,
        }),
      );
    });
  const refs = fc.array(
    fc.oneof(
      fc
        .record({ id: vid, d: day })
        .map(({ id, d }): E => ({ type: 'fix_confirmed', violationId: id, date: d })),
      fc.record({ id: vid, d: day, up: fc.boolean() }).map(
        ({ id, d, up }): E => ({
          type: 'appeal',
          violationId: id,
          date: d,
          outcome: up ? 'uphold' : 'dismiss',
        }),
      ),
    ),
    { maxLength: 10 },
  );
  return fc
    .tuple(admissions, violations, checks, refs)
    .chain(([a, v, c, r]) =>
      fc.shuffledSubarray([...a, ...v, ...c, ...r], { minLength: a.length + v.length + c.length + r.length }),
    );
}

describe('the ledger against a naive reading of SPEC', () => {
  it('gives the same records and rejects the same lines on random histories', () => {
    const tiers = new Set<string>();
    let rejected = 0;
    let delistedWithDay = 0;
    fc.assert(
      fc.property(history(), day, (events, asOf) => {
        const ledger = new GovernanceLedger(asOf, DEFAULT_GOVERNANCE_SETTINGS);
        events.forEach((e, i) => {
          ledger.add(e, { file: 'f', line: i + 1 });
        });
        const got = ledger.resolve();
        const want = reference(events, asOf);
        expect(got.sellers).toEqual(want.records);
        expect(got.rejects.map((r) => r.line)).toEqual(want.rejects);
        for (const r of got.sellers) tiers.add(r.tier);
        rejected += got.rejects.length;
        delistedWithDay += got.sellers.filter((r) => r.delistedSkus.some((d) => d.until !== null)).length;
      }),
      { numRuns: 3000 },
    );
    // The histories reach every tier, rejects and delistings with a date (else the test says little).
    expect([...tiers].sort()).toEqual(['BANNED', 'GOOD', 'RESTRICTED', 'WARNED']);
    expect(rejected).toBeGreaterThan(100);
    expect(delistedWithDay).toBeGreaterThan(20);
  });
});
