/**
 * Where the fields of one JSON line lie (SPEC "Statements": order files may be JSON lines): a flat
 * object read in place from bytes, each field's value located as offsets into `starts` and `ends`
 * (by field slot), strings with escapes marked for decoding. Keys usually come in the same order
 * on every line: each is first tried as the key the line before had at its place.
 */
import { FIELD_COUNT, FIELD_NAMES } from '../domain/settlement/order.js';

const NL = 10;
const CR = 13;
const COMMA = 44;
const QUOTE = 34;
const BACKSLASH = 92;

const encoder = new TextEncoder();
const KEY_BYTES = FIELD_NAMES.map((n) => encoder.encode(n));

export class JsonFields {
  /** Bit per field slot whose string has escapes (set by read). */
  escaped = 0;
  /** The slot of each line's nth key on the line before. */
  private readonly keyOrder = new Int8Array(KEY_ORDER).fill(-1);
  /** A DataView of the last buffer read (keys are compared four bytes at a time). */
  private view: DataView | null = null;
  private viewed: Uint8Array | null = null;

  constructor(
    private readonly starts: Int32Array,
    private readonly ends: Int32Array,
  ) {}

  private viewOf(b: Uint8Array): DataView {
    let v = this.view;
    if (v === null || this.viewed !== b) {
      v = new DataView(b.buffer, b.byteOffset, b.byteLength);
      this.view = v;
      this.viewed = b;
    }
    return v;
  }

  /** Locates the fields of a flat JSON object in b[i, le); returns what is wrong, or null. */
  read(b: Uint8Array, i: number, le: number): string | null {
    const starts = this.starts;
    const ends = this.ends;
    this.escaped = 0;
    // A field the line does not carry is empty (start = end).
    for (let f = 0; f < FIELD_COUNT; f++) {
      starts[f] = 0;
      ends[f] = 0;
    }
    if (b[i] !== 123) return 'not a JSON object';
    // Every read below stays before le: bytes past it may be left over from earlier reads.
    i = skipSpace(b, i + 1, le);
    if (i < le && b[i] === 125) return skipSpace(b, i + 1, le) < le ? 'text after the object' : null;
    let nth = 0;
    for (;;) {
      if (i >= le || b[i] !== QUOTE) {
        return 'expected a quoted key';
      }
      const ks = i + 1;
      // The key the line before had at this place, if it is the same bytes and a quote.
      let slot = nth < KEY_ORDER ? (this.keyOrder[nth] as number) : -1;
      const guessed = slot >= 0 ? (KEY_BYTES[slot] as Uint8Array) : null;
      let ke = ks;
      if (guessed !== null && sameAt(b, this.viewOf(b), ks, slot, le) && b[ks + guessed.length] === QUOTE)
        ke = ks + guessed.length;
      else {
        while (ke < le && b[ke] !== QUOTE && b[ke] !== BACKSLASH) ke++;
        if (ke >= le || b[ke] !== QUOTE) {
          return 'unsupported key';
        }
        slot = keySlot(b, ks, ke);
        if (nth < KEY_ORDER) this.keyOrder[nth] = slot;
      }
      nth++;
      i = skipSpace(b, ke + 1, le);
      if (i >= le || b[i] !== 58) {
        return 'expected ":"';
      }
      i = skipSpace(b, i + 1, le);
      if (i >= le) return 'a value is missing';
      const c = b[i];
      let vs = i;
      let ve = i;
      if (c === QUOTE) {
        vs = i + 1;
        let k = vs;
        let esc = false;
        while (k < le && b[k] !== QUOTE) {
          if (b[k] === BACKSLASH) {
            esc = true;
            k++;
          }
          k++;
        }
        if (k >= le) {
          return 'a string is not closed';
        }
        ve = k;
        if (esc && slot >= 0) this.escaped |= 1 << slot;
        i = k + 1;
      } else if (c === 123 || c === 91) {
        const e = skipNested(b, i, le);
        if (e < 0 || slot >= 0) {
          return slot >= 0 ? `${FIELD_NAMES[slot]} is not a scalar` : 'unbalanced brackets';
        }
        i = e;
      } else {
        let k = i;
        while (k < le && b[k] !== COMMA && b[k] !== 125 && !isSpace(b[k] as number)) k++;
        if (k === i) {
          return 'a value is missing';
        }
        // null is an absent value; numbers and literals are read as their text.
        if (!(k - i === 4 && b[i] === 110 && b[i + 1] === 117 && b[i + 2] === 108 && b[i + 3] === 108))
          ve = k;
        i = k;
      }
      if (slot >= 0) {
        starts[slot] = vs;
        ends[slot] = ve;
      }
      i = skipSpace(b, i, le);
      if (i < le && b[i] === COMMA) {
        i = skipSpace(b, i + 1, le);
        continue;
      }
      if (i < le && b[i] === 125) {
        i++;
        break;
      }
      return 'expected "," or "}"';
    }
    return skipSpace(b, i, le) < le ? 'text after the object' : null;
  }
}

export function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === CR || c === NL;
}

function skipSpace(b: Uint8Array, i: number, e: number): number {
  while (i < e && isSpace(b[i] as number)) i++;
  return i;
}

/** The end of a nested object or array starting at i (strings respected), or -1. */
function skipNested(b: Uint8Array, i: number, e: number): number {
  let depth = 0;
  for (; i < e; i++) {
    const c = b[i];
    if (c === QUOTE) {
      i++;
      while (i < e && b[i] !== QUOTE) i += b[i] === BACKSLASH ? 2 : 1;
    } else if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** Keys whose place jsonFields remembers, per line. */
const KEY_ORDER = 16;

/** Each key's bytes as little-endian 32-bit words (the last one padded), for sameAt. */
const KEY_WORDS = KEY_BYTES.map((k) => {
  const words = new Uint8Array(Math.ceil(k.length / 4) * 4);
  words.set(k);
  return new DataView(words.buffer);
});

/** Whether b (viewed as dv too) holds key `slot` at s (within e): four bytes a comparison. */
function sameAt(b: Uint8Array, dv: DataView, s: number, slot: number, e: number): boolean {
  const k = KEY_BYTES[slot] as Uint8Array;
  const words = KEY_WORDS[slot] as DataView;
  const n = k.length;
  if (s + n >= e) return false;
  let j = 0;
  for (; j + 4 <= n; j += 4) if (dv.getUint32(s + j, true) !== words.getUint32(j, true)) return false;
  for (; j < n; j++) if (b[s + j] !== k[j]) return false;
  return true;
}

function keySlot(b: Uint8Array, s: number, e: number): number {
  const n = e - s;
  for (let f = 0; f < FIELD_COUNT; f++) {
    const k = KEY_BYTES[f] as Uint8Array;
    if (k.length !== n) continue;
    let j = 0;
    while (j < n && k[j] === b[s + j]) j++;
    if (j === n) return f;
  }
  return -1;
}
