import { describe, expect, it } from 'vitest';
import type { Application, FieldsByType } from '../../../lambdas/domain/model.js';
import { type CapacityEvidence, capacityRules } from '../../../lambdas/domain/rules/capacity.js';
import {
  application,
  bankFields,
  capacityFields,
  codes,
  electricityFields,
  field,
  settings,
  sku,
  WINDOW,
} from './factories.js';

/** kWh for the first months of the window, in order. */
const bills = (...kwh: number[]) => electricityFields(Object.fromEntries(kwh.map((k, i) => [WINDOW[i], k])));

function run(
  opts: {
    app?: Application;
    bank?: FieldsByType['bank_statement'][];
    power?: FieldsByType['electricity_bill'][];
    proof?: FieldsByType['capacity_proof'][];
  } = {},
) {
  const evidence: CapacityEvidence = {
    bankStatements: (opts.bank ?? [bankFields()]).map((fields, i) => ({ file: `bank-${i}.pdf`, fields })),
    electricityBills: (opts.power ?? [electricityFields()]).map((fields, i) => ({
      file: `power-${i}.pdf`,
      fields,
    })),
    capacityProofs: (opts.proof ?? [capacityFields()]).map((fields, i) => ({
      file: `capacity-${i}.pdf`,
      fields,
    })),
  };
  return capacityRules(opts.app ?? application(), evidence, settings());
}

