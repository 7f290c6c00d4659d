/**
 * The lines of each statement, as they are read, into part files of one segment (one per
 * statement, CSV rows and JSON rows): the run never holds lines in memory, and the parts of all
 * segments are joined in file order once the totals are known (outputs.ts).
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { StatementLine } from '../domain/settlement/settle.js';
import type { LineSink } from './scanner.js';

const FLUSH_BYTES = 8 << 20;

export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function partPath(dir: string, key: number, kind: 'csv' | 'json'): string {
  return join(dir, `${key}.${kind}`);
}

export class LineFiles implements LineSink {
  private readonly csv = new Map<number, string[]>();
  private readonly json = new Map<number, string[]>();
  private held = 0;

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  line(
    key: number,
    orderId: string,
    transactionDate: string,
    settlementDate: string,
    l: StatementLine,
  ): void {
    const csvRow = `${csvField(orderId)},${transactionDate},${settlementDate},${l.amountMinor},${l.commissionMinor},${l.fulfilmentMinor},${l.vasMinor},${l.netMinor}\n`;
    // Every JSON row starts with its separator; the joiner drops the first one.
    const jsonRow = `,\n    {"orderId":${JSON.stringify(orderId)},"transactionDate":"${transactionDate}","settlementDate":"${settlementDate}","amountMinor":${l.amountMinor},"commissionMinor":${l.commissionMinor},"fulfilmentMinor":${l.fulfilmentMinor},"vasMinor":${l.vasMinor},"netMinor":${l.netMinor}}`;
    push(this.csv, key, csvRow);
    push(this.json, key, jsonRow);
    this.held += csvRow.length + jsonRow.length;
    if (this.held > FLUSH_BYTES) this.flush();
  }

  /** Writes what is held; returns the statement keys that have parts here. */
  flush(): void {
    for (const [key, rows] of this.csv) appendFileSync(partPath(this.dir, key, 'csv'), rows.join(''));
    for (const [key, rows] of this.json) appendFileSync(partPath(this.dir, key, 'json'), rows.join(''));
    for (const rows of this.csv.values()) rows.length = 0;
    for (const rows of this.json.values()) rows.length = 0;
    this.held = 0;
  }

  keys(): number[] {
    return [...this.csv.keys()];
  }
}

function push(map: Map<number, string[]>, key: number, row: string): void {
  const rows = map.get(key);
  if (rows) rows.push(row);
  else map.set(key, [row]);
}
