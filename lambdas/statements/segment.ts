/**
 * A byte range of one order file, read in fixed-size chunks through the scanner: the unit of
 * work a thread takes. Ranges start and end at line boundaries; a quoted CSV field that runs
 * past a range's end is read to its close and the run re-reads what follows (run.ts).
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { TotalsJson } from '../domain/settlement/totals.js';
import { type RunParams, scanContext } from './context.js';
import { LineStore, type StoreHandle } from './line-store.js';
import { addTime } from './profile.js';
import { OrderScanner, type RejectRow } from './scanner.js';

export interface Segment {
  index: number;
  fileIndex: number;
  path: string;
  start: number;
  end: number;
  size: number;
  format: 'csv' | 'jsonl';
  columns?: number[];
  skipHeader: boolean;
}

export interface SegmentResult {
  index: number;
  totals: [number, TotalsJson][];
  rejects: RejectRow[];
  /** Range actually read: [start, endedAt); newlines in it. */
  start: number;
  endedAt: number;
  newlines: number;
  /** Its lines in the period, grouped by statement (when the statement files are written). */
  store?: StoreHandle;
}

const CHUNK = 4 << 20;

/**
 * The read buffer a finished segment left on this thread: the next takes it. Memory a process
 * touches for the first time costs more than reading into it (a page fault per 4 KiB: about
 * 4 ms a MiB on the machines measured), so segments do not each take fresh buffers.
 */
let spare: Buffer | null = null;

/** Grows a buffer that keeps the unread tail of the last chunk at its front. */
export class Feeder {
  buf: Buffer = spare ?? Buffer.allocUnsafe(CHUNK);
  len = 0;
  /** Absolute offset of buf[0]. */
  base = 0;
  done = false;

  constructor(
    private readonly scanner: OrderScanner,
    private readonly stopAt = Number.POSITIVE_INFINITY,
  ) {
    spare = null;
  }

  /** Leaves the buffer to the next Feeder on this thread (nothing read from it is kept). */
  release(): void {
    if (this.buf.length <= 4 * CHUNK) spare = this.buf;
  }

  /** Room for the next read: grows when a single record fills the buffer. */
  room(): number {
    if (this.len === this.buf.length) {
      const bigger = Buffer.allocUnsafe(this.buf.length * 2);
      this.buf.copy(bigger, 0, 0, this.len);
      this.buf = bigger;
    }
    return this.buf.length - this.len;
  }

  commit(n: number, final = false): void {
    this.len += n;
    const stop = Math.min(this.len, this.stopAt - this.base);
    const used = this.scanner.scan(this.buf, 0, this.len, final, stop);
    if (this.base + used >= this.stopAt) this.done = true;
    this.buf.copy(this.buf, 0, used, this.len);
    this.base += used;
    this.len -= used;
  }

  push(chunk: Uint8Array): void {
    let at = 0;
    while (at < chunk.length && !this.done) {
      const n = Math.min(this.room(), chunk.length - at);
      this.buf.set(chunk.subarray(at, at + n), this.len);
      at += n;
      this.commit(n);
    }
  }

  finish(): void {
    if (!this.done) this.commit(0, true);
  }
}

export function processSegment(params: RunParams, seg: Segment, keepLines = false): SegmentResult {
  const t0 = performance.now();
  const ctx = scanContext(params);
  const sink = keepLines ? new LineStore() : undefined;
  const scanner = new OrderScanner(ctx, {
    format: seg.format,
    ...(seg.columns ? { columns: Int8Array.from(seg.columns) } : {}),
    skipHeader: seg.skipHeader,
    ...(sink ? { sink } : {}),
  });
  const feeder = new Feeder(scanner, seg.end);
  feeder.base = seg.start;
  const fd = openSync(seg.path, 'r');
  try {
    let pos = seg.start;
    // Past the range's end only while a record begun inside it is still open.
    while (!feeder.done && pos < seg.size) {
      const n = readSync(fd, feeder.buf, feeder.len, Math.min(feeder.room(), CHUNK), pos);
      if (n === 0) break;
      pos += n;
      feeder.commit(n);
    }
    feeder.finish();
  } finally {
    closeSync(fd);
    feeder.release();
  }
  addTime('read', t0);
  const t1 = performance.now();
  const store = sink?.finish();
  addTime('group', t1);
  return {
    index: seg.index,
    totals: [...scanner.totals()].map(([k, t]) => [k, t.toJson()]),
    rejects: scanner.rejects,
    start: seg.start,
    endedAt: feeder.base,
    newlines: scanner.newlines,
    ...(store ? { store } : {}),
  };
}
