/**
 * Step 6, attribute completeness per category (SPEC "Required attributes"). Every SKU is checked
 * and every missing or invalid attribute reported, one reason each.
 */
import Decimal from 'decimal.js';
import type { Application, Category, Message, Reason, Sku } from '../model.js';
import { type RequiredAttribute, reason } from '../reasons.js';
import { skuDocuments } from './documents.js';

const REQUIRED: Partial<Record<Category, RequiredAttribute[]>> = {
  home: ['materialComposition', 'containsFormaldehyde', 'en71_3Tested'],
  consumer_electronics: ['sds', 'rohs'],
};

type Check = { ok: true } | { ok: false; problem: 'missing' | 'invalid'; detail?: Message };

const PERCENT = /^(0|[1-9]\d*)(\.\d+)?%?$/;

/** Percentages per material summing to exactly 100 (decimal arithmetic: 33.3 + 33.3 + 33.4 is 100). */
export function checkComposition(value: unknown): Check {
  if (value === undefined || value === null) return { ok: false, problem: 'missing' };
  if (typeof value !== 'object' || Array.isArray(value)) {
    return {
      ok: false,
      problem: 'invalid',
      detail: { zh: '应为“材质: 百分比”的列表', en: 'it should map each material to its percentage' },
    };
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return { ok: false, problem: 'missing' };
  let sum = new Decimal(0);
  for (const [material, share] of entries) {
    const text = typeof share === 'number' && Number.isFinite(share) && share >= 0 ? String(share) : share;
    if (typeof text !== 'string' || !PERCENT.test(text.trim())) {
      return {
        ok: false,
        problem: 'invalid',
        detail: { zh: `“${material}”的值不是百分比`, en: `the value of "${material}" is not a percentage` },
      };
    }
    sum = sum.plus(new Decimal(text.trim().replace('%', '')));
  }
  if (!sum.equals(100)) {
    return {
      ok: false,
      problem: 'invalid',
      detail: { zh: `百分比合计为 ${sum.toString()}`, en: `the percentages add up to ${sum.toString()}` },
    };
  }
  return { ok: true };
}

/** "yes" or "no" (any case), or a boolean. */
export function checkYesNo(value: unknown): Check {
  if (value === undefined || value === null || value === '') return { ok: false, problem: 'missing' };
  if (typeof value === 'boolean') return { ok: true };
  if (typeof value === 'string' && ['yes', 'no'].includes(value.trim().toLowerCase())) return { ok: true };
  const shown = typeof value === 'string' ? value : JSON.stringify(value);
  return {
    ok: false,
    problem: 'invalid',
    detail: { zh: `“${shown}”不是 yes 或 no`, en: `"${shown}" is not yes or no` },
  };
}

function checkAttribute(app: Application, sku: Sku, attribute: RequiredAttribute): Check {
  switch (attribute) {
    case 'materialComposition':
      return checkComposition(sku.attributes?.materialComposition);
    case 'containsFormaldehyde':
    case 'en71_3Tested':
      return checkYesNo(sku.attributes?.[attribute]);
    case 'sds':
    case 'rohs':
      return skuDocuments(app, sku).some((d) => d.type === attribute)
        ? { ok: true }
        : { ok: false, problem: 'missing' };
  }
}

export function attributeRules(app: Application): Reason[] {
  const required = REQUIRED[app.category] ?? [];
  const reasons: Reason[] = [];
  for (const sku of app.skus) {
    for (const attribute of required) {
      const check = checkAttribute(app, sku, attribute);
      if (check.ok) continue;
      const isDocument = attribute === 'sds' || attribute === 'rohs';
      const where = isDocument
        ? { document: attribute, field: `skus[${sku.sku}].documents` }
        : { field: `skus[${sku.sku}].attributes.${attribute}` };
      const vars = {
        sku: sku.sku,
        attribute,
        problem: check.problem,
        ...(check.detail ? { detail: check.detail } : {}),
      };
      reasons.push(reason('ATTRIBUTES_MISSING', vars, where));
    }
  }
  return reasons;
}
