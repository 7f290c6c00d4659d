/**
 * A read-only map from byte strings to indexes, looked up straight from a file's bytes: the hot
 * path finds a line's applicationId without decoding it into a string. A key is hashed from
 * three little-endian words (its first, middle and last four bytes) and its length, loaded side
 * by side rather than byte after byte; up to 12 bytes those words are the whole key, so equal
 * words are equal keys; a longer key is then compared byte by byte. Linear probing over flat
 * arrays: a lookup touches no object per key.
 */
const encoder = new TextEncoder();

export class ByteMap {
  private readonly keyBytes: Uint8Array;
  private readonly keyStart: Int32Array;
  private readonly keyLength: Int32Array;
  /** Per key: its first, middle and last words (see `words`). */
  private readonly first: Int32Array;
  private readonly middle: Int32Array;
  private readonly last: Int32Array;
  /** Per slot: the key's index, or -1. */
  private readonly slots: Int32Array;
  private readonly mask: number;
  /** The words of the bytes last looked up (so one pass serves hash and compare). */
  private w0 = 0;
  private wm = 0;
  private wl = 0;

  constructor(keys: readonly string[]) {
    const encoded = keys.map((k) => encoder.encode(k));
    const n = keys.length;
    this.keyBytes = new Uint8Array(encoded.reduce((sum, k) => sum + k.length, 0));
    this.keyStart = new Int32Array(n);
    this.keyLength = new Int32Array(n);
    this.first = new Int32Array(n);
    this.middle = new Int32Array(n);
    this.last = new Int32Array(n);
    let size = 16;
    while (size < n * 4) size *= 2;
    this.mask = size - 1;
    this.slots = new Int32Array(size).fill(-1);
    let at = 0;
    encoded.forEach((k, i) => {
      this.keyBytes.set(k, at);
      this.keyStart[i] = at;
      this.keyLength[i] = k.length;
      at += k.length;
      let slot = this.words(k, 0, k.length) & this.mask;
      this.first[i] = this.w0;
      this.middle[i] = this.wm;
      this.last[i] = this.wl;
      while ((this.slots[slot] as number) >= 0) slot = (slot + 1) & this.mask;
      this.slots[slot] = i;
    });
  }

  /** Whether no key holds any of these bytes. */
  keysFreeOf(bytes: readonly number[]): boolean {
    return bytes.every((c) => !this.keyBytes.includes(c));
  }

  /** The index of bytes[s, e), or -1. */
  get(b: Uint8Array, s: number, e: number): number {
    const n = e - s;
    const slots = this.slots;
    const mask = this.mask;
    for (let slot = this.words(b, s, e) & mask; ; slot = (slot + 1) & mask) {
      const i = slots[slot] as number;
      if (i < 0) return -1;
      if (
        this.keyLength[i] === n &&
        this.first[i] === this.w0 &&
        this.middle[i] === this.wm &&
        this.last[i] === this.wl &&
        (n <= 12 || this.sameBytes(i, b, s, e))
      )
        return i;
    }
  }

  private sameBytes(i: number, b: Uint8Array, s: number, e: number): boolean {
    const keyBytes = this.keyBytes;
    const k = (this.keyStart[i] as number) - s;
    let j = s;
    while (j < e && keyBytes[k + j] === b[j]) j++;
    return j === e;
  }

  /**
   * Sets w0, wm, wl for bytes[s, e) and returns their hash: with 4 bytes or more, the words at
   * s, s + ⌊(n − 4) / 2⌋ and e − 4 (together every byte up to n = 12); fewer, all in w0.
   */
  private words(b: Uint8Array, s: number, e: number): number {
    const n = e - s;
    if (n >= 4) {
      const m = s + ((n - 4) >> 1);
      this.w0 =
        (b[s] as number) |
        ((b[s + 1] as number) << 8) |
        ((b[s + 2] as number) << 16) |
        ((b[s + 3] as number) << 24);
      this.wm =
        (b[m] as number) |
        ((b[m + 1] as number) << 8) |
        ((b[m + 2] as number) << 16) |
        ((b[m + 3] as number) << 24);
      this.wl =
        (b[e - 4] as number) |
        ((b[e - 3] as number) << 8) |
        ((b[e - 2] as number) << 16) |
        ((b[e - 1] as number) << 24);
    } else {
      let w = 0;
      for (let i = s; i < e; i++) w = (w << 8) | (b[i] as number);
      this.w0 = w;
      this.wm = 0;
      this.wl = 0;
    }
    let h = Math.imul(this.w0 ^ n, 0x9e3779b1);
    h = Math.imul(h ^ (h >>> 15) ^ this.wm, 0x85ebca77);
    h = Math.imul(h ^ (h >>> 13) ^ this.wl, 0xc2b2ae3d);
    return h ^ (h >>> 16);
  }
}
