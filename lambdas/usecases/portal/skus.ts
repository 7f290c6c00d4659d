import { parse } from 'csv-parse/sync';
import type { Container } from '../../adapters/container.js';
import { InvalidInputError } from '../../shared/errors.js';
import { SkuSchema } from '../schemas.js';
import type { Actor } from './access.js';
import { ownedApplication } from './access.js';
import { updateDraft } from './drafts.js';

export const MAX_IMPORTED_SKUS = 200;

export interface SkuImportResult {
  skus: Record<string, unknown>[];
  errors: { line: number; field: string; message: string }[];
}

/**
 * SKUs from a spreadsheet: columns sku, name, monthlyCapacity, brand, hasBattery, targetMarkets
 * (separated by ";" or "|"), and any `attr.<name>` column as an attribute. Valid rows replace
 * SKUs of the same code; every invalid row is reported with its line (the header is line 1).
 */
export function parseSkuCsv(csv: string): SkuImportResult {
  let rows: { record: Record<string, string>; info: { lines: number }; raw: string }[];
  try {
    // `info` and `raw` give each row its own line: blank lines are skipped and a quoted field may
    // span lines, so a row's index is not its line.
    rows = parse(csv, {
      columns: true,
      skip_empty_lines: true,
      trim: true,
      bom: true,
      info: true,
      raw: true,
    });
  } catch (err) {
    throw new InvalidInputError('the CSV cannot be read', [{ path: 'csv', message: (err as Error).message }]);
  }
  if (rows.length > MAX_IMPORTED_SKUS) {
    throw new InvalidInputError(`at most ${MAX_IMPORTED_SKUS} SKUs per import`, [
      { path: 'csv', message: `${rows.length} rows` },
    ]);
  }
  const skus: Record<string, unknown>[] = [];
  const errors: SkuImportResult['errors'] = [];
  for (const { record: row, info, raw } of rows) {
    // info.lines is the row's last line; the row starts as many line breaks earlier as it holds.
    const own = raw.replace(/^(?:\r?\n)+/, '').replace(/\r?\n$/, '');
    const line = info.lines - (own.match(/\n/g)?.length ?? 0);
    const attributes: Record<string, string> = {};
    for (const [k, v] of Object.entries(row))
      if (k.startsWith('attr.') && v !== '') attributes[k.slice(5)] = v;
    const candidate = {
      sku: row.sku,
      ...(row.name ? { name: row.name } : {}),
      monthlyCapacity:
        row.monthlyCapacity === undefined || row.monthlyCapacity === ''
          ? Number.NaN
          : Number(row.monthlyCapacity),
      ...(row.brand ? { brand: row.brand } : {}),
      ...(row.hasBattery ? { hasBattery: /^(true|yes|1|是)$/i.test(row.hasBattery) } : {}),
      ...(row.targetMarkets
        ? {
            targetMarkets: row.targetMarkets
              .split(/[;|]/)
              .map((m) => m.trim())
              .filter(Boolean),
          }
        : {}),
      ...(Object.keys(attributes).length ? { attributes } : {}),
    };
    const parsed = SkuSchema.safeParse(candidate);
    if (parsed.success) skus.push(parsed.data);
    else {
      for (const issue of parsed.error.issues) {
        errors.push({ line, field: issue.path.join('.') || 'row', message: issue.message });
      }
    }
  }
  return { skus, errors };
}

export async function importSkus(
  c: Container,
  actor: Actor,
  id: string,
  csv: string,
): Promise<SkuImportResult> {
  const { draft } = await ownedApplication(c, actor, id);
  const result = parseSkuCsv(csv);
  const imported = new Map(result.skus.map((s) => [s.sku as string, s]));
  const kept = draft.form.skus.filter((s) => !imported.has(s.sku as string));
  const next = await updateDraft(c, actor, id, { ...draft.form, skus: [...kept, ...result.skus] });
  return { skus: next.form.skus, errors: result.errors };
}
