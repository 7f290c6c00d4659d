import type { ApplicationForm, Category, Sku } from '../../api/types';

export type YesNo = '' | 'yes' | 'no';

/**
 * One SKU as the form edits it, kept as typed until the form is sent. The attributes a category
 * requires (SPEC: home) are fields of their own; any others stay as JSON, folded away.
 */
export interface SkuRow {
  key: number;
  sku: string;
  name: string;
  monthlyCapacity: string;
  brand: string;
  hasBattery: boolean;
  targetMarkets: string;
  /** "PP 90, TPR 10" */
  material: string;
  formaldehyde: YesNo;
  en71: YesNo;
  /** Other attributes, as JSON. */
  attributes: string;
  sample: boolean;
}

const KNOWN = ['materialComposition', 'containsFormaldehyde', 'en71_3Tested'];

/** {"PP": 90, "TPR": 10} → "PP 90, TPR 10". */
export function materialText(v: unknown): string {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return '';
  return Object.entries(v as Record<string, unknown>)
    .map(([k, n]) => `${k} ${String(n)}`)
    .join(', ');
}

/** "PP 90, TPR 10" (also "PP:90%，TPR：10%") → {"PP": 90, "TPR": 10}; null when it does not read. */
export function parseMaterial(text: string): Record<string, number> | null {
  const parts = text
    .split(/[,，;；、]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  const out: Record<string, number> = {};
  for (const p of parts) {
    const m = /^(.+?)\s*[:：]?\s*(\d+(?:\.\d+)?)\s*%?$/u.exec(p);
    if (!m?.[1] || !m[2]) return null;
    out[m[1].trim()] = Number(m[2]);
  }
  return parts.length ? out : null;
}

const yesNo = (v: unknown): YesNo => (v === 'yes' || v === 'no' ? v : '');

let nextKey = 1;

export function emptySkuRow(): SkuRow {
  return {
    key: nextKey++,
    sku: '',
    name: '',
    monthlyCapacity: '',
    brand: '',
    hasBattery: false,
    targetMarkets: '',
    material: '',
    formaldehyde: '',
    en71: '',
    attributes: '',
    sample: false,
  };
}

type FormSku = ApplicationForm['skus'][number];

export function skuRowOf(sku: FormSku | Sku, sample: boolean): SkuRow {
  const attrs = sku.attributes ?? {};
  const others = Object.fromEntries(Object.entries(attrs).filter(([k]) => !KNOWN.includes(k)));
  return {
    key: nextKey++,
    sku: sku.sku,
    name: sku.name ?? '',
    monthlyCapacity: String(sku.monthlyCapacity),
    brand: sku.brand ?? '',
    hasBattery: sku.hasBattery ?? false,
    targetMarkets: (sku.targetMarkets ?? []).join(', '),
    material: materialText(attrs.materialComposition),
    formaldehyde: yesNo(attrs.containsFormaldehyde),
    en71: yesNo(attrs.en71_3Tested),
    attributes: Object.keys(others).length ? JSON.stringify(others) : '',
    sample,
  };
}

/** Whether the category's required attributes are fields of their own (SPEC: home). */
export function asksHomeAttributes(category: Category): boolean {
  return category === 'home';
}

export class SkuRowError extends Error {
  override name = 'SkuRowError';
  constructor(
    readonly row: number,
    readonly problem: 'attributesInvalid' | 'materialInvalid',
  ) {
    super(`SKU row ${row + 1}: ${problem}`);
  }
}

/** Rows to the contract's SKUs; the server validates the rest and names the field. */
export function skusOf(rows: SkuRow[]): { skus: FormSku[]; sampleSkus: string[] } {
  const skus = rows.map((r, i): FormSku => {
    let attributes: FormSku['attributes'];
    if (r.attributes.trim()) {
      try {
        const parsed: unknown = JSON.parse(r.attributes);
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error();
        // Shape and size are the server's to check (it names the field).
        attributes = parsed as FormSku['attributes'];
      } catch {
        throw new SkuRowError(i, 'attributesInvalid');
      }
    }
    if (r.material.trim()) {
      const material = parseMaterial(r.material);
      if (!material) throw new SkuRowError(i, 'materialInvalid');
      attributes = { ...attributes, materialComposition: material };
    }
    if (r.formaldehyde) attributes = { ...attributes, containsFormaldehyde: r.formaldehyde };
    if (r.en71) attributes = { ...attributes, en71_3Tested: r.en71 };
    const markets = r.targetMarkets
      .split(/[,，\s]+/)
      .map((m) => m.trim().toUpperCase())
      .filter(Boolean);
    return {
      sku: r.sku.trim(),
      ...(r.name.trim() ? { name: r.name.trim() } : {}),
      monthlyCapacity: Number(r.monthlyCapacity),
      ...(r.brand.trim() ? { brand: r.brand.trim() } : {}),
      hasBattery: r.hasBattery,
      ...(markets.length ? { targetMarkets: markets } : {}),
      ...(attributes ? { attributes } : {}),
    };
  });
  return { skus, sampleSkus: rows.filter((r) => r.sample).map((r) => r.sku.trim()) };
}
