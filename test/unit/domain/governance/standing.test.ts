import { describe, expect, it } from 'vitest';
import {
  parseGovernanceSettings,
  DEFAULT_GOVERNANCE_SETTINGS as settings,
} from '../../../../lambdas/domain/governance/settings.js';
import { type GovernedViolation, standing } from '../../../../lambdas/domain/governance/standing.js';

// Admitted 2024-01-10; as-of 2026-11-20, so the 12-month window is 2025-11-20 … 2026-11-20.
const ADMISSION = { date: '2024-01-10', skus: ['SKU-A', 'SKU-B', 'SKU-C'] };
const AS_OF = '2026-11-20';
const v = (date: string, more: Partial<GovernedViolation> = {}): GovernedViolation => ({
  date,
  severity: 'minor',
  skus: ['SKU-A'],
  ...more,
});
const at = (violations: GovernedViolation[], asOf = AS_OF) => standing(ADMISSION, violations, asOf, settings);

describe('standing: tier, health and counted violations', () => {
  it.each<[string, GovernedViolation[], string, number, number]>([
    // name, violations, tier, healthScore, violationsCounted
    ['no violation', [], 'GOOD', 100, 0],
    ['1 minor on the window start 2025-11-20', [v('2025-11-20')], 'WARNED', 90, 1],
    ['1 minor the day before the window, 2025-11-19', [v('2025-11-19')], 'GOOD', 100, 0],
    ['1 minor on the as-of date', [v('2026-11-20')], 'WARNED', 90, 1],
    ['1 minor after the as-of date (not happened yet)', [v('2026-11-21')], 'GOOD', 100, 0],
    ['2 minor in the window', [v('2026-01-01'), v('2026-02-01')], 'RESTRICTED', 80, 2],
    ['3 minor in the window', [v('2026-01-01'), v('2026-02-01'), v('2026-03-01')], 'RESTRICTED', 70, 3],
    [
      '4 minor in the window',
      [v('2026-01-01'), v('2026-02-01'), v('2026-03-01'), v('2026-04-01')],
      'BANNED',
      60,
      4,
    ],
    [
      '4 since admission, 3 of them before the window (any age)',
      [v('2024-02-01'), v('2024-06-01'), v('2025-01-01'), v('2026-04-01')],
      'BANNED',
      90,
      1,
    ],
    [
      '3 since admission, all before the window',
      [v('2024-02-01'), v('2024-06-01'), v('2025-01-01')],
      'GOOD',
      100,
      0,
    ],
    ['1 serious in the window', [v('2026-06-01', { severity: 'serious' })], 'RESTRICTED', 75, 1],
    ['1 serious before the window', [v('2025-06-01', { severity: 'serious' })], 'GOOD', 100, 0],
    [
      'an egregious minor in the window (40 instead of 10)',
      [v('2026-06-01', { impact: 'egregious' })],
      'BANNED',
      60,
      1,
    ],
    [
      'an egregious one two years ago (any age), nothing in the window',
      [v('2024-03-01', { severity: 'serious', impact: 'egregious' })],
      'BANNED',
      100,
      0,
    ],
    [
      'violations before the admission date do not count',
      [v('2024-01-09'), v('2023-05-01', { impact: 'egregious' })],
      'GOOD',
      100,
      0,
    ],
    [
      'a violation on the admission date counts',
      [v('2024-01-10', { impact: 'egregious' })],
      'BANNED',
      100,
      0,
    ],
    ['1 minor voided by an upheld appeal', [v('2026-06-01', { voidedOn: '2026-06-10' })], 'GOOD', 100, 0],
    [
      'voided by an appeal decided after the as-of date: still counts',
      [v('2026-11-15', { voidedOn: '2026-11-21' })],
      'WARNED',
      90,
      1,
    ],
    [
      '2 minor, one voided: back to WARNED',
      [v('2026-01-01'), v('2026-02-01', { voidedOn: '2026-02-05' })],
      'WARNED',
      90,
      1,
    ],
    [
      '4 since admission, one voided: not banned',
      [v('2024-02-01'), v('2024-06-01'), v('2025-01-01'), v('2026-04-01', { voidedOn: '2026-04-02' })],
      'GOOD',
      100,
      0,
    ],
    [
      'the score never drops below 0',
      [
        v('2026-01-01', { impact: 'egregious' }),
        v('2026-02-01', { impact: 'egregious' }),
        v('2026-03-01', { impact: 'egregious' }),
      ],
      'BANNED',
      0,
      3,
    ],
  ])('%s', (_name, violations, tier, healthScore, counted) => {
    const s = at(violations);
    expect({ tier: s.tier, healthScore: s.healthScore, violationsCounted: s.violationsCounted }).toEqual({
      tier,
      healthScore,
      violationsCounted: counted,
    });
  });

  it.each<[string, GovernedViolation[], boolean]>([
    ['100: not at risk', [], false],
    ['90 (1 minor): not at risk', [v('2026-06-01')], false],
    ['80 (2 minor): at risk', [v('2026-06-01'), v('2026-07-01')], true],
    ['75 (1 serious): at risk', [v('2026-06-01', { severity: 'serious' })], true],
  ])('atRisk below 85: %s', (_name, violations, atRisk) => {
    expect(at(violations).atRisk).toBe(atRisk);
  });

  it('85 is not at risk, 84 is (threshold from settings)', () => {
    const custom = { ...settings, deductions: { minor: 15, serious: 16, egregious: 40 } };
    expect(standing(ADMISSION, [v('2026-06-01')], AS_OF, custom).atRisk).toBe(false);
    expect(standing(ADMISSION, [v('2026-06-01', { severity: 'serious' })], AS_OF, custom).atRisk).toBe(true);
  });

  it.each<[string, GovernedViolation[], number]>([
    ['GOOD', [], 15],
    ['RESTRICTED', [v('2026-01-01'), v('2026-02-01'), v('2026-03-01')], 15],
    ['BANNED', [v('2026-01-01'), v('2026-02-01'), v('2026-03-01'), v('2026-04-01')], 75],
  ])('settlementTermDays when %s', (_tier, violations, days) => {
    expect(at(violations).settlementTermDays).toBe(days);
  });

  it('windows follow SPEC "Dates": as-of 2028-02-29 looks back to 2027-02-28', () => {
    const admission = { date: '2020-01-01', skus: [] };
    expect(standing(admission, [v('2027-02-28')], '2028-02-29', settings).violationsCounted).toBe(1);
    expect(standing(admission, [v('2027-02-27')], '2028-02-29', settings).violationsCounted).toBe(0);
  });
});

