/**
 * The decompression budget of a PDF, checked before pdfjs sees it: a decompression bomb (2 MB of
 * compressed zeros that pdfjs would inflate to 2 GiB in its parser thread, in ArrayBuffers that no
 * V8 heap limit counts) is refused by the bytes it inflates to, measured here without keeping
 * them.
 *
 * Every stream's dictionary is in the file's bytes as written (streams are never inside object
 * streams), so each `<< … >> stream … endstream` is found by a scan of the bytes. Its filter chain
 * is read from the dictionary; the first expanding filter is decoded and only counted:
 *
 * - FlateDecode: zlib's streaming inflate, in chunks that are counted and dropped, stopped at the
 *   budget (the CPU spent is bounded by the budget: ≈ 0.1 s per 100 MB of zeros);
 * - LZWDecode and RunLengthDecode: their output length is computed from the codes alone;
 * - ASCIIHexDecode / ASCII85Decode before them are decoded first (they only shrink the data);
 * - a chain with two expanding filters ([/FlateDecode /RunLengthDecode]) is refused: no producer
 *   writes one, and its second stage would multiply what the first is held to;
 * - image codecs (DCT, JPX, JBIG2, CCITT) are held by the sniff's pixel limit instead.
 *
 * A stream whose data cannot be inflated (an encrypted file: its stream data is encrypted) counts
 * what was inflated before the error; pdfjs then decides whether the file is readable.
 */
import { createInflate } from 'node:zlib';

export interface InflateBudget {
  /** Bytes all of a document's streams may inflate to, together. */
  maxDocumentBytes: number;
  /** Bytes one stream may inflate to. */
  maxStreamBytes: number;
}

/**
 * 256 MiB for a document; 200 MiB for one stream, an image at the pixel limit (50 megapixels) in
 * four channels. The corpus's 118 PDFs inflate to 0.4 MB at most (measured with this module);
 * a 20-page scan stored as Flate-compressed RGB A4 pages at 300 dpi (≈ 520 MB) would be refused,
 * but scans are JPEG (DCT) in practice, held by the pixel limit instead.
 */
export const DEFAULT_INFLATE_BUDGET: InflateBudget = {
  maxDocumentBytes: 256 * 1024 * 1024,
  maxStreamBytes: 200 * 1024 * 1024,
};

export type InflateCheck =
  | { ok: true; inflated: number; streams: number }
  | { ok: false; reason: 'document' | 'stream'; limit: number; inflated: number }
  | { ok: false; reason: 'double_compression'; filters: string[] };

const EXPANDING = new Set(['FlateDecode', 'Fl', 'LZWDecode', 'LZW', 'RunLengthDecode', 'RL']);
const ASCII_FILTERS = new Set(['ASCIIHexDecode', 'AHx', 'ASCII85Decode', 'A85']);

/** zlib's output chunk: at most this much inflated data is held at once per stream. */
const CHUNK = 256 * 1024;

/** Measures what the PDF's streams inflate to, stopping at the budget; never rejects. */
export async function checkPdfInflation(
  bytes: Uint8Array,
  budget: InflateBudget = DEFAULT_INFLATE_BUDGET,
): Promise<InflateCheck> {
  try {
    return await measure(bytes, budget);
  } catch {
    // A scan that fails leaves the file to pdfjs, still held by the parser thread's limits.
    return { ok: true, inflated: 0, streams: 0 };
  }
}

