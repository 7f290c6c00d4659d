/** A worker thread of a statement run: takes segments off the shared counter until none are left. */
import { parentPort, workerData } from 'node:worker_threads';
import { drain, type WorkerInput } from './threads.js';

const input = workerData as WorkerInput;
parentPort?.postMessage(drain(input, new Int32Array(input.counter)));
