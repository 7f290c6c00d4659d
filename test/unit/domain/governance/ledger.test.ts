import { describe, expect, it } from 'vitest';
import type { GovernanceEvent } from '../../../../lambdas/domain/governance/events.js';
import { spotCheckViolation } from '../../../../lambdas/domain/governance/events.js';
import { GovernanceLedger } from '../../../../lambdas/domain/governance/ledger.js';
import { DEFAULT_GOVERNANCE_SETTINGS as settings } from '../../../../lambdas/domain/governance/settings.js';

const U1 = '91330782MA2B3C4D5E';
const U2 = '91440300MA5F6G7H8J';
const admitted = (applicationId: string, uscc: string, date = '2025-01-10'): GovernanceEvent => ({
  type: 'admitted',
  applicationId,
  uscc,
  date,
  category: 'home',
  skus: ['S1', 'S2'],
});
const violation = (violationId: string, date: string, more: object = {}): GovernanceEvent => ({
  type: 'violation',
  violationId,
  uscc: U1,
  date,
  severity: 'minor',
  skus: ['S1'],
  ...more,
});

/** Runs events (one line each of file `e.jsonl`) at an as-of date. */
function run(events: GovernanceEvent[], asOf = '2026-11-20') {
  const ledger = new GovernanceLedger(asOf, settings);
  events.forEach((e, i) => {
    ledger.add(e, { file: 'e.jsonl', line: i + 1 });
  });
  return ledger.resolve();
}

describe('spotCheckViolation', () => {
  const check = { type: 'spot_check' as const, uscc: U1, sku: 'S2', date: '2026-05-05', passed: false };
  it.each<[string, string[], 'minor' | 'serious']>([
    ['no safety finding: minor', ['LABEL_LANGUAGE'], 'minor'],
    ['UN38_3: serious', ['UN38_3'], 'serious'],
    ['FORMALDEHYDE among others: serious', ['LABEL_LANGUAGE', 'FORMALDEHYDE'], 'serious'],
    ['EN71_3: serious', ['EN71_3'], 'serious'],
    ['ELECTRICAL_SAFETY: serious', ['ELECTRICAL_SAFETY'], 'serious'],
    ['no finding at all: minor', [], 'minor'],
  ])('%s', (_name, findings, severity) => {
    expect(spotCheckViolation({ ...check, findings }, settings.safetyFindings)).toMatchObject({
      violationId: `spot:${U1}:S2:2026-05-05`,
      date: '2026-05-05',
      severity,
      skus: ['S2'],
    });
  });
  it('a passed check records no violation', () => {
    expect(spotCheckViolation({ ...check, passed: true, findings: [] }, settings.safetyFindings)).toBeNull();
  });
});