describe('capacityRules', () => {
  it('reports nothing and scores 100 when the evidence matches the declaration', () => {
    expect(run()).toEqual({
      reasons: [],
      score: 100,
      ratio: '1',
      electricityMonths: WINDOW,
      bankMonths: WINDOW,
    });
  });

  describe('bank statements', () => {
    it.each<[string, string[], string[]]>([
      ['all 6 months', WINDOW, []],
      ['5 months', WINDOW.slice(1), ['2026-05']],
      ['the application month instead of May', [...WINDOW.slice(1), '2026-11'], ['2026-05']],
      ['none', [], WINDOW],
    ])(
      'rejects BANK_STATEMENTS_INCOMPLETE listing the missing months when they cover %s',
      (_name, months, missing) => {
        const result = run({ bank: [bankFields(months)] });
        const reason = result.reasons.find((r) => r.code === 'BANK_STATEMENTS_INCOMPLETE');
        if (missing.length === 0) expect(reason).toBeUndefined();
        else expect(reason?.message.en).toContain(`show no transaction: ${missing.join(', ')}`);
        expect(result.score).toBe(100);
      },
    );

    it('combines the months of several statements when they are split', () => {
      const result = run({ bank: [bankFields(WINDOW.slice(0, 3)), bankFields(WINDOW.slice(3))] });
      expect(codes(result.reasons)).toEqual([]);
    });

    it('flags instead of rejecting when a transaction read below the floor may be the missing month', () => {
      const fields = bankFields();
      fields.transactions[0] = field({ date: '2026-05-15', amountMinor: 1 }, { confidence: 0.5 });
      expect(codes(run({ bank: [fields] }).reasons)).toEqual(['LICENCE_LOW_CONFIDENCE']);
    });

    it('rejects when months are missing and every transaction was read with confidence', () => {
      expect(codes(run({ bank: [bankFields(WINDOW.slice(1))] }).reasons)).toEqual([
        'BANK_STATEMENTS_INCOMPLETE',
      ]);
    });
  });

  describe('capacity proof and minimum', () => {
    it.each<[string, number, Record<string, number>, string[]]>([
      ['the proof matches', 6000, { 'H-001': 6000 }, []],
      ['the proof states more', 6000, { 'H-001': 9000 }, []],
      ['the proof states less but above the minimum', 6000, { 'H-001': 5000 }, ['CAPACITY_PROOF_MISMATCH']],
      [
        'the proof states 4,999',
        6000,
        { 'H-001': 4999 },
        ['CAPACITY_PROOF_MISMATCH', 'CAPACITY_BELOW_MINIMUM'],
      ],
      ['the declared capacity is 5,000', 5000, { 'H-001': 5000 }, []],
      ['the declared capacity is 4,999', 4999, { 'H-001': 4999 }, ['CAPACITY_BELOW_MINIMUM']],
      ['the proof lacks the SKU', 6000, { 'X-001': 6000 }, ['CAPACITY_PROOF_MISMATCH']],
      [
        'the proof lacks the SKU declared at 4,999',
        4999,
        {},
        ['CAPACITY_PROOF_MISMATCH', 'CAPACITY_BELOW_MINIMUM'],
      ],
      ['the proof writes the SKU in full width', 6000, { 'Ｈ－００１': 6000 }, []],
    ])('decides for home when %s', (_name, declared, rows, expected) => {
      const app = application({ skus: [sku({ monthlyCapacity: declared })] });
      const power = [electricityFields(Object.fromEntries(WINDOW.map((m) => [m, declared])))];
      expect(codes(run({ app, proof: [capacityFields(rows)], power }).reasons)).toEqual(expected);
    });

    it.each([
      ['apparel', 1999, true],
      ['apparel', 2000, false],
      ['beauty', 1999, true],
      ['other', 2000, false],
    ] as const)(
      'holds %s at its minimum when a SKU makes %i a month (below: %s)',
      (category, capacity, below) => {
        const app = application({ category, skus: [sku({ monthlyCapacity: capacity })] });
        const result = run({ app, proof: [capacityFields({ 'H-001': capacity })] });
        expect(codes(result.reasons).includes('CAPACITY_BELOW_MINIMUM')).toBe(below);
      },
    );

    it('names the SKU and its capacity when it is below the minimum', () => {
      const app = application({ skus: [sku({ sku: 'H-009', monthlyCapacity: 4999 })] });
      const [reason] = run({ app, proof: [capacityFields({ 'H-009': 4999 })] }).reasons;
      expect(reason).toMatchObject({ code: 'CAPACITY_BELOW_MINIMUM', field: 'skus[H-009].monthlyCapacity' });
      expect(reason?.message.en).toContain('4999');
      expect(reason?.message.en).toContain('5000');
    });

    it('leaves out a proof row read below the floor when matching SKUs', () => {
      const proof = { rows: [field({ sku: 'H-001', monthlyCapacity: 6000 }, { confidence: 0.79 })] };
      expect(codes(run({ proof: [proof] }).reasons)).toEqual(['CAPACITY_PROOF_MISMATCH']);
    });
  });

  describe('electricity ratio and score', () => {
    // home, one SKU of 6,000 a month × 1.0 kWh: 6,000 kWh expected a month.
    it.each<[string, number[], string[], number, string | null]>([
      ['r = 1', [6000, 6000, 6000], [], 100, '1'],
      ['r = 1.5', [9000, 9000, 9000], [], 100, '1.5'],
      ['r exactly 0.6', [3600, 3600, 3600], [], 60, '0.6'],
      ['r just below 0.6', [3600, 3600, 3599], ['CAPACITY_EVIDENCE_WEAK'], 60, '0.5999'],
      ['r exactly 0.3', [1800, 1800, 1800], ['CAPACITY_EVIDENCE_WEAK'], 30, '0.3'],
      ['r just below 0.3', [1800, 1800, 1799], ['CAPACITY_EVIDENCE_INCONSISTENT'], 30, '0.2999'],
      ['r = 0.125 (score rounds half up)', [750, 750, 750], ['CAPACITY_EVIDENCE_INCONSISTENT'], 13, '0.125'],
      ['r = 0.005 (score rounds half up)', [30, 30, 30], ['CAPACITY_EVIDENCE_INCONSISTENT'], 1, '0.005'],
      ['r = 0.004', [24, 24, 24], ['CAPACITY_EVIDENCE_INCONSISTENT'], 0, '0.004'],
      ['2 billed months', [6000, 6000], ['CAPACITY_EVIDENCE_MISSING'], 0, null],
      ['2 billed months at a tiny ratio', [1, 1], ['CAPACITY_EVIDENCE_MISSING'], 0, null],
      ['6 billed months', [6000, 6000, 6000, 6000, 6000, 3000], [], 92, '0.9166'],
    ])('decides and scores when %s', (_name, kwh, expected, score, ratio) => {
      const result = run({ power: [bills(...kwh)] });
      expect(codes(result.reasons)).toEqual(expected);
      expect(result.score).toBe(score);
      expect(result.ratio).toBe(ratio);
    });

    it('computes r exactly where floating point would fall below 0.3', () => {
      // other: 2,000 × 0.5 kWh = 1,000 kWh; (295.4 + 295.7 + 308.9) / 3 = 300 exactly.
      const app = application({ category: 'other', skus: [sku({ monthlyCapacity: 2000 })] });
      const result = run({
        app,
        proof: [capacityFields({ 'H-001': 2000 })],
        power: [bills(295.4, 295.7, 308.9)],
      });
      expect((295.4 + 295.7 + 308.9) / 3 / 1000).toBeLessThan(0.3);
      expect(codes(result.reasons)).toEqual(['CAPACITY_EVIDENCE_WEAK']);
      expect(result.ratio).toBe('0.3');
      expect(result.score).toBe(30);
    });

    it('sums the declared capacities of every SKU when computing the expected kWh', () => {
      // apparel: (3,000 + 2,000) × 0.3 = 1,500 kWh expected; 900 a month → r = 0.6.
      const app = application({
        category: 'apparel',
        skus: [sku({ sku: 'A-1', monthlyCapacity: 3000 }), sku({ sku: 'A-2', monthlyCapacity: 2000 })],
        sampleSkus: ['A-1', 'A-2'],
      });
      const result = run({
        app,
        proof: [capacityFields({ 'A-1': 3000, 'A-2': 2000 })],
        power: [bills(900, 900, 900)],
      });
      expect(result).toMatchObject({ reasons: [], score: 60, ratio: '0.6' });
    });

    it('ignores billed months outside the 6-month window when counting and averaging', () => {
      const power = electricityFields({
        '2026-04': 100_000,
        '2026-11': 100_000,
        '2026-05': 6000,
        '2026-06': 6000,
      });
      const result = run({ power: [power] });
      expect(codes(result.reasons)).toEqual(['CAPACITY_EVIDENCE_MISSING']);
      expect(result.electricityMonths).toEqual(['2026-05', '2026-06']);
    });

    it('sums a month billed in two files when a factory has two meters', () => {
      const result = run({ power: [bills(3000, 3000, 3000), bills(3000, 3000, 3000)] });
      expect(result).toMatchObject({ reasons: [], score: 100, ratio: '1' });
    });

    it('flags instead of rejecting when a month read below the floor leaves too few billed months', () => {
      const power = bills(6000, 6000, 6000);
      power.months[0] = field({ month: '2026-05', kwh: 6000 }, { confidence: 0.5 });
      const result = run({ power: [power] });
      expect(codes(result.reasons)).toEqual(['LICENCE_LOW_CONFIDENCE']);
      expect(result.score).toBe(0);
    });

    it('names the averages and the ratio when the evidence is weak', () => {
      const [reason] = run({ power: [bills(3000, 3000, 3000)] }).reasons;
      expect(reason?.message.en).toContain('an average of 3000 kWh a month, 0.5 times the 6000 kWh');
    });
  });
});
