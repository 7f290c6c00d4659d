/**
 * What an order file is: JSON lines or CSV (by extension, else by its first byte), and for CSV
 * the column order its header gives.
 */
import { FIELD_NAMES, REQUIRED_FIELDS } from '../domain/settlement/order.js';
import type { Format } from './scanner.js';

export interface FileLayout {
  format: Format;
  /** CSV: field slot per column. */
  columns?: Int8Array;
  /** Bytes before the first record: a UTF-8 byte-order mark. */
  bom: number;
  /** A header that cannot be used: the whole file is one reject at line 1. */
  headerError?: string;
}

/** Reads the layout from the file's name and its first bytes (at least its first line). */
export function fileLayout(name: string, head: Uint8Array): FileLayout {
  const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  const lower = name.toLowerCase();
  let format: Format | null = /\.(jsonl|ndjson|json)$/.test(lower)
    ? 'jsonl'
    : lower.endsWith('.csv')
      ? 'csv'
      : null;
  if (format === null) {
    let i = bom;
    while (i < head.length && (head[i] === 32 || head[i] === 9 || head[i] === 10 || head[i] === 13)) i++;
    format = head[i] === 123 ? 'jsonl' : 'csv';
  }
  if (format === 'jsonl') return { format, bom };
  const nl = head.indexOf(10, bom);
  const text = new TextDecoder().decode(head.subarray(bom, nl < 0 ? head.length : nl)).replace(/\r$/, '');
  const names = splitHeader(text);
  const columns = Int8Array.from(names, (n) => FIELD_NAMES.indexOf(n as (typeof FIELD_NAMES)[number]));
  const missing = REQUIRED_FIELDS.filter((f) => !names.includes(f));
  const twice = names.filter((n, i) => FIELD_NAMES.includes(n as never) && names.indexOf(n) !== i);
  const headerError =
    missing.length > 0
      ? `the header lacks ${missing.join(', ')}`
      : twice.length > 0
        ? `the header names ${twice.join(', ')} twice`
        : undefined;
  return {
    format,
    bom,
    columns,
    ...(headerError ? { headerError: `UNPARSEABLE_LINE: ${headerError}` } : {}),
  };
}

/** Header names, quoted or not, trimmed (a header is names, not data). */
function splitHeader(text: string): string[] {
  const names: string[] = [];
  let i = 0;
  while (i <= text.length) {
    let name = '';
    if (text[i] === '"') {
      i++;
      while (i < text.length) {
        if (text[i] === '"' && text[i + 1] === '"') {
          name += '"';
          i += 2;
        } else if (text[i] === '"') {
          i++;
          break;
        } else name += text[i++];
      }
      while (i < text.length && text[i] !== ',') i++;
    } else {
      const c = text.indexOf(',', i);
      const end = c < 0 ? text.length : c;
      name = text.slice(i, end);
      i = end;
    }
    names.push(name.trim());
    i++;
  }
  return names;
}
