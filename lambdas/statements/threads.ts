/**
 * Runs segments on every core: worker threads and the main thread take segments off one shared
 * counter (Atomics), so a slow segment never leaves a core idle; results come back by index.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { RunParams } from './context.js';
import { processSegment, type Segment, type SegmentResult } from './segment.js';

export interface WorkerInput {
  params: RunParams;
  segments: Segment[];
  partsRoot?: string;
  counter: SharedArrayBuffer;
}

export function drain(input: WorkerInput, counter: Int32Array): SegmentResult[] {
  const results: SegmentResult[] = [];
  for (;;) {
    const i = Atomics.add(counter, 0, 1);
    const seg = input.segments[i];
    if (!seg) return results;
    results.push(processSegment(input.params, seg, input.partsRoot));
  }
}

export function defaultThreads(): number {
  return availableParallelism();
}

export async function runSegments(
  params: RunParams,
  segments: Segment[],
  threads: number,
  partsRoot?: string,
): Promise<SegmentResult[]> {
  const input: WorkerInput = {
    params,
    segments,
    ...(partsRoot ? { partsRoot } : {}),
    counter: new SharedArrayBuffer(4),
  };
  const counter = new Int32Array(input.counter);
  const helpers = Math.min(threads, segments.length) - 1;
  if (helpers <= 0) return drain(input, counter);
  const workers = Array.from({ length: helpers }, () => {
    const w = new Worker(new URL('./worker.mjs', import.meta.url), { workerData: input });
    return new Promise<SegmentResult[]>((ok, fail) => {
      w.once('message', (m: SegmentResult[]) => ok(m));
      w.once('error', fail);
      w.once('exit', (code) => {
        if (code !== 0) fail(new Error(`statement worker exited with ${code}`));
      });
    });
  });
  // The main thread works too; workers starting up meanwhile take what is left.
  const mine = drain(input, counter);
  const theirs = await Promise.all(workers);
  return [...mine, ...theirs.flat()].sort((a, b) => a.index - b.index);
}
