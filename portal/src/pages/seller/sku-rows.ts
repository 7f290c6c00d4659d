import type { ApplicationForm, Category, Sku } from '../../api/types';

/** One SKU as the form edits it: numbers and JSON kept as typed until the form is sent. */
export interface SkuRow {
  key: number;
  sku: string;
  name: string;
  monthlyCapacity: string;
  brand: string;
  hasBattery: boolean;
  targetMarkets: string;
  attributes: string;
  sample: boolean;
}

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
    attributes: '',
    sample: false,
  };
}

type FormSku = ApplicationForm['skus'][number];

export function skuRowOf(sku: FormSku | Sku, sample: boolean): SkuRow {
  return {
    key: nextKey++,
    sku: sku.sku,
    name: sku.name ?? '',
    monthlyCapacity: String(sku.monthlyCapacity),
    brand: sku.brand ?? '',
    hasBattery: sku.hasBattery ?? false,
    targetMarkets: (sku.targetMarkets ?? []).join(', '),
    attributes: sku.attributes && Object.keys(sku.attributes).length ? JSON.stringify(sku.attributes) : '',
    sample,
  };
}

/** The attributes a category requires (SPEC), as a starting point for the JSON editor. */
export function attributesHint(category: Category): string {
  if (category === 'home')
    return '{"materialComposition": {"PP": 90, "TPR": 10}, "containsFormaldehyde": "no", "en71_3Tested": "yes"}';
  return '{}';
}

export class SkuRowError extends Error {
  override name = 'SkuRowError';
  constructor(
    readonly row: number,
    readonly problem: 'attributesInvalid',
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
