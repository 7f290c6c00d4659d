/**
 * One order line of an order file (SPEC "Statements"), checked field by field from bytes.
 * The reader finds where each field lies; this decides whether the line is good and why not.
 * First failing check wins, in the SPEC's order of fields.
 */
import { currencyIndex } from './currency.js';
import { NOT_A_DAY, parseDay } from './days.js';

/** Field slots, in the SPEC's order. */
export const F_ORDER_ID = 0;
export const F_APPLICATION_ID = 1;
export const F_TRANSACTION_DATE = 2;
export const F_CURRENCY = 3;
export const F_AMOUNT = 4;
export const F_KIND = 5;
export const F_VAS_CODE = 6;
export const FIELD_NAMES = [
  'orderId',
  'applicationId',
  'transactionDate',
  'currency',
  'amountMinor',
  'kind',
  'vasCode',
] as const;
export const FIELD_COUNT = FIELD_NAMES.length;
/** vasCode may be absent: a file of sales alone need not carry the column. */
export const REQUIRED_FIELDS = FIELD_NAMES.slice(0, F_VAS_CODE);

export const KIND_SALE = 0;
export const KIND_REFUND = 1;
export const KIND_VAS = 2;
export const KINDS = ['sale', 'refund', 'vas'] as const;

/**
 * Reject reasons: exactly the SPEC's list (an amount past ±2^53−1 is not an integer JSON or CSV
 * can carry exactly). A line's sign is taken as written: a correction may be a negative sale or a
 * negative vas fee, and its fees follow its own amount.
 */
export type RejectCode =
  | 'UNPARSEABLE_LINE'
  | 'UNKNOWN_APPLICATION'
  | 'BAD_DATE'
  | 'NON_INTEGER_AMOUNT'
  | 'AMOUNT_OUT_OF_RANGE'
  | 'UNKNOWN_CURRENCY'
  | 'UNKNOWN_KIND';

/** The kind of bytes[s, e), or -1. */
export function kindOf(b: Uint8Array, s: number, e: number): number {
  const n = e - s;
  // s a l e / r e f u n d / v a s
  if (n === 4 && b[s] === 115 && b[s + 1] === 97 && b[s + 2] === 108 && b[s + 3] === 101) return KIND_SALE;
  if (
    n === 6 &&
    b[s] === 114 &&
    b[s + 1] === 101 &&
    b[s + 2] === 102 &&
    b[s + 3] === 117 &&
    b[s + 4] === 110 &&
    b[s + 5] === 100
  )
    return KIND_REFUND;
  if (n === 3 && b[s] === 118 && b[s + 1] === 97 && b[s + 2] === 115) return KIND_VAS;
  return -1;
}

/** Not an integer literal. */
export const NOT_INTEGER = Number.NaN;
/** An integer beyond ±(2^53 − 1) minor units: no real order, and no longer exact in a double. */
export const OUT_OF_RANGE = Number.POSITIVE_INFINITY;

/** An integer literal (`-?[0-9]+`) in bytes[s, e); NaN or Infinity otherwise (see above). */
export function parseAmount(b: Uint8Array, s: number, e: number): number {
  let i = s;
  let neg = false;
  if (b[i] === 45) {
    neg = true;
    i++;
  }
  if (i >= e) return NOT_INTEGER;
  let v = 0;
  for (; i < e; i++) {
    const c = (b[i] as number) - 48;
    if (c < 0 || c > 9) return NOT_INTEGER;
    v = v * 10 + c;
  }
  // Up to 15 digits a double accumulates exactly; longer ones are checked afterwards.
  if (e - s > 15 && !Number.isSafeInteger(v)) return OUT_OF_RANGE;
  return neg ? -v : v;
}

/** What a good line is, in numbers. */
export interface CheckedOrder {
  app: number;
  day: number;
  currency: number;
  amount: number;
  kind: number;
}

/** Finds an application's index from its id's bytes, or -1 for one with no fee schedule. */
export interface AppLookup {
  get(b: Uint8Array, s: number, e: number): number;
}

/**
 * Checks one line whose fields lie at starts[f]..ends[f] of b (a missing field has start = end).
 * Fills `out` and returns null when the line is good, else the reject code.
 */
export function checkOrder(
  b: Uint8Array,
  starts: Int32Array,
  ends: Int32Array,
  lookup: AppLookup,
  out: CheckedOrder,
): RejectCode | null {
  const idS = starts[F_ORDER_ID] as number;
  const idE = ends[F_ORDER_ID] as number;
  if (idE <= idS) return 'UNPARSEABLE_LINE';
  const app = lookup.get(b, starts[F_APPLICATION_ID] as number, ends[F_APPLICATION_ID] as number);
  if (app < 0) return 'UNKNOWN_APPLICATION';
  const day = parseDay(b, starts[F_TRANSACTION_DATE] as number, ends[F_TRANSACTION_DATE] as number);
  if (day === NOT_A_DAY) return 'BAD_DATE';
  const amount = parseAmount(b, starts[F_AMOUNT] as number, ends[F_AMOUNT] as number);
  if (Number.isNaN(amount)) return 'NON_INTEGER_AMOUNT';
  if (amount === OUT_OF_RANGE) return 'AMOUNT_OUT_OF_RANGE';
  const currency = currencyIndex(b, starts[F_CURRENCY] as number, ends[F_CURRENCY] as number);
  if (currency < 0) return 'UNKNOWN_CURRENCY';
  const kind = kindOf(b, starts[F_KIND] as number, ends[F_KIND] as number);
  if (kind < 0) return 'UNKNOWN_KIND';
  out.app = app;
  out.day = day;
  out.currency = currency;
  out.amount = amount;
  out.kind = kind;
  return null;
}

const decoder = new TextDecoder();

/** A reject's reason: its code and what was read, for finance to find the line. */
export function rejectReason(
  code: RejectCode,
  b: Uint8Array,
  starts: Int32Array,
  ends: Int32Array,
  detail?: string,
): string {
  const field = (f: number) =>
    JSON.stringify(decoder.decode(b.subarray(starts[f] as number, ends[f] as number)).slice(0, 64));
  switch (code) {
    case 'UNPARSEABLE_LINE':
      return `${code}: ${detail ?? 'orderId is empty'}`;
    case 'UNKNOWN_APPLICATION':
      return `${code}: no fee schedule for applicationId ${field(F_APPLICATION_ID)}`;
    case 'BAD_DATE':
      return `${code}: transactionDate ${field(F_TRANSACTION_DATE)} is not a real YYYY-MM-DD date`;
    case 'NON_INTEGER_AMOUNT':
      return `${code}: amountMinor ${field(F_AMOUNT)} is not an integer`;
    case 'AMOUNT_OUT_OF_RANGE':
      return `${code}: amountMinor ${field(F_AMOUNT)} is beyond ±9007199254740991`;
    case 'UNKNOWN_CURRENCY':
      return `${code}: currency ${field(F_CURRENCY)} is not an ISO 4217 code`;
    case 'UNKNOWN_KIND':
      return `${code}: kind ${field(F_KIND)} is not sale, refund or vas`;
  }
}
