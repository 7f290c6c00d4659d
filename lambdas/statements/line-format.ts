/**
 * One statement line as the bytes of its CSV row and its JSON object: the same for every writer
 * (a statement at a time, outputs.ts; a segment at a time, segment-writer.ts), so their files
 * are the same bytes. Numbers and dates are written straight into bytes, never through strings;
 * `lineBytes` says how many bytes a line takes before it is written, so a writer can place the
 * lines of many statements in one buffer and each piece at its offset in its file.
 */
import { KIND_VAS } from '../domain/settlement/order.js';

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
    // days.ts civil(), with the year padded to four digits.
    const z = day + 719468;
    const era = Math.floor(z / 146097);
    const doe = z - era * 146097;
    const yoe = Math.floor(
      (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
    );
    const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
    const mp = Math.floor((5 * doy + 2) / 153);
    const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
    const m = mp < 10 ? mp + 3 : mp - 9;
    const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
    t = `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
    dayTexts.set(day, t);
  }
  return t;
}

/** "00" to "99": two digits per division when writing a number. */
const PAIRS = Buffer.from(
  Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0')).join(''),
  'latin1',
);

/**
 * Writes integer n in decimal at b[at] and returns where it ended. Integers below 2^31 in
 * magnitude take two digits a step; larger ones go digit by digit in doubles (every safe
 * integer exactly). Room is the caller's.
 */
export function putInt(b: Uint8Array, at: number, n: number): number {
  if (n < 0) {
    b[at++] = 45;
    n = -n;
  }
  if (n < 10) {
    b[at] = 48 + n;
    return at + 1;
  }
  if (n >= 2147483648) return putLarge(b, at, n);
  let x = n | 0;
  const end =
    at +
    (x < 100
      ? 2
      : x < 1000
        ? 3
        : x < 10000
          ? 4
          : x < 100000
            ? 5
            : x < 1000000
              ? 6
              : x < 10000000
                ? 7
                : x < 100000000
                  ? 8
                  : x < 1000000000
                    ? 9
                    : 10);
  let p = end;
  while (x >= 100) {
    const q = (x / 100) | 0;
    const r = (x - q * 100) << 1;
    b[--p] = PAIRS[r + 1] as number;
    b[--p] = PAIRS[r] as number;
    x = q;
  }
  if (x >= 10) {
    b[--p] = PAIRS[(x << 1) + 1] as number;
    b[--p] = PAIRS[x << 1] as number;
  } else b[--p] = 48 + x;
  return end;
}

function putLarge(b: Uint8Array, at: number, n: number): number {
  let digits = 0;
  for (let x = n; x >= 1; x = Math.floor(x / 10)) digits++;
  const end = at + digits;
  let p = end;
  while (p > at) {
    const q = Math.floor(n / 10);
    b[--p] = 48 + (n - q * 10);
    n = q;
  }
  return end;
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
  if ((kindByte & 15) === KIND_VAS) {
    ca = putShort(cb, ca, C_VAS_ZEROS);
    ca = putInt(cb, ca, amount);
    cb[ca++] = 44;
    ca = putInt(cb, ca, -amount);
    ja = put(jb, ja, J_VAS_ZEROS);
    ja = putInt(jb, ja, amount);
    ja = put(jb, ja, J_NET);
    ja = putInt(jb, ja, -amount);
  } else {
    const net = amount - commission - fulfilment;
    ca = putInt(cb, ca, amount);
    cb[ca++] = 44;
    ca = putInt(cb, ca, commission);
    cb[ca++] = 44;
    ca = putInt(cb, ca, fulfilment);
    ca = putShort(cb, ca, C_NO_VAS);
    ca = putInt(cb, ca, net);
    ja = putInt(jb, ja, amount);
    ja = put(jb, ja, J_COMMISSION);
    ja = putInt(jb, ja, commission);
    ja = put(jb, ja, J_FULFILMENT);
    ja = putInt(jb, ja, fulfilment);
    ja = put(jb, ja, J_NO_VAS);
    ja = putInt(jb, ja, net);
  }
  cb[ca++] = 10;
  jb[ja++] = 125;
  o.ca = ca;
  o.ja = ja;
}

/** Decimal digits of n as putInt writes it (a minus sign included). */
function intBytes(n: number): number {
  if (n < 0) return 1 + intBytes(-n);
  if (n < 10) return 1;
  if (n < 100) return 2;
  if (n < 1000) return 3;
  if (n < 10000) return 4;
  if (n < 100000) return 5;
  if (n < 1000000) return 6;
  if (n < 10000000) return 7;
  if (n < 100000000) return 8;
  if (n < 1000000000) return 9;
  let digits = 0;
  for (let x = n; x >= 1; x = Math.floor(x / 10)) digits++;
  return digits;
}

/** A line's bytes besides its orderId and its five numbers (the JSON's with the comma before). */
const CSV_FIXED = 23 + 4 + 1;
const JSON_FIXED =
  J_OPEN.length +
  enc('","transactionDate":"2026-10-01","settlementDate":"2026-10-16","amountMinor":').length +
  J_COMMISSION.length +
  J_FULFILMENT.length +
  // Its "0" (a sale's vasMinor) is one of the five numbers.
  J_NO_VAS.length -
  1 +
  1; // the closing brace

/**
 * The bytes putLine writes for a line, [CSV, JSON] into `out` (the JSON as a line after the
 * first: the first takes one fewer, having no comma).
 */
export function lineBytes(
  out: Float64Array,
  kindByte: number,
  ids: Buffer,
  idPos: number,
  idLen: number,
  amount: number,
  commission: number,
  fulfilment: number,
): void {
  const numbers =
    (kindByte & 15) === KIND_VAS
      ? 3 + intBytes(amount) + intBytes(-amount)
      : intBytes(amount) +
        intBytes(commission) +
        intBytes(fulfilment) +
        1 +
        intBytes(amount - commission - fulfilment);
  if ((kindByte & PLAIN_ID) !== 0) {
    out[0] = idLen + numbers + CSV_FIXED;
    out[1] = idLen + numbers + JSON_FIXED;
    return;
  }
  const id = ids.toString('utf8', idPos, idPos + idLen);
  out[0] = Buffer.byteLength(csvField(id)) + numbers + CSV_FIXED;
  out[1] = Buffer.byteLength(JSON.stringify(id)) - 2 + numbers + JSON_FIXED;
}
