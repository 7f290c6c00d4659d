/**
 * The hot path of a statement run: order records read straight from bytes (CSV with a header,
 * RFC 4180 quoting; or JSON lines), checked by the domain, settled and summed per statement.
 * Fields are located as byte offsets and never decoded unless a line is rejected or written out;
 * a line with quotes (CSV) or escapes (JSON) takes a slower path that decodes it first.
 * Memory is constant in the number of lines: totals per statement, rejects, nothing per line.
 */
import { CURRENCY_COUNT } from '../domain/settlement/currency.js';
import {
  type CheckedOrder,
  checkOrder,
  F_AMOUNT,
  F_APPLICATION_ID,
  F_CURRENCY,
  F_KIND,
  F_ORDER_ID,
  F_TRANSACTION_DATE,
  F_VAS_CODE,
  FIELD_COUNT,
  FIELD_NAMES,
  rejectReason,
} from '../domain/settlement/order.js';
import { type FeeTerms, type StatementLine, settleLine } from '../domain/settlement/settle.js';
import { Totals } from '../domain/settlement/totals.js';
import type { ByteMap } from './byte-map.js';
import { type ScanContext, statementKey } from './context.js';
import { isSpace, JsonFields } from './json-fields.js';

export type Format = 'csv' | 'jsonl';

/**
 * Receives every line that falls in the period (for the per-statement files): its orderId as
 * bytes b[idStart, idEnd), its transaction day number, kind, and its money.
 */
export interface LineSink {
  add(
    key: number,
    day: number,
    kind: number,
    b: Uint8Array,
    idStart: number,
    idEnd: number,
    amount: number,
    commission: number,
    fulfilment: number,
  ): void;
}

export interface RejectRow {
  line: number;
  reason: string;
}

const NL = 10;
const CR = 13;
const COMMA = 44;
const QUOTE = 34;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export interface ScannerOptions {
  format: Format;
  /** CSV: the field slot of each column (-1 for a column the statement does not use). */
  columns?: Int8Array;
  /** CSV from the top of a file: its first line is the header. */
  skipHeader?: boolean;
  sink?: LineSink;
  /** CSV: read every record byte by byte, never guessing a field's length (the reference). */
  byteByByte?: boolean;
}

export class OrderScanner {
  readonly rejects: RejectRow[] = [];
  /** Newlines consumed so far: the next record starts on local line `newlines + 1`. */
  newlines = 0;
  /**
   * Per seller, its totals per currency. Both arrays are filled when made: an array grown by
   * assigning at scattered indexes turns into a dictionary, a hash lookup on every line.
   */
  private readonly perApp: (Totals | undefined)[][];
  private readonly starts = new Int32Array(FIELD_COUNT);
  private readonly ends = new Int32Array(FIELD_COUNT);
  /** JSON lines: where each field of a line is (into starts and ends). */
  private readonly json = new JsonFields(this.starts, this.ends);
  private readonly checked: CheckedOrder = { app: 0, day: 0, currency: 0, amount: 0, kind: 0 };
  private readonly out: StatementLine = {
    amountMinor: 0,
    commissionMinor: 0,
    fulfilmentMinor: 0,
    vasMinor: 0,
    netMinor: 0,
  };
  private readonly lookup: ByteMap;
  private readonly columns: Int8Array;
  private skipHeader: boolean;
  /**
   * CSV, per column: the length its value had on the line before (0 until seen), or -1 for a
   * column that is always read byte by byte (see csvLine).
   */
  private readonly guess: Int32Array;
  /** The CSV's columns are the SPEC's fields in the SPEC's order, each guessable but the first. */
  private readonly inOrder: boolean;

  constructor(
    private readonly ctx: ScanContext,
    private readonly opts: ScannerOptions,
  ) {
    const apps = ctx.apps;
    this.lookup = apps;
    this.perApp = new Array(ctx.terms.length).fill(NO_ROW);
    this.columns = opts.columns ?? new Int8Array(0);
    this.skipHeader = opts.skipHeader ?? false;
    this.guess = opts.byteByByte
      ? new Int32Array(this.columns.length).fill(-1)
      : guessable(this.columns, apps.keysFreeOf(FIELD_ENDS));
    const cols = this.columns;
    this.inOrder =
      (cols.length === FIELD_COUNT || cols.length === FIELD_COUNT - 1) &&
      cols.every((slot, c) => slot === c && (c === F_ORDER_ID || c === F_VAS_CODE || this.guess[c] === 0));
  }