async function measure(bytes: Uint8Array, budget: InflateBudget): Promise<InflateCheck> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let inflated = 0;
  let streams = 0;
  let at = 0;
  for (;;) {
    const found = buf.indexOf('stream', at, 'latin1');
    if (found < 0) break;
    at = found + 6;
    // `endstream`, or a word that ends in "stream" (a name): not the keyword that opens data.
    if (found > 0 && /[A-Za-z]/.test(String.fromCharCode(buf[found - 1] as number))) continue;
    const dict = dictionaryBefore(buf, found);
    if (dict === undefined) continue;
    let start = found + 6;
    if (buf[start] === 0x0d) start++;
    if (buf[start] === 0x0a) start++;
    const end = dataEnd(buf, start, dict);
    at = Math.max(at, end);
    const filters = filtersOf(dict);
    const expanding = filters.filter((f) => EXPANDING.has(f));
    if (expanding.length === 0) continue;
    if (expanding.length > 1) return { ok: false, reason: 'double_compression', filters };
    streams++;
    let data: Uint8Array = buf.subarray(start, end);
    for (const f of filters) {
      if (EXPANDING.has(f)) break;
      if (f === 'ASCIIHexDecode' || f === 'AHx') data = asciiHex(data);
      else if (f === 'ASCII85Decode' || f === 'A85') data = ascii85(data);
      else if (!ASCII_FILTERS.has(f)) break;
    }
    const limit = Math.min(budget.maxStreamBytes, budget.maxDocumentBytes - inflated);
    const kind = expanding[0] as string;
    const size =
      kind === 'FlateDecode' || kind === 'Fl'
        ? await inflatedSize(data, limit)
        : kind === 'LZWDecode' || kind === 'LZW'
          ? lzwSize(data, earlyChange(dict), limit)
          : runLengthSize(data, limit);
    inflated += size;
    if (size > limit) {
      return size > budget.maxStreamBytes
        ? { ok: false, reason: 'stream', limit: budget.maxStreamBytes, inflated }
        : { ok: false, reason: 'document', limit: budget.maxDocumentBytes, inflated };
    }
  }
  return { ok: true, inflated, streams };
}

/** The stream dictionary ending right before `stream` (`<< … >>` with nested ones), else undefined. */
function dictionaryBefore(buf: Buffer, keyword: number): string | undefined {
  let i = keyword - 1;
  while (i >= 0 && isSpace(buf[i] as number)) i--;
  if (i < 1 || buf[i] !== 0x3e || buf[i - 1] !== 0x3e) return undefined;
  const end = i + 1;
  let depth = 0;
  const floor = Math.max(0, keyword - 65_536);
  for (; i >= floor + 1; i--) {
    if (buf[i] === 0x3e && buf[i - 1] === 0x3e) {
      depth++;
      i--;
    } else if (buf[i] === 0x3c && buf[i - 1] === 0x3c) {
      depth--;
      i--;
      if (depth === 0) return buf.toString('latin1', i, end);
    }
  }
  return undefined;
}

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09 || b === 0x0c || b === 0x00;
}

/** Where the stream's data ends: its direct /Length when that lands on `endstream`, else the next `endstream`. */
function dataEnd(buf: Buffer, start: number, dict: string): number {
  const m = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(dict);
  if (m) {
    const end = start + Number(m[1]);
    if (end <= buf.length) {
      let j = end;
      while (j < buf.length && isSpace(buf[j] as number)) j++;
      if (buf.toString('latin1', j, j + 9) === 'endstream') return end;
    }
  }
  const next = buf.indexOf('endstream', start, 'latin1');
  return next < 0 ? buf.length : next;
}

/** The dictionary's /Filter names, in order (a name or an array of names; an indirect one is Flate's guess). */
function filtersOf(dict: string): string[] {
  // Only the stream's own /Filter, not one in a nested /DecodeParms dictionary.
  const m = /\/Filter\s*(\[[^\]]*\]|\/[A-Za-z0-9]+|\d+\s+\d+\s+R)/.exec(dict);
  if (!m) return [];
  const value = m[1] as string;
  // A filter given by reference is rare; the data is tried as zlib (harmless if it is not).
  if (/R$/.test(value)) return ['FlateDecode'];
  return [...value.matchAll(/\/([A-Za-z0-9]+)/g)].map((n) => n[1] as string);
}

function earlyChange(dict: string): boolean {
  return !/\/EarlyChange\s+0\b/.test(dict);
}

