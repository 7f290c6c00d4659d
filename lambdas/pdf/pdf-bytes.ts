/**
 * Bytes of a PDF as it is written: ASCII text, numbers and binary parts straight into one growing
 * buffer, with no string per drawing command (a statement PDF draws several hundred), and each
 * object's offset kept for the xref. A shared part (the cached font objects) is not copied: the
 * document comes out as parts for one vectored write.
 */
import { putInt } from '../shared/digits.js';

export class ByteSink {
  buf: Buffer;
  len = 0;

  constructor(size: number) {
    this.buf = Buffer.allocUnsafe(size);
  }

  /** Makes room for n more bytes. */
  room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + n));
    this.buf.copy(bigger, 0, 0, this.len);
    this.buf = bigger;
  }

  /** Text of one byte a character (latin1). */
  text(s: string): void {
    this.room(s.length);
    this.len += this.buf.write(s, this.len, 'latin1');
  }

  bytes(b: Uint8Array, from = 0, to = b.length): void {
    this.room(to - from);
    this.buf.set(from === 0 && to === b.length ? b : b.subarray(from, to), this.len);
    this.len += to - from;
  }

  /** `num(n)`'s text: n to two decimals, as (Math.round(n * 100) / 100).toString() writes it. */
  num(n: number): void {
    const r = Math.round(n * 100);
    if (r === 0 || r > 2e9 || r < -2e9) {
      this.text(num(n));
      return;
    }
    this.room(16);
    let a = r;
    if (a < 0) {
      this.buf[this.len++] = 45;
      a = -a;
    }
    const int = (a / 100) | 0;
    const frac = a - int * 100;
    this.len = putInt(this.buf, this.len, int);
    if (frac !== 0) {
      const b = this.buf;
      const tens = (frac / 10) | 0;
      b[this.len++] = 46;
      b[this.len++] = 48 + tens;
      if (frac !== tens * 10) b[this.len++] = 48 + frac - tens * 10;
    }
  }
}

/**
 * A coordinate to two decimals, as (Math.round(n * 100) / 100).toString() writes it, from
 * integers: a small integer's text is cached by V8, a fraction's is worked out digit by digit.
 */
export function num(n: number): string {
  const r = Math.round(n * 100);
  if (r === 0) return '0';
  if (r > 2e9 || r < -2e9) return (r / 100).toString();
  const a = r < 0 ? -r : r;
  const int = (a / 100) | 0;
  const frac = a - int * 100;
  const text =
    frac === 0 ? `${int}` : frac % 10 === 0 ? `${int}.${frac / 10}` : `${int}.${frac < 10 ? '0' : ''}${frac}`;
  return r < 0 ? `-${text}` : text;
}

/** PDF objects written in order into one buffer, each's offset kept for the xref. */
export class PdfBytes {
  readonly offsets: number[] = [];
  readonly out: ByteSink;
  /** Shared parts not copied: [at, bytes] in order. */
  private readonly shared: [number, Uint8Array][] = [];
  private sharedBytes = 0;

  constructor(size = 4096) {
    this.out = new ByteSink(size);
  }

  /** Where the next byte goes in the document. */
  get at(): number {
    return this.out.len + this.sharedBytes;
  }

  write(s: string): void {
    this.out.text(s);
  }

  /** Bytes kept as their own part (the same in every document): not copied. */
  writeShared(b: Uint8Array): void {
    this.shared.push([this.out.len, b]);
    this.sharedBytes += b.length;
  }

  obj(id: number, body: string): void {
    this.offsets[id] = this.at;
    this.write(`${id} 0 obj\n${body}\nendobj\n`);
  }

  /** A stream object whose data is `parts` (each a range of a buffer) in order. */
  stream(id: number, dict: string, ...parts: (string | [Uint8Array, number, number])[]): void {
    this.offsets[id] = this.at;
    let length = 0;
    for (const p of parts) length += typeof p === 'string' ? p.length : p[2] - p[1];
    this.write(`${id} 0 obj\n<< ${dict} /Length ${length} >>\nstream\n`);
    for (const p of parts) {
      if (typeof p === 'string') this.write(p);
      else this.out.bytes(p[0], p[1], p[2]);
    }
    this.write('\nendstream\nendobj\n');
  }

  /** Everything written, as parts in order. */
  parts(): Uint8Array[] {
    const parts: Uint8Array[] = [];
    const all = this.out.buf;
    let from = 0;
    for (const [at, b] of this.shared) {
      if (at > from) parts.push(all.subarray(from, at));
      parts.push(b);
      from = at;
    }
    if (this.out.len > from) parts.push(all.subarray(from, this.out.len));
    return parts;
  }
}