  /**
   * Processes the records of b[from, to) that start before `stopAt`; a record cut off at `to`
   * waits for more bytes unless `final`. Returns where it stopped (the start of the first record
   * not processed, or `to`).
   */
  scan(b: Uint8Array, from: number, to: number, final: boolean, stopAt = to): number {
    let pos = from;
    const csv = this.opts.format === 'csv';
    while (pos < to && pos < stopAt) {
      if (this.skipHeader) {
        const nl = indexOf(b, NL, pos, to);
        if (nl < 0 && !final) return pos;
        this.skipHeader = false;
        this.newlines++;
        pos = nl < 0 ? to : nl + 1;
        continue;
      }
      const next = csv
        ? this.inOrder
          ? this.csvInOrder(b, pos, to, final)
          : this.csvLine(b, pos, to, final)
        : this.jsonLine(b, pos, to, final);
      if (next < 0) return pos;
      pos = next;
    }
    return pos;
  }

  /** Totals per statement key. */
  totals(): Map<number, Totals> {
    const map = new Map<number, Totals>();
    this.perApp.forEach((row, app) => {
      row?.forEach((t, cur) => {
        if (t) map.set(statementKey(app, cur), t);
      });
    });
    return map;
  }

  /**
   * A CSV record, the fast way: a column whose every accepted value is free of the bytes that end
   * a field (a known applicationId, a date, a currency, an amount, a kind) is taken at the length
   * it had on the line before whenever the byte there is a comma; its own check then proves the
   * guess (no comma, quote or newline can be inside a value that passes it). A line whose guess or
   * check fails, or that has a quote, a blank or a short record, is read again byte by byte
   * (csvLineGeneric), so only the time differs.
   */
  private csvLine(b: Uint8Array, pos: number, to: number, final: boolean): number {
    const starts = this.starts;
    const ends = this.ends;
    const cols = this.columns;
    const guess = this.guess;
    const last = cols.length - 1;
    if (last < 0) return this.csvLineGeneric(b, pos, to, final);
    let x = pos - 1;
    for (let col = 0; col < last; col++) {
      const fs = x + 1;
      x = (guess[col] as number) >= 0 ? this.guessedEnd(b, fs, to, col) : fieldEnd(b, fs, to);
      if (x < 0) return this.csvLineGeneric(b, pos, to, final);
      const slot = cols[col] as number;
      if (slot >= 0) {
        starts[slot] = fs;
        ends[slot] = x;
      }
    }
    return this.lastField(b, pos, x + 1, to, final, cols[last] as number);
  }

  /**
   * csvLine for a file whose header is the SPEC's fields in the SPEC's order (the usual file):
   * the same guesses, with each column's slot known instead of looked up.
   */
  private csvInOrder(b: Uint8Array, pos: number, to: number, final: boolean): number {
    const starts = this.starts;
    const ends = this.ends;
    let x = fieldEnd(b, pos, to);
    if (x < 0) return this.csvLineGeneric(b, pos, to, final);
    starts[F_ORDER_ID] = pos;
    ends[F_ORDER_ID] = x;
    const last = this.columns.length - 1;
    for (let slot = 1; slot < last; slot++) {
      const fs = x + 1;
      x = this.guessedEnd(b, fs, to, slot);
      if (x < 0) return this.csvLineGeneric(b, pos, to, final);
      starts[slot] = fs;
      ends[slot] = x;
    }
    return this.lastField(b, pos, x + 1, to, final, last);
  }

  /**
   * The fast readers' end of a record: its last field from fs to the line's end (into `slot`),
   * then the line checked and summed. A line that fails a check is read again byte by byte
   * (rejects are rare), so its reject is the byte-by-byte reader's.
   */
  private lastField(
    b: Uint8Array,
    pos: number,
    fs: number,
    to: number,
    final: boolean,
    slot: number,
  ): number {
    let i = fs;
    for (; i < to; i++) {
      const c = b[i] as number;
      if (c > COMMA) continue;
      if (c === NL) break;
      if (c === COMMA || c === QUOTE) return this.csvLineGeneric(b, pos, to, final);
    }
    if (i >= to) return this.csvLineGeneric(b, pos, to, final);
    let le = i;
    if (le > fs && b[le - 1] === CR) le--;
    if (slot >= 0) {
      this.starts[slot] = fs;
      this.ends[slot] = le;
    }
    if (checkOrder(b, this.starts, this.ends, this.lookup, this.checked) !== null)
      return this.csvLineGeneric(b, pos, to, final);
    this.newlines++;
    this.settle(b);
    return i + 1;
  }

  /** Where a guessable column's field from fs ends (its comma), or -1 (see csvLine). */
  private guessedEnd(b: Uint8Array, fs: number, to: number, col: number): number {
    const g = this.guess[col] as number;
    const e = fs + g;
    if (e < to && b[e] === COMMA) return e;
    const x = fieldEnd(b, fs, to);
    if (x >= 0) this.guess[col] = x - fs;
    return x;
  }