describe('GovernanceLedger', () => {
  it('gives one record per admitted seller ordered by applicationId, with SPEC fields in order', () => {
    const { sellers, rejects } = run([
      admitted('app-b', U2),
      admitted('app-a', U1),
      violation('v1', '2026-06-01'),
    ]);
    expect(rejects).toEqual([]);
    expect(sellers.map((s) => s.applicationId)).toEqual(['app-a', 'app-b']);
    expect(Object.keys(sellers[0] as object)).toEqual([
      'applicationId',
      'uscc',
      'tier',
      'healthScore',
      'atRisk',
      'delistedSkus',
      'settlementTermDays',
      'violationsCounted',
    ]);
    expect(sellers[0]).toMatchObject({
      tier: 'WARNED',
      healthScore: 90,
      delistedSkus: [{ sku: 'S1', until: null }],
    });
    expect(sellers[1]).toMatchObject({ tier: 'GOOD', healthScore: 100, delistedSkus: [] });
  });

  it('reads events in any order: an admission after its violations in the file', () => {
    const { sellers } = run([
      violation('v1', '2026-06-01'),
      violation('v2', '2026-07-01'),
      admitted('app-a', U1),
    ]);
    expect(sellers[0]?.tier).toBe('RESTRICTED');
  });

  it('a failed spot check is a violation with id spot:<uscc>:<sku>:<date> that a fix can name', () => {
    const { sellers, rejects } = run([
      admitted('app-a', U1),
      { type: 'spot_check', uscc: U1, sku: 'S2', date: '2026-05-05', passed: false, findings: ['UN38_3'] },
      { type: 'spot_check', uscc: U1, sku: 'S1', date: '2026-05-05', passed: true, findings: [] },
      { type: 'fix_confirmed', violationId: `spot:${U1}:S2:2026-05-05`, date: '2026-05-07' },
    ]);
    expect(rejects).toEqual([]);
    expect(sellers[0]).toMatchObject({
      tier: 'RESTRICTED',
      healthScore: 75,
      delistedSkus: [{ sku: 'S2', until: '2026-06-04' }],
      violationsCounted: 1,
    });
  });

  it('ignores events dated after the as-of date (a fix or appeal of a later violation names an unknown one)', () => {
    const { sellers, rejects } = run([
      admitted('app-a', U1),
      admitted('app-late', U2, '2026-11-21'),
      violation('v1', '2026-11-21'),
      { type: 'fix_confirmed', violationId: 'v1', date: '2026-11-20' },
    ]);
    expect(sellers.map((s) => [s.applicationId, s.tier])).toEqual([['app-a', 'GOOD']]);
    expect(rejects).toEqual([{ file: 'e.jsonl', line: 4, reason: 'fix of unknown violation v1' }]);
  });

  it('does not count violations dated before the admission, but knows them', () => {
    const { sellers, rejects } = run([
      admitted('app-a', U1, '2026-03-01'),
      violation('v0', '2026-02-28', { impact: 'egregious' }),
      { type: 'fix_confirmed', violationId: 'v0', date: '2026-03-02' },
    ]);
    expect(rejects).toEqual([]);
    expect(sellers[0]).toMatchObject({ tier: 'GOOD', violationsCounted: 0, healthScore: 100 });
  });

  it('an upheld appeal voids the violation; a dismissed one changes nothing', () => {
    const { sellers } = run([
      admitted('app-a', U1),
      admitted('app-b', U2),
      violation('v1', '2026-06-01'),
      violation('v2', '2026-06-01', { uscc: U2 }),
      { type: 'appeal', violationId: 'v1', date: '2026-06-15', outcome: 'uphold' },
      { type: 'appeal', violationId: 'v2', date: '2026-06-15', outcome: 'dismiss' },
    ]);
    expect(sellers.map((s) => s.tier)).toEqual(['GOOD', 'WARNED']);
  });

  it('rejects, in the order read: unknown USCC, unknown violation, late and second appeals, duplicates', () => {
    const { sellers, rejects } = run([
      admitted('app-a', U1),
      violation('v1', '2026-06-01'),
      violation('vx', '2026-06-01', { uscc: U2 }),
      { type: 'spot_check', uscc: U2, sku: 'S1', date: '2026-06-01', passed: true, findings: [] },
      { type: 'fix_confirmed', violationId: 'nope', date: '2026-06-02' },
      { type: 'appeal', violationId: 'nope', date: '2026-06-02', outcome: 'uphold' },
      { type: 'appeal', violationId: 'v1', date: '2026-06-16', outcome: 'uphold' },
      { type: 'appeal', violationId: 'v1', date: '2026-06-10', outcome: 'dismiss' },
      violation('v1', '2026-07-01'),
      admitted('app-a', U1),
    ]);
    expect(rejects.map((r) => [r.line, r.reason])).toEqual([
      [3, `violation of USCC ${U2}, which has no admission`],
      [4, `spot check of USCC ${U2}, which has no admission`],
      [5, 'fix of unknown violation nope'],
      [6, 'appeal of unknown violation nope'],
      [7, 'appeal of violation v1 dated 2026-06-16, more than 14 days after it (last day 2026-06-15)'],
      [9, 'violation v1 recorded twice'],
      [10, 'admission of app-a recorded twice'],
    ]);
    // The appeal by date is the dismissed one on 2026-06-10: v1 still counts.
    expect(sellers[0]).toMatchObject({ tier: 'WARNED', violationsCounted: 1 });
  });

  it('a second appeal (by date) is rejected even when it is read first', () => {
    const { sellers, rejects } = run([
      admitted('app-a', U1),
      violation('v1', '2026-06-01'),
      { type: 'appeal', violationId: 'v1', date: '2026-06-12', outcome: 'dismiss' },
      { type: 'appeal', violationId: 'v1', date: '2026-06-11', outcome: 'uphold' },
    ]);
    expect(rejects).toEqual([
      { file: 'e.jsonl', line: 3, reason: 'second appeal of violation v1 (the first was dated 2026-06-11)' },
    ]);
    expect(sellers[0]?.tier).toBe('GOOD');
  });
});
