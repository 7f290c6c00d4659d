// A reading thread of `governance` (threads.ts): takes segments until none is left, hands back
// their results with the typed arrays transferred, not copied.
import { parentPort, workerData } from 'node:worker_threads';
import { takeSegments, type WorkerInput } from './threads.js';

const results = takeSegments(workerData as WorkerInput);
parentPort?.postMessage(
  results,
  results.map(([, r]) => r.eventLines.buffer as ArrayBuffer),
);