  /** A CSV record read byte by byte. */
  private csvLineGeneric(b: Uint8Array, pos: number, to: number, final: boolean): number {
    // Not cleared per line: a line is recorded only with every column's field set, and slots
    // without a column stay empty from the start.
    const starts = this.starts;
    const ends = this.ends;
    const cols = this.columns;
    const ncols = cols.length;
    let col = 0;
    let fs = pos;
    let i = pos;
    for (; i < to; i++) {
      const c = b[i] as number;
      // One comparison for the usual byte: the three that end a field sort below 45.
      if (c > COMMA) continue;
      if (c === COMMA) {
        if (col < ncols) {
          const slot = cols[col] as number;
          if (slot >= 0) {
            starts[slot] = fs;
            ends[slot] = i;
          }
        }
        col++;
        fs = i + 1;
      } else if (c === NL) break;
      else if (c === QUOTE) return this.csvQuoted(b, pos, to, final);
    }
    if (i >= to && !final) return -1;
    const line = this.newlines + 1;
    let next = to;
    if (i < to) {
      this.newlines++;
      next = i + 1;
    }
    let le = i;
    if (le > pos && b[le - 1] === CR) le--;
    if (le <= pos) return next; // a blank line
    if (col < ncols) {
      const slot = cols[col] as number;
      if (slot >= 0) {
        starts[slot] = fs;
        ends[slot] = le > fs ? le : fs;
      }
    }
    if (col + 1 !== ncols) {
      this.reject(line, `UNPARSEABLE_LINE: ${col + 1} fields where the header has ${ncols}`);
      return next;
    }
    this.record(b, line);
    return next;
  }

  /** A CSV record with quotes (RFC 4180): decoded, then checked like any other. */
  private csvQuoted(b: Uint8Array, pos: number, to: number, final: boolean): number {
    const values: string[] = [];
    const line = this.newlines + 1;
    let newlines = 0;
    let i = pos;
    let bad: string | null = null;
    for (;;) {
      let value = '';
      // Bytes past `to` are left over from earlier reads: never looked at.
      if (i < to && b[i] === QUOTE) {
        i++;
        for (;;) {
          const q = indexOf(b, QUOTE, i, to);
          if (q < 0) {
            if (!final) return -1;
            bad = 'a quoted field is not closed';
            i = to;
            break;
          }
          for (let k = i; k < q; k++) if (b[k] === NL) newlines++;
          value += decoder.decode(b.subarray(i, q));
          if (q + 1 >= to && !final) return -1;
          if (q + 1 < to && b[q + 1] === QUOTE) {
            value += '"';
            i = q + 2;
          } else {
            i = q + 1;
            break;
          }
        }
        if (bad === null && i < to && b[i] !== COMMA && b[i] !== NL) {
          // A CR ends the record when a newline or the end of the data follows it.
          if (b[i] === CR && i + 1 >= to && !final) return -1;
          if (!(b[i] === CR && (i + 1 >= to || b[i + 1] === NL))) bad = 'text after a closing quote';
        }
      } else {
        let k = i;
        while (k < to && b[k] !== COMMA && b[k] !== NL) k++;
        if (k >= to && !final) return -1;
        let e = k;
        if (k < to && b[k] === NL && e > i && b[e - 1] === CR) e--;
        value = decoder.decode(b.subarray(i, e));
        i = k;
      }
      values.push(value);
      if (bad !== null || i >= to) break;
      if (b[i] === COMMA) {
        i++;
        continue;
      }
      if (b[i] === CR) i++;
      break; // at the newline
    }
    // Skip to the end of the physical line (after a bad record, whatever is left of it).
    const nl = indexOf(b, NL, i, to);
    if (nl < 0 && !final) return -1;
    const next = nl < 0 ? to : nl + 1;
    this.newlines += newlines + (nl < 0 ? 0 : 1);
    if (bad !== null) this.reject(line, `UNPARSEABLE_LINE: ${bad}`);
    else if (values.length !== this.columns.length)
      this.reject(
        line,
        `UNPARSEABLE_LINE: ${values.length} fields where the header has ${this.columns.length}`,
      );
    else {
      const slots: (string | undefined)[] = new Array(FIELD_COUNT);
      values.forEach((v, c) => {
        const slot = this.columns[c] as number;
        if (slot >= 0) slots[slot] = v;
      });
      this.materialized(slots, line);
    }
    return next;
  }

