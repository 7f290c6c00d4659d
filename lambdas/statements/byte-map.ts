/**
 * A read-only map from byte strings to indexes, looked up straight from a file's bytes: the hot
 * path finds a line's applicationId without decoding it into a string (FNV-1a, linear probing).
 */
const encoder = new TextEncoder();

export class ByteMap {
  private readonly keys: Uint8Array[];
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(keys: readonly string[]) {
    this.keys = keys.map((k) => encoder.encode(k));
    let size = 16;
    while (size < keys.length * 4) size *= 2;
    this.mask = size - 1;
    this.slots = new Int32Array(size).fill(-1);
    this.keys.forEach((k, i) => {
      let slot = hash(k, 0, k.length) & this.mask;
      while ((this.slots[slot] as number) >= 0) slot = (slot + 1) & this.mask;
      this.slots[slot] = i;
    });
  }

  /** Whether no key holds any of these bytes. */
  keysFreeOf(bytes: readonly number[]): boolean {
    return this.keys.every((k) => bytes.every((c) => !k.includes(c)));
  }

  /** The index of bytes[s, e), or -1. */
  get(b: Uint8Array, s: number, e: number): number {
    let slot = hash(b, s, e) & this.mask;
    const n = e - s;
    for (;;) {
      const i = this.slots[slot] as number;
      if (i < 0) return -1;
      const k = this.keys[i] as Uint8Array;
      if (k.length === n) {
        let j = 0;
        while (j < n && k[j] === b[s + j]) j++;
        if (j === n) return i;
      }
      slot = (slot + 1) & this.mask;
    }
  }
}

function hash(b: Uint8Array, s: number, e: number): number {
  let h = 0x811c9dc5;
  for (let i = s; i < e; i++) h = Math.imul(h ^ (b[i] as number), 0x01000193);
  return h >>> 0;
}
