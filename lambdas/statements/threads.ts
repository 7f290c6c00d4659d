/**
 * Runs a statement run on every core, in two steps over the same threads. Reading: worker
 * threads and the main thread take segments off one shared counter (Atomics), so a slow segment
 * never leaves a core idle; results come back by index, each segment's lines in the period left
 * in shared memory. Writing (when files are wanted): the same threads take statements' JSON and
 * CSV off one counter and their PDFs off another (outputs.ts `drainWrites`: the main thread
 * starts with the PDFs, the workers with the rest); the font subset comes with the job.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { RunParams } from './context.js';
import type { WriteJob } from './outputs.js';
import { reportTimes } from './profile.js';
import { processSegment, type Segment, type SegmentResult } from './segment.js';

export interface WorkerInput {
  params: RunParams;
  segments: Segment[];
  keepLines: boolean;
  counter: SharedArrayBuffer;
}

export function drain(input: WorkerInput, counter: Int32Array): SegmentResult[] {
  const results: SegmentResult[] = [];
  for (;;) {
    const i = Atomics.add(counter, 0, 1);
    const seg = input.segments[i];
    if (!seg) {
      reportTimes('reading');
      return results;
    }
    results.push(processSegment(input.params, seg, input.keepLines));
  }
}

export function defaultThreads(): number {
  return availableParallelism();
}

/**
 * Where the worker entry is: beside the built bundle (statements-worker.js), else the source
 * entry that registers tsx first.
 */
function workerUrl(): URL {
  return import.meta.url.endsWith('.ts')
    ? new URL('./worker.mjs', import.meta.url)
    : new URL('./statements-worker.js', import.meta.url);
}

export interface Pool {
  /** Every segment's result, by index. */
  results: SegmentResult[];
  /** Writes the job's statements on every thread; resolves when all are written. */
  write(job: WriteJob): Promise<void>;
  /** Lets the workers go (when nothing is to be written). */
  close(): void;
}

export async function runSegments(
  params: RunParams,
  segments: Segment[],
  threads: number,
  keepLines = false,
  /** Waited for on this thread while the workers start (their reading is not held up). */
  meanwhile?: Promise<unknown>,
): Promise<Pool> {
  const input: WorkerInput = { params, segments, keepLines, counter: new SharedArrayBuffer(4) };
  const counter = new Int32Array(input.counter);
  const helpers = Math.max(0, Math.min(threads, Math.max(segments.length, keepLines ? threads : 1)) - 1);
  const workers = Array.from({ length: helpers }, () => new Worker(workerUrl(), { workerData: input }));
  const failed = new Set<Worker>();
  const read = workers.map(
    (w) =>
      new Promise<SegmentResult[]>((ok, fail) => {
        w.once('message', (m: SegmentResult[]) => ok(m));
        w.once('error', fail);
        w.once('exit', (code) => {
          if (code !== 0) fail(new Error(`statement worker exited with ${code}`));
        });
      }),
  );
  // The main thread works too; workers starting up meanwhile take what is left.
  let mine: SegmentResult[];
  let theirs: SegmentResult[][];
  try {
    // Its failure is the caller's to report, when it needs what it gives.
    if (meanwhile && workers.length > 0) await meanwhile.catch(() => {});
    mine = drain(input, counter);
    theirs = await Promise.all(read);
  } catch (err) {
    for (const w of workers) void w.terminate();
    throw err;
  }
  const results = [...mine, ...theirs.flat()].sort((a, b) => a.index - b.index);
  const close = () => {
    for (const w of workers) w.postMessage(null);
  };
  return {
    results,
    close,
    async write(job: WriteJob): Promise<void> {
      const done = workers.map(
        (w) =>
          new Promise<void>((ok) => {
            w.once('message', () => ok());
            // A thread that fails leaves its statements undone: the main thread writes them below.
            w.once('error', (err) => {
              failed.add(w);
              process.stderr.write(`statements: a writing thread failed (${err.message})\n`);
              ok();
            });
            w.once('exit', () => ok());
          }),
      );
      for (const w of workers) w.postMessage(job);
      const { drainWrites, writeStatementAgain } = await import('./outputs.js');
      await drainWrites(job);
      await Promise.all(done);
      close();
      await writeStatementAgain(job);
    },
  };
}