  /** One JSON object per line, flat: scalar values read in place. */
  private jsonLine(b: Uint8Array, pos: number, to: number, final: boolean): number {
    const nl = indexOf(b, NL, pos, to);
    if (nl < 0 && !final) return -1;
    const line = this.newlines + 1;
    let le = nl < 0 ? to : nl;
    const next = nl < 0 ? to : nl + 1;
    if (nl >= 0) this.newlines++;
    while (le > pos && isSpace(b[le - 1] as number)) le--;
    let i = pos;
    while (i < le && isSpace(b[i] as number)) i++;
    if (i >= le) return next; // a blank line
    const starts = this.starts;
    const ends = this.ends;
    const error = this.json.read(b, i, le);
    if (error !== null) {
      this.reject(line, `UNPARSEABLE_LINE: ${error}`);
      return next;
    }
    const escaped = this.json.escaped;
    if (escaped === 0) this.record(b, line);
    else {
      const slots: (string | undefined)[] = new Array(FIELD_COUNT);
      for (let f = 0; f < FIELD_COUNT; f++) {
        const s = starts[f] as number;
        const e = ends[f] as number;
        if (e <= s) continue;
        const raw = decoder.decode(b.subarray(s, e));
        try {
          slots[f] = escaped & (1 << f) ? (JSON.parse(`"${raw}"`) as string) : raw;
        } catch {
          this.reject(line, `UNPARSEABLE_LINE: bad escape in ${FIELD_NAMES[f]}`);
          return next;
        }
      }
      this.materialized(slots, line);
    }
    return next;
  }

  /** Checks a record whose fields were decoded (quotes, escapes): encoded again, one buffer. */
  private materialized(slots: (string | undefined)[], line: number): void {
    const parts = slots.map((v) => encoder.encode(v ?? ''));
    const buf = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    parts.forEach((p, f) => {
      buf.set(p, at);
      this.starts[f] = at;
      at += p.length;
      this.ends[f] = at;
    });
    this.record(buf, line);
  }

  private record(b: Uint8Array, line: number): void {
    const code = checkOrder(b, this.starts, this.ends, this.lookup, this.checked);
    if (code !== null) this.reject(line, rejectReason(code, b, this.starts, this.ends));
    else this.settle(b);
  }

  /** Sums a checked line (this.checked) into its statement when it settles in the period. */
  private settle(b: Uint8Array): void {
    const ch = this.checked;
    const app = ch.app;
    const ctx = this.ctx;
    if (ch.day < (ctx.firstDay[app] as number) || ch.day > (ctx.lastDay[app] as number)) return;
    const terms = ctx.terms[app] as FeeTerms;
    const l = settleLine(ch.kind, ch.amount, terms, this.out);
    let row = this.perApp[app] as (Totals | undefined)[];
    if (row === NO_ROW) {
      row = new Array<Totals | undefined>(CURRENCY_COUNT).fill(undefined);
      this.perApp[app] = row;
    }
    let t = row[ch.currency];
    if (t === undefined) {
      t = new Totals();
      row[ch.currency] = t;
    }
    t.add(l.amountMinor, l.commissionMinor, l.fulfilmentMinor, l.vasMinor);
    const sink = this.opts.sink;
    if (sink !== undefined)
      sink.add(
        statementKey(app, ch.currency),
        ch.day,
        ch.kind,
        b,
        this.starts[F_ORDER_ID] as number,
        this.ends[F_ORDER_ID] as number,
        ch.amount,
        l.commissionMinor,
        l.fulfilmentMinor,
      );
  }

  private reject(line: number, reason: string): void {
    this.rejects.push({ line, reason });
  }
}

/** The comma that ends the field starting at fs, or -1 (a newline, a quote, or no more bytes). */
function fieldEnd(b: Uint8Array, fs: number, to: number): number {
  for (let i = fs; i < to; i++) {
    const c = b[i] as number;
    if (c > COMMA) continue;
    if (c === COMMA) return i;
    if (c === NL || c === QUOTE) return -1;
  }
  return -1;
}

/** A seller with no line in the period yet. */
const NO_ROW: (Totals | undefined)[] = [];

/** Bytes that end or quote a CSV field. */
const FIELD_ENDS = [COMMA, NL, CR, QUOTE];

/**
 * The columns csvLine may guess: those of a field whose check accepts no byte of FIELD_ENDS,
 * each named once in the header. An applicationId only when no known id holds one of them.
 */
function guessable(columns: Int8Array, appIdsSafe: boolean): Int32Array {
  const checked = new Set([F_TRANSACTION_DATE, F_CURRENCY, F_AMOUNT, F_KIND]);
  if (appIdsSafe) checked.add(F_APPLICATION_ID);
  const named = (slot: number) => columns.filter((s) => s === slot).length;
  return Int32Array.from(columns, (slot) => (checked.has(slot) && named(slot) === 1 ? 0 : -1));
}

function indexOf(b: Uint8Array, byte: number, from: number, to: number): number {
  const i = b.indexOf(byte, from);
  return i < 0 || i >= to ? -1 : i;
}
