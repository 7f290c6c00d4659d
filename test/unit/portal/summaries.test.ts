import { describe, expect, it } from 'vitest';
import type { DocumentView, FieldRead } from '../../../portal/src/api/types.js';
import {
  chinaToday,
  evidenceWindow,
  formatYuan,
  maskId,
  summarise,
} from '../../../portal/src/pages/seller/summaries.js';

const field = (value: unknown): FieldRead => ({
  value,
  confidence: 0.99,
  lowConfidence: false,
  page: 1,
  line: 1,
  method: 'text',
});
const doc = (type: DocumentView['type'], fields: Record<string, unknown>, ok = true): DocumentView => ({
  documentId: `d-${Math.random()}`,
  type,
  file: 'f.pdf',
  uploaded: true,
  read: {
    ok,
    fields: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, field(v)])),
    problems: [],
  },
});

describe('evidenceWindow', () => {
  it.each([
    ['2026-11-20', ['2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10']],
    ['2026-01-01', ['2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12']],
    ['2026-06-30', ['2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05']],
  ])('for %s is the 6 full months before its month', (date, months) => {
    expect(evidenceWindow(date)).toEqual(months);
  });
});

describe('formatYuan', () => {
  it.each([
    [0, '0.00'],
    [5, '0.05'],
    [7922655, '79,226.55'],
    [-123456789, '−1,234,567.89'],
    [Number.MAX_SAFE_INTEGER, '90,071,992,547,409.91'],
  ])('%i fen → %s', (minor, shown) => {
    expect(formatYuan(minor)).toBe(shown);
  });
});

describe('maskId and chinaToday', () => {
  it('keeps the first 3 and last 4 characters of an ID number', () => {
    expect(maskId('11010519491231002X')).toBe('110***********002X');
  });
  it('dates in China time (UTC+8): 16:30 UTC is the next day there', () => {
    expect(chinaToday(new Date('2026-11-19T16:30:00Z'))).toBe('2026-11-20');
    expect(chinaToday(new Date('2026-11-19T15:59:00Z'))).toBe('2026-11-19');
  });
});

describe('summarise', () => {
  it('says how many of the 6 months the bank statements cover, across files, and the money in and out', () => {
    const a = doc('bank_statement', {
      accountName: '义乌某某',
      'transactions[0]': { date: '2026-05-05', amountMinor: 7922655 },
      'transactions[1]': { date: '2026-06-05', amountMinor: -100 },
      'transactions[2]': { date: '2026-04-30', amountMinor: 999 },
    });
    const b = doc('bank_statement', {
      'transactions[0]': { date: '2026-10-31', amountMinor: 1 },
      'transactions[1]': { date: '2026-11-01', amountMinor: 1 },
    });
    expect(summarise('bank_statement', [a, b], '2026-11-20', [])).toEqual({
      kind: 'bank',
      window: evidenceWindow('2026-11-20'),
      covered: ['2026-05', '2026-06', '2026-10'],
      inflowMinor: 7922656,
      outflowMinor: 100,
      accountName: '义乌某某',
    });
  });

  it('lists the kWh per billed month of the window, oldest first', () => {
    const bill = doc('electricity_bill', {
      'months[0]': { month: '2026-10', kwh: 5200 },
      'months[1]': { month: '2026-09', kwh: 4800 },
      'months[2]': { month: '2026-04', kwh: 9999 },
    });
    expect(summarise('electricity_bill', [bill], '2026-11-20', [])).toMatchObject({
      kwhByMonth: [
        { month: '2026-09', kwh: 4800 },
        { month: '2026-10', kwh: 5200 },
      ],
    });
  });

  it('says which declared SKUs the capacity proof covers (names compared after NFKC)', () => {
    const proof = doc('capacity_proof', { 'rows[0]': { sku: 'Ｈ-001', monthlyCapacity: 6000 } });
    expect(summarise('capacity_proof', [proof], '2026-11-20', [{ sku: 'H-001' }, { sku: 'H-002' }])).toEqual({
      kind: 'capacity',
      declared: ['H-001', 'H-002'],
      proven: ['H-001'],
      missing: ['H-002'],
    });
  });

  it('gives a licence its name, code, dates and term (null: no end), and masks an ID number', () => {
    const licence = doc('business_licence', {
      companyName: 'A',
      uscc: 'U',
      establishedOn: '2020-01-01',
      validUntil: null,
      registeredCapital: 5000000,
    });
    expect(summarise('business_licence', [licence], '2026-11-20', [])).toEqual({
      kind: 'licence',
      companyName: 'A',
      uscc: 'U',
      establishedOn: '2020-01-01',
      validUntil: null,
      registeredCapitalYuan: 5000000,
    });
    expect(
      summarise(
        'legal_rep_id',
        [doc('legal_rep_id', { name: '张三', idNumber: '11010519491231002X' })],
        '2026-11-20',
        [],
      ),
    ).toEqual({
      kind: 'id',
      name: '张三',
      idNumber: '110***********002X',
    });
  });

  it('has nothing to say of unreadable files or of types without fields', () => {
    expect(summarise('business_licence', [doc('business_licence', {}, false)], '2026-11-20', [])).toBeNull();
    expect(summarise('sds', [doc('sds', {})], '2026-11-20', [])).toBeNull();
  });
});
