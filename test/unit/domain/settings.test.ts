import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  forCategory,
  parseRuleSettings,
  type RuleSettings,
  ruleSettingsSchema,
} from '../../../lambdas/domain/settings.js';

const defaults = JSON.parse(
  readFileSync(new URL('../../../config/rules.default.json', import.meta.url), 'utf8'),
);

const defaultSchedule = defaults.fees.schedules[0];
const fees = (s: RuleSettings) => s.fees.schedules[0] as RuleSettings['fees']['schedules'][number];
const schedule = (patch: Record<string, unknown>) => ({
  fees: { schedules: [{ ...defaultSchedule, ...patch }] },
});

describe('ruleSettingsSchema', () => {
  it('parses config/rules.default.json when given the shipped defaults', () => {
    expect(ruleSettingsSchema.safeParse(defaults).success).toBe(true);
  });

  const values: [string, (s: RuleSettings) => unknown, unknown][] = [
    ['confidenceFloor', (s) => s.confidenceFloor, 0.8],
    ['SKU max', (s) => s.skus.max, 200],
    ['signature days', (s) => s.agreement.signatureDays, 14],
    ['lab working days', (s) => s.lab.resultWorkingDays, 7],
    ['max lab attempts', (s) => s.lab.maxAttempts, 3],
    ['review SLA', (s) => s.review.slaWorkingDays, 3],
    ['commission', (s) => fees(s).commissionRate, '0.05'],
    ['settlement term', (s) => fees(s).settlementTermDays, 15],
    ['extended settlement term', (s) => fees(s).extendedSettlementTermDays, 75],
    ['violations before extension', (s) => fees(s).extendedAfterViolations, 4],
    ['fee schedule version', (s) => fees(s).version, 'fees-2020-01'],
    ['fee schedule effective from', (s) => fees(s).effectiveFrom, '2020-01-01'],
    ['violation window', (s) => s.violations.windowMonths, 12],
    ['ban threshold', (s) => s.violations.banThreshold, 4],
    ['appeal window', (s) => s.appeal.windowDays, 14],
    ['home minimum', (s) => forCategory(s.capacity.minimumMonthly, 'home'), 5000],
    ['apparel minimum', (s) => forCategory(s.capacity.minimumMonthly, 'apparel'), 2000],
    ['other minimum', (s) => forCategory(s.capacity.minimumMonthly, 'other'), 2000],
    ['beauty minimum (default)', (s) => forCategory(s.capacity.minimumMonthly, 'beauty'), 2000],
    ['apparel kWh', (s) => forCategory(s.capacity.kwhPerUnit, 'apparel'), '0.3'],
    ['home kWh', (s) => forCategory(s.capacity.kwhPerUnit, 'home'), '1.0'],
    ['electronics kWh', (s) => forCategory(s.capacity.kwhPerUnit, 'consumer_electronics'), '0.5'],
    ['sports kWh', (s) => forCategory(s.capacity.kwhPerUnit, 'sports_outdoor'), '0.6'],
    ['toys kWh (default)', (s) => forCategory(s.capacity.kwhPerUnit, 'toys'), '0.5'],
    ['beauty fulfilment (default)', (s) => forCategory(fees(s).fulfilmentRate, 'beauty'), '0.045'],
  ];
  it.each(values)('holds the SPEC value of %s when given the defaults', (_name, pick, expected) => {
    expect(pick(parseRuleSettings(defaults))).toBe(expected);
  });

  it.each([
    ['a rate as a number', schedule({ commissionRate: 0.05 })],
    ['a rate with a percent sign', schedule({ commissionRate: '5%' })],
    ['a rate above 1', schedule({ commissionRate: '1.5' })],
    ['a fee schedule without an effective date', schedule({ effectiveFrom: undefined })],
    ['a fee schedule effective on no real day', schedule({ effectiveFrom: '2026-02-30' })],
    ['no fee schedule', { fees: { schedules: [] } }],
    ['two fee schedules of one version', { fees: { schedules: [defaultSchedule, defaultSchedule] } }],
    [
      'two fee schedules taking effect on one day',
      { fees: { schedules: [defaultSchedule, { ...defaultSchedule, version: 'other' }] } },
    ],
    ['the flat fee fields of old', { fees: { commissionRate: '0.05' } }],
    ['an unknown key', { surprise: true }],
    [
      'an unknown category',
      { capacity: { ...defaults.capacity, minimumMonthly: { default: 1, byCategory: { weapons: 1 } } } },
    ],
    ['a floor above 1', { confidenceFloor: 1.2 }],
    ['a fractional day count', { agreement: { signatureDays: 14.5 } }],
    ['no version', { version: '' }],
  ])('rejects the configuration when it has %s', (_name, patch) => {
    expect(ruleSettingsSchema.safeParse({ ...defaults, ...patch }).success).toBe(false);
  });

  it('throws naming the field when parseRuleSettings is given a bad file', () => {
    expect(() => parseRuleSettings({ ...defaults, skus: { max: -1 } })).toThrow(/skus/);
  });
});
