/**
 * Reading on every core: the input is cut into segments on line boundaries, and the main thread
 * and its workers take the next segment in turn (a shared counter) until none is left, so a thread
 * slowed by the shared machine simply takes fewer. Segments come back by index: the ledger gets
 * them in input order, so the result is the same whatever the number of threads.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { parseSegment, type Segment, type SegmentResult } from './segment.js';

export interface WorkerInput {
  segments: Segment[];
  asOf: string;
  counter: SharedArrayBuffer;
}

/** The first byte after the first newline at or after `offset` (or the file's size). */
function lineStart(fd: number, offset: number, size: number): number {
  const buf = Buffer.allocUnsafe(64 << 10);
  for (let at = offset; at < size; at += buf.length) {
    const n = readSync(fd, buf, 0, buf.length, at);
    const i = buf.subarray(0, n).indexOf(10);
    if (i >= 0) return at + i + 1;
  }
  return size;
}

/** Each file cut into about `perFile` segments of at least `minBytes`, in input order. */
export function planSegments(files: readonly string[], parts: number, minBytes: number): Segment[] {
  const sizes = files.map((f) => statSync(f).size);
  const total = sizes.reduce((a, b) => a + b, 0);
  const target = Math.max(minBytes, Math.ceil(total / parts));
  const segments: Segment[] = [];
  files.forEach((file, k) => {
    const size = sizes[k] as number;
    const fd = openSync(file, 'r');
    try {
      let start = 0;
      do {
        const end = start + target >= size ? size : lineStart(fd, start + target - 1, size);
        segments.push({ file, start, end });
        start = end;
      } while (start < size);
    } finally {
      closeSync(fd);
    }
  });
  return segments;
}

/** Takes segments by the shared counter until none is left; returns [index, result] pairs. */
export function takeSegments(input: WorkerInput): [number, SegmentResult][] {
  const counter = new Int32Array(input.counter);
  const out: [number, SegmentResult][] = [];
  for (;;) {
    const i = Atomics.add(counter, 0, 1);
    if (i >= input.segments.length) return out;
    out.push([i, parseSegment(input.segments[i] as Segment, input.asOf)]);
  }
}

/** Where the worker entry is: beside the built bundle, else the source entry that registers tsx. */
function workerUrl(): URL {
  return import.meta.url.endsWith('.ts')
    ? new URL('./worker.mjs', import.meta.url)
    : new URL('./governance-worker.js', import.meta.url);
}

/** Every segment's result, by index, read by the main thread and `threads - 1` workers. */
export async function readSegments(
  segments: Segment[],
  asOf: string,
  threads: number,
): Promise<SegmentResult[]> {
  const input: WorkerInput = { segments, asOf, counter: new SharedArrayBuffer(4) };
  const helpers = Math.max(0, Math.min(threads, segments.length) - 1);
  const workers = Array.from({ length: helpers }, () => new Worker(workerUrl(), { workerData: input }));
  const done = workers.map(
    (w) =>
      new Promise<[number, SegmentResult][]>((ok, fail) => {
        w.once('message', ok);
        w.once('error', fail);
        w.once('exit', (code) => fail(new Error(`a reading thread exited (${code}) before its result`)));
      }),
  );
  const results: SegmentResult[] = [];
  try {
    for (const [i, r] of takeSegments(input)) results[i] = r;
    for (const part of await Promise.all(done)) for (const [i, r] of part) results[i] = r;
  } finally {
    for (const w of workers) void w.terminate();
  }
  return results;
}
