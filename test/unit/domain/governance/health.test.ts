import { describe, expect, it } from 'vitest';
import type { GovernanceEvent } from '../../../../lambdas/domain/governance/events.js';
import { sellerHealth } from '../../../../lambdas/domain/governance/health.js';
import { DEFAULT_GOVERNANCE_SETTINGS as S } from '../../../../lambdas/domain/governance/settings.js';

const admitted: GovernanceEvent = {
  type: 'admitted',
  applicationId: 'app-1',
  uscc: 'U1',
  date: '2026-03-01',
  category: 'home',
  skus: ['H-1', 'H-2', 'H-3'],
};
const v = (id: string, date: string, extra: Partial<GovernanceEvent> = {}) =>
  ({ type: 'violation', violationId: id, uscc: 'U1', date, severity: 'minor', ...extra }) as GovernanceEvent;

describe('sellerHealth: the standing and the facts behind it', () => {
  it.each([
    { name: 'no violations', events: [], tier: 'GOOD', score: 100, atRisk: false, todo: [] },
    {
      name: 'one minor, not fixed: WARNED, confirm the fix, appeal within 14 days',
      events: [v('v1', '2026-11-25', { skus: ['H-1'] })],
      tier: 'WARNED',
      score: 90,
      atRisk: false,
      todo: [
        { kind: 'confirm_fix', violationId: 'v1', skus: ['H-1'] },
        { kind: 'appeal', violationId: 'v1', lastDay: '2026-12-09' },
      ],
    },
    {
      name: 'two minors: RESTRICTED and at risk (80 < 85)',
      events: [v('v1', '2026-06-01', { skus: ['H-1'] }), v('v2', '2026-07-01')],
      tier: 'RESTRICTED',
      score: 80,
      atRisk: true,
      todo: [
        { kind: 'confirm_fix', violationId: 'v1', skus: ['H-1'] },
        { kind: 'raise_score', healthScore: 80, atRiskBelow: 85 },
      ],
    },
    {
      name: 'an upheld appeal voids the violation: GOOD again',
      events: [
        v('v1', '2026-11-20', { skus: ['H-1'] }),
        { type: 'appeal', violationId: 'v1', date: '2026-11-30', outcome: 'uphold' },
      ],
      tier: 'GOOD',
      score: 100,
      atRisk: false,
      todo: [],
    },
    {
      name: 'egregious: BANNED, nothing to do but know it',
      events: [v('v1', '2026-04-01', { impact: 'egregious' })],
      tier: 'BANNED',
      score: 60,
      atRisk: true,
      todo: [{ kind: 'banned' }],
    },
  ] as const)('$name', ({ events, tier, score, atRisk, todo }) => {
    const h = sellerHealth([admitted, ...events], 'app-1', '2026-12-01', S);
    expect(h).toMatchObject({ tier, healthScore: score, atRisk, admittedOn: '2026-03-01' });
    expect(h?.todo).toEqual(todo);
  });

  it('says which violations count: before admission and voided ones do not; a failed spot check is one', () => {
    const h = sellerHealth(
      [
        v('old', '2026-02-01'),
        v('void', '2026-11-20'),
        { type: 'appeal', violationId: 'void', date: '2026-11-21', outcome: 'uphold' },
        {
          type: 'spot_check',
          uscc: 'U1',
          sku: 'H-2',
          date: '2026-11-10',
          passed: false,
          findings: ['UN38_3'],
        },
        { type: 'spot_check', uscc: 'U1', sku: 'H-3', date: '2026-11-11', passed: true, findings: [] },
        { type: 'fix_confirmed', violationId: 'spot:U1:H-2:2026-11-10', date: '2026-11-15' },
        admitted,
      ],
      'app-1',
      '2026-12-01',
      S,
    );
    expect(h?.tier).toBe('RESTRICTED');
    expect(h?.healthScore).toBe(75);
    expect(h?.delistedSkus).toEqual([{ sku: 'H-2', until: '2026-12-10' }]);
    const byId = Object.fromEntries((h?.violations ?? []).map((x) => [x.violationId, x]));
    expect(byId.old).toMatchObject({ counted: false, voided: false, appealBy: null });
    expect(byId.void).toMatchObject({ counted: false, voided: true, appeal: { outcome: 'uphold' } });
    expect(byId['spot:U1:H-2:2026-11-10']).toMatchObject({
      counted: true,
      severity: 'serious',
      fixedOn: '2026-11-15',
      appealBy: null, // the 14 days ended on 2026-11-24
    });
    expect(h?.spotChecks.map((c) => c.passed)).toEqual([true, false]);
  });

  it('has no health for an application not admitted by the as-of date', () => {
    expect(sellerHealth([admitted], 'app-1', '2026-02-28', S)).toBeNull();
    expect(sellerHealth([admitted], 'other', '2026-12-01', S)).toBeNull();
  });
});
