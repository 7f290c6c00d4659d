/**
 * A worker thread of a statement run: reads segments off the shared counter until none are
 * left, then, if asked, writes statements off the write job's counter (threads.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { WriteJob } from './outputs.js';
import { drain, type WorkerInput } from './threads.js';

const input = workerData as WorkerInput;
const port = parentPort;
if (port) {
  port.postMessage(drain(input, new Int32Array(input.counter)));
  if (input.keepLines) {
    // Loaded while the run merges the reading threads' totals, ready when the job comes.
    const outputs = import('./outputs.js');
    outputs.catch(() => {});
    port.once('message', async (job: WriteJob | null) => {
      if (job) {
        const { drainWrites } = await outputs;
        await drainWrites(job);
        port.postMessage('written');
      }
      port.close();
    });
  } else port.close();
}
