import { describe, expect, it } from 'vitest';
import { decideAppeals } from '../../../../lambdas/domain/governance/appeals.js';
import { DEFAULT_GOVERNANCE_SETTINGS as settings } from '../../../../lambdas/domain/governance/settings.js';

type A = { date: string; outcome: 'uphold' | 'dismiss' };
const uphold = (date: string): A => ({ date, outcome: 'uphold' });
const dismiss = (date: string): A => ({ date, outcome: 'dismiss' });

describe('decideAppeals (violation dated 2026-06-01, 14 days)', () => {
  it.each<[string, A[], string | null, string[]]>([
    // name, appeals by date, voidedOn, refusals
    ['none', [], null, []],
    ['upheld on the violation day', [uphold('2026-06-01')], '2026-06-01', []],
    ['upheld on day 14 (2026-06-15): accepted', [uphold('2026-06-15')], '2026-06-15', []],
    ['upheld on day 15 (2026-06-16): late', [uphold('2026-06-16')], null, ['late']],
    ['dismissed in time: nothing changes', [dismiss('2026-06-10')], null, []],
    [
      'dismissed, then upheld: the second is refused',
      [dismiss('2026-06-02'), uphold('2026-06-03')],
      null,
      ['second'],
    ],
    [
      'upheld, then dismissed: still voided',
      [uphold('2026-06-02'), dismiss('2026-06-03')],
      '2026-06-02',
      ['second'],
    ],
    ['late, then later: both refused', [uphold('2026-06-20'), uphold('2026-06-21')], null, ['late', 'late']],
  ])('%s', (_name, appeals, voidedOn, refusals) => {
    const d = decideAppeals('2026-06-01', appeals, settings);
    expect(d.voidedOn).toBe(voidedOn);
    expect(d.refused.map((r) => r.refusal.kind)).toEqual(refusals);
  });
  it('the window crosses a month end: 2026-01-31 + 14 = 2026-02-14', () => {
    expect(decideAppeals('2026-01-31', [uphold('2026-02-14')], settings).voidedOn).toBe('2026-02-14');
    expect(decideAppeals('2026-01-31', [uphold('2026-02-15')], settings).voidedOn).toBeNull();
  });
});
