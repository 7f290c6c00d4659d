import { describe, expect, it } from 'vitest';
import {
  type AppealFiling,
  confirmFix,
  decideAppeal,
  mayAppeal,
  withFilings,
} from '../../../../lambdas/domain/governance/appeal-filing.js';
import type { GovernanceEvent } from '../../../../lambdas/domain/governance/events.js';
import { sellerHealth } from '../../../../lambdas/domain/governance/health.js';
import { DEFAULT_GOVERNANCE_SETTINGS as settings } from '../../../../lambdas/domain/governance/settings.js';

const U = '91330100MA2XYZ001A';
const history: GovernanceEvent[] = [
  {
    type: 'admitted',
    applicationId: 'app-1',
    uscc: U,
    date: '2026-01-10',
    category: 'toys',
    skus: ['S1', 'S2'],
  },
  { type: 'violation', violationId: 'v1', uscc: U, date: '2026-06-01', severity: 'minor', skus: ['S1'] },
  { type: 'spot_check', uscc: U, sku: 'S2', date: '2026-06-05', passed: false, findings: ['EN71_3'] },
  { type: 'violation', violationId: 'later', uscc: U, date: '2026-07-01', severity: 'minor' },
];
const filing = (violationId: string, date: string, decided = false): AppealFiling => ({
  violationId,
  uscc: U,
  applicationId: 'app-1',
  date,
  filedAt: `${date}T02:00:00.000Z`,
  filedBy: 'seller-a',
  statement: 'we hold the invoices',
  evidence: [
    {
      evidenceId: 'e1',
      kind: 'purchase_invoices',
      file: 'inv.pdf',
      key: 'k',
      contentType: 'application/pdf',
      size: 9,
      sha256: 'x',
    },
  ],
  ...(decided ? { decision: { outcome: 'dismiss', note: 'n', decidedOn: date, decidedBy: 'ops' } } : {}),
});

describe('mayAppeal (v1 dated 2026-06-01, 14 days)', () => {
  it.each<[string, string, string, AppealFiling[], GovernanceEvent[], string | null]>([
    // name, violation, today, filings, extra events, refusal status (null: may)
    ['on the violation day', 'v1', '2026-06-01', [], [], null],
    ['on day 14 (2026-06-15)', 'v1', '2026-06-15', [], [], null],
    ['on day 15 (2026-06-16): too late', 'v1', '2026-06-16', [], [], 'rule'],
    ['a spot check failure by its id', 'spot:91330100MA2XYZ001A:S2:2026-06-05', '2026-06-06', [], [], null],
    ['an unknown violation', 'nope', '2026-06-02', [], [], 'not_found'],
    ['a violation dated after today is not known yet', 'later', '2026-06-20', [], [], 'not_found'],
    [
      'a second appeal while the first is open',
      'v1',
      '2026-06-03',
      [filing('v1', '2026-06-02')],
      [],
      'conflict',
    ],
    [
      'a second appeal after a decision',
      'v1',
      '2026-06-03',
      [filing('v1', '2026-06-02', true)],
      [],
      'conflict',
    ],
    [
      'an appeal the history records already (imported)',
      'v1',
      '2026-06-03',
      [],
      [{ type: 'appeal', violationId: 'v1', date: '2026-06-02', outcome: 'dismiss' }],
      'conflict',
    ],
    ['another violation appealed does not matter', 'v1', '2026-06-03', [filing('x', '2026-06-02')], [], null],
  ])('%s', (_name, id, today, filings, extra, refusal) => {
    const r = mayAppeal([...history, ...extra], filings, id, today, settings);
    expect(r.ok ? null : r.refusal.status).toBe(refusal);
    if (!r.ok) expect(r.refusal.field).toBe('violationId');
  });
});

describe('confirmFix', () => {
  it.each<[string, string, string, GovernanceEvent[], string | null]>([
    ['a known violation', 'v1', '2026-06-02', [], null],
    ['an unknown one', 'nope', '2026-06-02', [], 'not_found'],
    [
      'confirmed already',
      'v1',
      '2026-06-09',
      [{ type: 'fix_confirmed', violationId: 'v1', date: '2026-06-03' }],
      'conflict',
    ],
  ])('%s', (_name, id, today, extra, refusal) => {
    const r = confirmFix([...history, ...extra], id, today, settings);
    expect(r.ok ? null : r.refusal.status).toBe(refusal);
    if (r.ok) expect(r.value).toEqual({ type: 'fix_confirmed', violationId: id, date: today });
  });
});

describe('decideAppeal', () => {
  it('records the appeal dated the day it was filed, so the 14 days are judged then', () => {
    const r = decideAppeal(filing('v1', '2026-06-15'), 'uphold');
    expect(r).toEqual({
      ok: true,
      value: { type: 'appeal', violationId: 'v1', date: '2026-06-15', outcome: 'uphold' },
    });
  });
  it.each<[string, AppealFiling | undefined, string]>([
    ['nothing filed', undefined, 'not_found'],
    ['decided already', filing('v1', '2026-06-02', true), 'conflict'],
  ])('refuses: %s', (_name, f, status) => {
    const r = decideAppeal(f, 'dismiss');
    expect(r.ok ? null : r.refusal.status).toBe(status);
  });
  it('upheld on a filing of day 14 decided on day 20: voided, WARNED → GOOD, S1 listed again', () => {
    const asOf = '2026-06-20';
    const base = history.slice(0, 2);
    expect(sellerHealth(base, 'app-1', asOf, settings)).toMatchObject({ tier: 'WARNED', healthScore: 90 });
    const r = decideAppeal(filing('v1', '2026-06-15'), 'uphold');
    if (!r.ok) throw new Error('refused');
    const after = sellerHealth([...base, r.value], 'app-1', asOf, settings);
    expect(after).toMatchObject({ tier: 'GOOD', healthScore: 100, delistedSkus: [], violationsCounted: 0 });
    const dismissed = decideAppeal(filing('v1', '2026-06-15'), 'dismiss');
    if (!dismissed.ok) throw new Error('refused');
    expect(sellerHealth([...base, dismissed.value], 'app-1', asOf, settings)).toMatchObject({
      tier: 'WARNED',
    });
  });
});

describe('withFilings', () => {
  it('marks the appealed violation, drops its appeal-by day and its "appeal" to-do', () => {
    const h = sellerHealth(history.slice(0, 3), 'app-1', '2026-06-06', settings);
    if (!h) throw new Error('no health');
    expect(h.todo.filter((t) => t.kind === 'appeal')).toHaveLength(2);
    const out = withFilings(h, [filing('v1', '2026-06-02')]);
    const v1 = out.violations.find((v) => v.violationId === 'v1');
    expect(v1).toMatchObject({ appealBy: null, appealFiled: { date: '2026-06-02', decision: null } });
    expect(v1?.appealFiled?.evidence).toEqual([{ kind: 'purchase_invoices', file: 'inv.pdf' }]);
    expect(out.violations.find((v) => v.violationId !== 'v1')?.appealFiled).toBeNull();
    expect(
      out.todo.filter((t) => t.kind === 'appeal').map((t) => 'violationId' in t && t.violationId),
    ).toEqual(['spot:91330100MA2XYZ001A:S2:2026-06-05']);
  });
});
