/**
 * One statement line as the bytes of its CSV row and its JSON object (outputs.ts writes a
 * statement's files with it, on the CLI's threads and in the deployed job's files batches alike).
 * Numbers and dates are written straight into bytes, never through strings.
 */
import { civil } from '../domain/settlement/days.js';
import { KIND_VAS } from '../domain/settlement/order.js';
import { putInt } from '../shared/digits.js';

/** A flag in a line's kind byte: its orderId is printable ASCII without `"`, `,` or `\`. */
export const PLAIN_ID = 16;

export const CSV_HEADER =
  'orderId,transactionDate,settlementDate,amountMinor,commissionMinor,fulfilmentMinor,vasMinor,netMinor\n';

export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Days as YYYY-MM-DD, cached per thread (a run meets a few hundred days). */
const dayTexts = new Map<number, string>();
export function dayText(day: number): string {
  let t = dayTexts.get(day);
  if (t === undefined) {
    // The year padded to four digits (formatDay writes it as it is).
    const { y, m, d } = civil(day);
    t = `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
    dayTexts.set(day, t);
  }
  return t;
}

/** Copies the constant c to b[at]: set() (a memcpy) pays from about 16 bytes on. */
function put(b: Uint8Array, at: number, c: Uint8Array): number {
  b.set(c, at);
  return at + c.length;
}

/** A short constant, byte by byte. */
function putShort(b: Uint8Array, at: number, c: Uint8Array): number {
  const n = c.length;
  for (let i = 0; i < n; i++) b[at + i] = c[i] as number;
  return at + n;
}

const enc = (s: string) => Buffer.from(s, 'utf8');
const J_OPEN_FIRST = enc('\n    {"orderId":"');
const J_OPEN = enc(',\n    {"orderId":"');
const J_COMMISSION = enc(',"commissionMinor":');
const J_FULFILMENT = enc(',"fulfilmentMinor":');
/** A sale's or refund's vasMinor (0), up to the net. */
const J_NO_VAS = enc(',"vasMinor":0,"netMinor":');
/** A vas line's amount, commission and fulfilment (0), up to its vasMinor. */
const J_VAS_ZEROS = enc('0,"commissionMinor":0,"fulfilmentMinor":0,"vasMinor":');
const J_NET = enc(',"netMinor":');
const C_NO_VAS = enc(',0,');
const C_VAS_ZEROS = enc('0,0,0,');

/**
 * A line's two dates as its rows write them, per settlement term and transaction day: the CSV's
 * `,tx,settles,` and the JSON's `","transactionDate":"tx","settlementDate":"settles","amountMinor":`
 * (it closes the orderId's string). A statement's lines settle in one month: 31 entries a term.
 */
export interface DateTexts {
  /** Transaction day of slot 0. */
  base: number;
  csv: (Uint8Array | undefined)[];
  json: (Uint8Array | undefined)[];
}
export const DATE_SLOTS = 512;
const dateTexts = new Map<number, DateTexts>();
export function datesFor(term: number, someDay: number): DateTexts {
  let d = dateTexts.get(term);
  if (d === undefined) {
    d = { base: someDay - DATE_SLOTS / 2, csv: [], json: [] };
    dateTexts.set(term, d);
  }
  return d;
}
function fillDates(d: DateTexts, term: number, day: number): number {
  let slot = day - d.base;
  if (slot < 0 || slot >= DATE_SLOTS) {
    // Far from the days met so far (not in one period's statement): start again around this one.
    d.base = day - DATE_SLOTS / 2;
    d.csv = [];
    d.json = [];
    slot = DATE_SLOTS / 2;
  }
  const tx = dayText(day);
  const settles = dayText(day + term);
  d.csv[slot] = enc(`,${tx},${settles},`);
  d.json[slot] = enc(`","transactionDate":"${tx}","settlementDate":"${settles}","amountMinor":`);
  return slot;
}

/** Where lines are written: the CSV's and the JSON's bytes and the end of each (putLine moves it). */
export interface LineCursor {
  csv: Buffer;
  ca: number;
  json: Buffer;
  ja: number;
}

/**
 * Writes one line at the cursor. `first`: the statement's first line (no comma before its JSON
 * object). `amount` is the line's own amount (a vas line's fee). Room is the caller's: at most
 * `idLen * 3 + 160` CSV and `idLen * 6 + 300` JSON bytes (an id that is not plain ASCII is
 * decoded: a bad byte takes three, a control character six as an escape).
 */
export function putLine(
  o: LineCursor,
  first: boolean,
  dates: DateTexts,
  term: number,
  day: number,
  kindByte: number,
  ids: Buffer,
  idPos: number,
  idLen: number,
  amount: number,
  commission: number,
  fulfilment: number,
): void {
  const cb = o.csv;
  const jb = o.json;
  let ca = o.ca;
  let ja = o.ja;
  let slot = day - dates.base;
  let csvDates = slot >= 0 && slot < DATE_SLOTS ? dates.csv[slot] : undefined;
  if (csvDates === undefined) {
    slot = fillDates(dates, term, day);
    csvDates = dates.csv[slot] as Uint8Array;
  }
  const jsonDates = dates.json[slot] as Uint8Array;
  ja = put(jb, ja, first ? J_OPEN_FIRST : J_OPEN);
  if ((kindByte & PLAIN_ID) !== 0) {
    for (let k = idPos, e = idPos + idLen; k < e; k++) {
      const c = ids[k] as number;
      cb[ca++] = c;
      jb[ja++] = c;
    }
  } else {
    const id = ids.toString('utf8', idPos, idPos + idLen);
    ca += cb.write(csvField(id), ca, 'utf8');
    ja += jb.write(JSON.stringify(id).slice(1, -1), ja, 'utf8');
  }
  ca = put(cb, ca, csvDates);
  ja = put(jb, ja, jsonDates);
  // Each number is written once, in the CSV, and its digits copied into the JSON (cheaper than
  // working them out again).
  if ((kindByte & 15) === KIND_VAS) {
    ca = putShort(cb, ca, C_VAS_ZEROS);
    let d = ca;
    ca = putInt(cb, ca, amount);
    ja = put(jb, ja, J_VAS_ZEROS);
    while (d < ca) jb[ja++] = cb[d++] as number;
    cb[ca++] = 44;
    d = ca;
    ca = putInt(cb, ca, -amount);
    ja = put(jb, ja, J_NET);
    while (d < ca) jb[ja++] = cb[d++] as number;
  } else {
    let d = ca;
    ca = putInt(cb, ca, amount);
    while (d < ca) jb[ja++] = cb[d++] as number;
    cb[ca++] = 44;
    d = ca;
    ca = putInt(cb, ca, commission);
    ja = put(jb, ja, J_COMMISSION);
    while (d < ca) jb[ja++] = cb[d++] as number;
    cb[ca++] = 44;
    d = ca;
    ca = putInt(cb, ca, fulfilment);
    ja = put(jb, ja, J_FULFILMENT);
    while (d < ca) jb[ja++] = cb[d++] as number;
    ca = putShort(cb, ca, C_NO_VAS);
    d = ca;
    ca = putInt(cb, ca, amount - commission - fulfilment);
    ja = put(jb, ja, J_NO_VAS);
    while (d < ca) jb[ja++] = cb[d++] as number;
  }
  cb[ca++] = 10;
  jb[ja++] = 125;
  o.ca = ca;
  o.ja = ja;
}