describe('standing: delisted SKUs and until', () => {
  it.each<[string, GovernedViolation[], { sku: string; until: string | null }[]]>([
    ['GOOD: none', [], []],
    [
      'WARNED, fix not confirmed: until null',
      [v('2026-06-01', { skus: ['SKU-B'] })],
      [{ sku: 'SKU-B', until: null }],
    ],
    [
      'WARNED, fix confirmed: listed again from the fix day',
      [v('2026-06-01', { skus: ['SKU-B'], fixedOn: '2026-06-04' })],
      [{ sku: 'SKU-B', until: '2026-06-04' }],
    ],
    [
      'WARNED, fix confirmed after the as-of date: still null',
      [v('2026-11-10', { skus: ['SKU-B'], fixedOn: '2026-11-21' })],
      [{ sku: 'SKU-B', until: null }],
    ],
    ['WARNED, a violation naming no SKU', [v('2026-06-01', { skus: undefined })], []],
    [
      'RESTRICTED, fixed: violation + 30 days',
      [v('2026-06-01', { severity: 'serious', skus: ['SKU-C'], fixedOn: '2026-06-02' })],
      [{ sku: 'SKU-C', until: '2026-07-01' }],
    ],
    [
      'RESTRICTED, fixed 40 days after: still violation + 30 days',
      [v('2026-06-01', { severity: 'serious', skus: ['SKU-C'], fixedOn: '2026-07-11' })],
      [{ sku: 'SKU-C', until: '2026-07-01' }],
    ],
    [
      'RESTRICTED, not fixed: null',
      [v('2026-06-01', { severity: 'serious', skus: ['SKU-C'] })],
      [{ sku: 'SKU-C', until: null }],
    ],
    [
      'a SKU named by several violations: the latest until',
      [
        v('2026-03-01', { skus: ['SKU-A', 'SKU-B'], fixedOn: '2026-03-02' }),
        v('2026-05-01', { skus: ['SKU-A'], fixedOn: '2026-05-03' }),
      ],
      [
        { sku: 'SKU-A', until: '2026-05-31' },
        { sku: 'SKU-B', until: '2026-03-31' },
      ],
    ],
    [
      'a SKU named by several violations: null wins',
      [v('2026-03-01', { skus: ['SKU-A'] }), v('2026-05-01', { skus: ['SKU-A'], fixedOn: '2026-05-03' })],
      [{ sku: 'SKU-A', until: null }],
    ],
    [
      "RESTRICTED lists only the window's violations' SKUs (an old one is listed again)",
      [
        v('2025-01-01', { skus: ['SKU-OLD'] }),
        v('2026-03-01', { skus: ['SKU-A'] }),
        v('2026-05-01', { skus: ['SKU-B'] }),
      ],
      [
        { sku: 'SKU-A', until: null },
        { sku: 'SKU-B', until: null },
      ],
    ],
    [
      'a delisting caused by a voided violation is lifted',
      [v('2026-03-01', { skus: ['SKU-A'] }), v('2026-05-01', { skus: ['SKU-B'], voidedOn: '2026-05-10' })],
      [{ sku: 'SKU-A', until: null }],
    ],
    [
      'BANNED: every SKU of the admission, for ever, whatever the violations named',
      [v('2026-03-01', { impact: 'egregious', skus: ['SKU-X'], fixedOn: '2026-03-02' })],
      [
        { sku: 'SKU-A', until: null },
        { sku: 'SKU-B', until: null },
        { sku: 'SKU-C', until: null },
      ],
    ],
  ])('%s', (_name, violations, delisted) => {
    expect(at(violations).delistedSkus).toEqual(delisted);
  });
});

describe('governance settings', () => {
  it("the defaults are SPEC's and parse", () => {
    expect(parseGovernanceSettings(settings)).toEqual({
      version: settings.version,
      windowMonths: 12,
      banThreshold: 4,
      restrictedRelistDays: 30,
      appealWindowDays: 14,
      deductions: { minor: 10, serious: 25, egregious: 40 },
      atRiskBelow: 85,
      safetyFindings: ['UN38_3', 'FORMALDEHYDE', 'EN71_3', 'ELECTRICAL_SAFETY'],
      settlementTermDays: 15,
      bannedExtraSettlementDays: 60,
    });
  });
  it('refuses an unknown field or a bad number', () => {
    expect(() => parseGovernanceSettings({ ...settings, extra: 1 })).toThrow();
    expect(() => parseGovernanceSettings({ ...settings, windowMonths: 0 })).toThrow();
  });
});
