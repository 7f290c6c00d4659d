/**
 * The statement job's lines between its two Distributed Maps: a batch of order objects is scanned
 * once (the CLI's scanner, header detection and line store), and the lines of each statement that
 * settle in the period go to one binary object per batch, grouped by statement in file order. A
 * statement-files batch reads its statements' slices back (ranged GETs) into a line store and the
 * CLI's own writer (statements/outputs.ts) formats the files from it.
 *
 * A line in a slice: day int32, kind uint8, amount, commission, fulfilment float64 (integers, exact
 * below 2^53), orderId byte length uint32, then the orderId's bytes; little-endian.
 */
import { type RunParams, scanContext } from '../statements/context.js';
import { fileLayout } from '../statements/header.js';
import type { LineStore, StoreReader } from '../statements/line-store.js';
import { type LineSink, OrderScanner } from '../statements/scanner.js';
import { Feeder } from '../statements/segment.js';
import type { StreamResult } from '../statements/stream.js';

const FIXED = 4 + 1 + 8 * 3 + 4;
/** The kind bits of the store's kind byte (the rest are flags the store sets itself). */
const KIND_BITS = 15;

/**
 * One whole order object from a stream, as statements/stream.ts `scanStream` reads it, and its
 * lines in the period into `sink`.
 */
export async function scanStreamLines(
  params: RunParams,
  name: string,
  chunks: AsyncIterable<Uint8Array>,
  sink: LineSink,
): Promise<StreamResult> {
  const ctx = scanContext(params);
  let head = Buffer.alloc(0);
  let feeder: Feeder | undefined;
  let scanner: OrderScanner | undefined;
  let headerError: string | undefined;
  const start = (final: boolean) => {
    const layout = fileLayout(name, head);
    if (layout.headerError) {
      headerError = layout.headerError;
      return;
    }
    scanner = new OrderScanner(ctx, {
      format: layout.format,
      ...(layout.columns ? { columns: layout.columns } : {}),
      skipHeader: layout.format === 'csv',
      sink,
    });
    feeder = new Feeder(scanner);
    feeder.push(head.subarray(layout.bom));
    if (final) feeder.finish();
  };
  for await (const chunk of chunks) {
    if (headerError) break;
    if (feeder) {
      feeder.push(chunk);
      continue;
    }
    head = Buffer.concat([head, chunk]);
    if (head.indexOf(10) >= 0) start(false);
  }
  if (!feeder && !headerError) start(true);
  else feeder?.finish();
  if (headerError) return { totals: new Map(), rejects: [{ line: 1, reason: headerError }] };
  return { totals: scanner?.totals() ?? new Map(), rejects: scanner?.rejects ?? [] };
}

/** Statement `key`'s lines of a finished store, in file order, as one slice. */
export function encodeStatementLines(reader: StoreReader, key: number): Buffer {
  let size = 0;
  reader.forEach(key, (l) => {
    size += FIXED + l.idEnd - l.idStart;
  });
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  reader.forEach(key, (l) => {
    at = out.writeInt32LE(l.day, at);
    at = out.writeUInt8(l.kind & KIND_BITS, at);
    at = out.writeDoubleLE(l.amount, at);
    at = out.writeDoubleLE(l.commission, at);
    at = out.writeDoubleLE(l.fulfilment, at);
    at = out.writeUInt32LE(l.idEnd - l.idStart, at);
    at += l.ids.copy(out, at, l.idStart, l.idEnd);
  });
  return out;
}

/** Adds a slice's lines to `store` under `key`; returns how many. */
export function decodeStatementLines(store: LineStore, key: number, bytes: Uint8Array): number {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  let n = 0;
  while (at < b.length) {
    if (at + FIXED > b.length) throw new RangeError('statement lines: a slice ends inside a line');
    const day = b.readInt32LE(at);
    const kind = b.readUInt8(at + 4);
    const amount = b.readDoubleLE(at + 5);
    const commission = b.readDoubleLE(at + 13);
    const fulfilment = b.readDoubleLE(at + 21);
    const idLen = b.readUInt32LE(at + 29);
    const idStart = at + FIXED;
    if (idStart + idLen > b.length) throw new RangeError('statement lines: a slice ends inside an orderId');
    store.add(key, day, kind, b, idStart, idStart + idLen, amount, commission, fulfilment);
    at = idStart + idLen;
    n++;
  }
  return n;
}
