import { describe, expect, it } from 'vitest';
import type { Application, Category, DeclaredDocument } from '../../../lambdas/domain/model.js';
import { intakeRules } from '../../../lambdas/domain/rules/intake.js';
import { application, BASE_DOCUMENTS, codes, settings, sku, statuses } from './factories.js';

const skus = (n: number) => Array.from({ length: n }, (_, i) => sku({ sku: `S-${i + 1}` }));
const without = (type: string): DeclaredDocument[] => BASE_DOCUMENTS.filter((d) => d.type !== type);
const run = (app: Application, overrides = {}) => intakeRules(app, statuses(app, overrides), settings());

describe('intakeRules', () => {
  it('reports nothing when the package is complete', () => {
    expect(run(application())).toEqual([]);
  });

  it.each([
    'business_licence',
    'legal_rep_id',
    'trademark',
    'bank_statement',
    'capacity_proof',
    'electricity_bill',
  ])('rejects DOCUMENT_MISSING naming the type when no %s is declared', (type) => {
    const reasons = run(application({ documents: without(type) }));
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatchObject({
      code: 'DOCUMENT_MISSING',
      step: 'intake',
      outcome: 'reject',
      document: type,
    });
  });

  it('names the file when a declared file was not received', () => {
    const reasons = run(application(), { 'bank.pdf': { state: 'missing' } });
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatchObject({ code: 'DOCUMENT_MISSING', document: 'bank.pdf' });
    expect(reasons[0]?.message.en).toContain('bank.pdf');
  });

  it('reports every missing document when several are missing', () => {
    const app = application({ documents: BASE_DOCUMENTS.slice(0, 2) });
    expect(codes(run(app))).toEqual(Array(4).fill('DOCUMENT_MISSING'));
  });

  it.each([
    ['encrypted', undefined, 'password-protected'],
    ['corrupt', undefined, 'corrupt'],
    [
      'mislabelled',
      { zh: '扩展名为 .pdf，实际为 PNG 图片', en: 'named .pdf but it is a PNG image' },
      'PNG image',
    ],
  ] as const)(
    'rejects DOCUMENT_UNREADABLE carrying the problem when a file is %s',
    (problem, message, text) => {
      const reasons = run(application(), {
        'licence.pdf': { state: 'unreadable', problem, ...(message ? { message } : {}) },
      });
      expect(codes(reasons)).toEqual(['DOCUMENT_UNREADABLE']);
      expect(reasons[0]).toMatchObject({ document: 'licence.pdf' });
      expect(reasons[0]?.message.en).toContain(text);
    },
  );

  it.each([
    [0, true],
    [1, false],
    [200, false],
    [201, true],
  ])('rejects SKU_COUNT_OUT_OF_RANGE when %i SKUs are declared: %s', (n, rejected) => {
    const app = application({ skus: skus(n), sampleSkus: skus(Math.min(n, 3)).map((s) => s.sku) });
    expect(codes(run(app)).includes('SKU_COUNT_OUT_OF_RANGE')).toBe(rejected);
  });

  it('rejects CATEGORY_PROHIBITED when the category is drugs', () => {
    expect(codes(run(application({ category: 'drugs' })))).toEqual(['CATEGORY_PROHIBITED']);
  });

  it.each<[string, number, string[], boolean]>([
    ['2 of 2 declared', 2, ['S-1', 'S-2'], true],
    ['1 of 1 declared', 1, ['S-1'], true],
    ['3 of 5 declared', 5, ['S-1', 'S-3', 'S-5'], true],
    ['2 of 3 declared', 3, ['S-1', 'S-2'], false],
    ['4 of 5 declared', 5, ['S-1', 'S-2', 'S-3', 'S-4'], false],
    ['a duplicate', 5, ['S-1', 'S-1', 'S-2'], false],
    ['a duplicate of all 2 declared', 2, ['S-1', 'S-1'], false],
    ['an undeclared SKU', 5, ['S-1', 'S-2', 'X-9'], false],
    ['none of 3 declared', 3, [], false],
  ])('checks the sample SKUs when given %s', (_name, declared, sampleSkus, valid) => {
    const reasons = run(application({ skus: skus(declared), sampleSkus }));
    expect(codes(reasons).includes('SAMPLE_SKUS_INVALID')).toBe(!valid);
  });

  it('names the duplicates and undeclared SKUs when the sample SKUs are wrong', () => {
    const reasons = run(application({ skus: skus(5), sampleSkus: ['S-1', 'S-1', 'X-9'] }));
    expect(reasons[0]?.message.en).toContain('Listed more than once: S-1');
    expect(reasons[0]?.message.en).toContain('Not declared: X-9');
  });

  it('says none were declared when sample SKUs are given without any SKU', () => {
    const reasons = run(application({ skus: [], sampleSkus: ['A'] }));
    expect(reasons.find((r) => r.code === 'SAMPLE_SKUS_INVALID')?.message.en).toContain('you declared none');
  });

  it.each<[Category, string]>([
    ['food', 'food_licence'],
    ['medical_devices', 'medical_device_filing'],
  ])('rejects CATEGORY_LICENCE_MISSING, not DOCUMENT_MISSING, when %s lacks its %s', (category, type) => {
    const reasons = run(application({ category }));
    expect(codes(reasons)).toEqual(['CATEGORY_LICENCE_MISSING']);
    expect(reasons[0]).toMatchObject({ document: type });
  });

  it('rejects CATEGORY_LICENCE_MISSING when the declared food licence file was not received', () => {
    const documents = [...BASE_DOCUMENTS, { type: 'food_licence' as const, file: 'food.pdf' }];
    const reasons = run(application({ category: 'food', documents }), { 'food.pdf': { state: 'missing' } });
    expect(codes(reasons)).toEqual(['CATEGORY_LICENCE_MISSING']);
  });

  it('passes a food seller when its food licence is there', () => {
    const documents = [...BASE_DOCUMENTS, { type: 'food_licence' as const, file: 'food.pdf' }];
    expect(run(application({ category: 'food', documents }))).toEqual([]);
  });

  it('names the SKU when a SKU document was not received', () => {
    const app = application({ skus: [sku({ documents: [{ type: 'sds', file: 'sds.pdf' }] })] });
    const reasons = run(app, { 'sds.pdf': { state: 'missing' } });
    expect(codes(reasons)).toEqual(['DOCUMENT_MISSING']);
    expect(reasons[0]?.message.en).toContain('SKU H-001');
  });

  it('reports every matching rule when several fail at once', () => {
    const app = application({
      category: 'drugs',
      skus: [],
      sampleSkus: ['X'],
      documents: without('trademark'),
    });
    const reasons = run(app, { 'bank.pdf': { state: 'unreadable', problem: 'empty' } });
    expect(codes(reasons).sort()).toEqual(
      [
        'CATEGORY_PROHIBITED',
        'DOCUMENT_MISSING',
        'DOCUMENT_UNREADABLE',
        'SAMPLE_SKUS_INVALID',
        'SKU_COUNT_OUT_OF_RANGE',
      ].sort(),
    );
  });
});