/**
 * The inflated size, counted as zlib's stream hands out its chunks (each dropped at once) and
 * stopped past `limit` (then a size over it). zlib runs on libuv's pool, not the event loop.
 */
export function inflatedSize(data: Uint8Array, limit: number): Promise<number> {
  return new Promise((resolve) => {
    const z = createInflate({ chunkSize: CHUNK });
    let total = 0;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      resolve(total);
      z.destroy();
    };
    z.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > limit) finish();
    });
    // Broken, truncated or encrypted data: what was counted stands.
    z.on('error', finish);
    z.on('end', finish);
    z.on('close', finish);
    z.end(data);
  });
}

/** LZW output length from the codes alone (each new entry is one longer than the entry it extends). */
export function lzwSize(data: Uint8Array, early: boolean, limit: number): number {
  const lengths = new Uint32Array(4097);
  let total = 0;
  let next = 258;
  let width = 9;
  let prev = -1;
  let bits = 0;
  let held = 0;
  for (let i = 0; i < data.length && total <= limit; i++) {
    held = ((held << 8) | (data[i] as number)) >>> 0;
    bits += 8;
    while (bits >= width) {
      const code = (held >>> (bits - width)) & ((1 << width) - 1);
      bits -= width;
      held &= (1 << bits) - 1;
      if (code === 257) return total;
      if (code === 256) {
        next = 258;
        width = 9;
        prev = -1;
        continue;
      }
      let len: number;
      if (code < 256) len = 1;
      else if (code < next) len = lengths[code] as number;
      else if (code === next && prev >= 0) len = (prev < 256 ? 1 : (lengths[prev] as number)) + 1;
      else return total;
      total += len;
      if (prev >= 0 && next < 4096) {
        lengths[next] = (prev < 256 ? 1 : (lengths[prev] as number)) + 1;
        next++;
      }
      prev = code;
      const grow = next + (early ? 1 : 0);
      if (grow >= 4096) width = 12;
      else if (grow >= 2048) width = 12;
      else if (grow >= 1024) width = 11;
      else if (grow >= 512) width = 10;
      else width = 9;
      if (total > limit) return total;
    }
  }
  return total;
}

/** RunLengthDecode's output length. */
export function runLengthSize(data: Uint8Array, limit: number): number {
  let total = 0;
  let i = 0;
  while (i < data.length && total <= limit) {
    const n = data[i] as number;
    if (n === 128) break;
    if (n < 128) {
      total += n + 1;
      i += n + 2;
    } else {
      total += 257 - n;
      i += 2;
    }
  }
  return total;
}

function asciiHex(data: Uint8Array): Uint8Array {
  const out: number[] = [];
  let high = -1;
  for (const b of data) {
    if (b === 0x3e) break;
    const v =
      b >= 0x30 && b <= 0x39 ? b - 0x30 : (b | 0x20) >= 0x61 && (b | 0x20) <= 0x66 ? (b | 0x20) - 87 : -1;
    if (v < 0) continue;
    if (high < 0) high = v;
    else {
      out.push((high << 4) | v);
      high = -1;
    }
  }
  if (high >= 0) out.push(high << 4);
  return Uint8Array.from(out);
}

function ascii85(data: Uint8Array): Uint8Array {
  const out: number[] = [];
  let group: number[] = [];
  const flush = (count: number) => {
    let value = 0;
    for (let k = 0; k < 5; k++) value = value * 85 + (group[k] ?? 84);
    for (let k = 0; k < count - 1; k++) out.push((value >>> (24 - 8 * k)) & 0xff);
    group = [];
  };
  for (const b of data) {
    if (b === 0x7e) break;
    if (b === 0x7a && group.length === 0) {
      out.push(0, 0, 0, 0);
      continue;
    }
    if (b < 0x21 || b > 0x75) continue;
    group.push(b - 0x21);
    if (group.length === 5) flush(5);
  }
  if (group.length > 1) flush(group.length);
  return Uint8Array.from(out);
}
