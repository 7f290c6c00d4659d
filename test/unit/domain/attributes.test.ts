import { describe, expect, it } from 'vitest';
import type { DeclaredDocument, Sku } from '../../../lambdas/domain/model.js';
import { attributeRules, checkComposition, checkYesNo } from '../../../lambdas/domain/rules/attributes.js';
import { application, codes, sku } from './factories.js';

const home = (attributes: Record<string, unknown>) =>
  attributeRules(application({ skus: [sku({ attributes })] }));
const electronics = (skus: Sku[], documents: DeclaredDocument[] = []) =>
  attributeRules(application({ category: 'consumer_electronics', skus, documents }));
const BASE = { containsFormaldehyde: 'no', en71_3Tested: 'yes' };

describe('attributeRules', () => {
  it('reports nothing when a home SKU has every attribute', () => {
    expect(attributeRules(application())).toEqual([]);
  });

  it.each<[string, unknown, boolean]>([
    ['90 + 10', { PP: 90, TPR: 10 }, true],
    ['100', { cotton: 100 }, true],
    ['33.3 + 33.3 + 33.4', { PP: 33.3, PE: 33.3, TPR: 33.4 }, true],
    ['"60%" + "40"', { PP: '60%', PE: '40' }, true],
    ['90', { PP: 90 }, false],
    ['90 + 10.01', { PP: 90, TPR: 10.01 }, false],
    ['an empty list', {}, false],
    ['no composition', undefined, false],
    ['a sentence', 'PP 100%', false],
    ['a negative share', { PP: 110, PE: -10 }, false],
    ['an array', [100], false],
  ])('checks the material composition when given %s', (_name, materialComposition, ok) => {
    const reasons = home({ ...BASE, materialComposition });
    expect(codes(reasons)).toEqual(ok ? [] : ['ATTRIBUTES_MISSING']);
    if (!ok) expect(reasons[0]).toMatchObject({ field: 'skus[H-001].attributes.materialComposition' });
  });

  it('says what the percentages add up to when they are not 100', () => {
    const [reason] = home({ ...BASE, materialComposition: { PP: 80, PE: 15 } });
    expect(reason?.message.en).toContain('add up to 95');
  });

  it.each<[unknown, boolean]>([
    ['yes', true],
    ['no', true],
    ['YES', true],
    [false, true],
    ['maybe', false],
    ['', false],
    [undefined, false],
  ])('checks containsFormaldehyde when given %j', (value, ok) => {
    const reasons = home({
      materialComposition: { PP: 100 },
      en71_3Tested: 'no',
      containsFormaldehyde: value,
    });
    expect(reasons.map((r) => r.field)).toEqual(ok ? [] : ['skus[H-001].attributes.containsFormaldehyde']);
  });

  it('reports every missing attribute of every SKU when several are missing', () => {
    const app = application({
      skus: [
        sku({ sku: 'H-1', attributes: {} }),
        sku({ sku: 'H-2', attributes: { containsFormaldehyde: 'no' } }),
      ],
    });
    expect(attributeRules(app).map((r) => r.field)).toEqual([
      'skus[H-1].attributes.materialComposition',
      'skus[H-1].attributes.containsFormaldehyde',
      'skus[H-1].attributes.en71_3Tested',
      'skus[H-2].attributes.materialComposition',
      'skus[H-2].attributes.en71_3Tested',
    ]);
  });

  it.each<[string, DeclaredDocument[], string[]]>([
    [
      'an SDS and a RoHS declaration',
      [
        { type: 'sds', file: 's.pdf' },
        { type: 'rohs', file: 'r.pdf' },
      ],
      [],
    ],
    ['an SDS only', [{ type: 'sds', file: 's.pdf' }], ['rohs']],
    ['neither', [], ['sds', 'rohs']],
  ])('requires an SDS and a RoHS declaration when an electronics SKU has %s', (_name, documents, missing) => {
    const reasons = electronics([sku({ sku: 'E-1', documents, attributes: {} })]);
    expect(reasons.map((r) => r.document)).toEqual(missing);
    for (const r of reasons) expect(r.message.en).toContain('SKU E-1');
  });

  it('accepts SKU documents listed at application level when they carry the SKU id', () => {
    const documents: DeclaredDocument[] = [
      { type: 'sds', file: 's.pdf', skuId: 'E-1' },
      { type: 'rohs', file: 'r.pdf', skuId: 'E-1' },
    ];
    expect(electronics([sku({ sku: 'E-1', attributes: {} })], documents)).toEqual([]);
  });

  it('does not count another SKU’s documents when checking an electronics SKU', () => {
    const docs: DeclaredDocument[] = [
      { type: 'sds', file: 's.pdf' },
      { type: 'rohs', file: 'r.pdf' },
    ];
    const reasons = electronics([sku({ sku: 'E-1', documents: docs }), sku({ sku: 'E-2', documents: [] })]);
    expect(reasons.map((r) => r.field)).toEqual(['skus[E-2].documents', 'skus[E-2].documents']);
  });

  it.each(['apparel', 'sports_outdoor', 'beauty', 'toys', 'other'] as const)(
    'requires nothing when the category is %s',
    (category) => {
      expect(attributeRules(application({ category, skus: [sku({ attributes: {} })] }))).toEqual([]);
    },
  );
});

describe('checkComposition', () => {
  it('calls a missing composition missing, not invalid', () => {
    expect(checkComposition(undefined)).toEqual({ ok: false, problem: 'missing' });
  });
});

describe('checkYesNo', () => {
  it('accepts a boolean when given one', () => {
    expect(checkYesNo(true)).toEqual({ ok: true });
  });
});
