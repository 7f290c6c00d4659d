/**
 * pdfjs parsing in a worker thread of its own, so that a reading deadline holds.
 *
 * pdfjs in Node runs its "worker" (the parser) in the calling thread, and parses a content stream
 * in one go: a PDF built to be slow (form XObjects that draw each other ten times over, ten
 * levels deep, is 10^10 text operations in 2 KB) blocks the event loop, so no timer fires and a
 * `Promise.race` with a time-out never ends. Here the parser runs in a `worker_threads` thread
 * that is terminated when the deadline passes; the calling thread only receives the results.
 *
 * The thread loads pdfjs's own `pdf.worker.mjs` from node_modules (the extraction image ships
 * pdfjs-dist as a package). Where that file cannot be found (a bundle that inlines pdfjs), the
 * parser runs in-process as before, and the deadline holds only between pdfjs's steps.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { MessageChannel, Worker } from 'node:worker_threads';
import { getDocument, PDFWorker } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { DocumentInitParameters } from 'pdfjs-dist/types/src/display/api';

type DocumentParams = DocumentInitParameters;
type LoadingTask = ReturnType<typeof getDocument>;

function workerModule(): string | undefined {
  try {
    return pathToFileURL(createRequire(import.meta.url).resolve('pdfjs-dist/legacy/build/pdf.worker.mjs'))
      .href;
  } catch {
    return undefined;
  }
}
const WORKER_MODULE = workerModule();

/** The thread's whole program: pdfjs's worker handler on the port it is given. */
const THREAD_SOURCE = `
const { workerData } = require('node:worker_threads');
import(workerData.module).then(({ WorkerMessageHandler }) => {
  workerData.port.start();
  WorkerMessageHandler.initializeFromPort(workerData.port);
});
`;

export interface OpenedPdf {
  task: LoadingTask;
  /**
   * Frees the document; its thread is kept for the next one. After a deadline (`abandoned`), the
   * thread is terminated at once: pdfjs's own destroy would wait for a parser that is still busy.
   */
  close(abandoned: boolean): Promise<void>;
}

/** A parser thread and pdfjs's handle on it; one document at a time. */
interface Lane {
  thread: Worker;
  channel: MessageChannel;
  worker: PDFWorker;
  dead: boolean;
}

/**
 * At most one parse per core at once (parsing is CPU-bound; more threads only add start-up cost),
 * others wait their turn before their deadline starts. Threads are kept for the next document:
 * starting one and loading pdfjs into it costs ≈ 100 ms of CPU, more than reading a typical
 * licence. A thread is kept only after a read that ended in time.
 */
const LANES = Math.max(2, availableParallelism());
const idle: Lane[] = [];
let busy = 0;
const waiting: (() => void)[] = [];

async function acquire(): Promise<void> {
  if (busy < LANES) {
    busy++;
    return;
  }
  // The slot is handed over by `release`, so `busy` stays as it is.
  await new Promise<void>((resolve) => waiting.push(resolve));
}

function release(): void {
  const next = waiting.shift();
  if (next) next();
  else busy--;
}

function startLane(verbosity: number | undefined): Lane {
  const channel = new MessageChannel();
  const thread = new Worker(THREAD_SOURCE, {
    eval: true,
    workerData: { module: WORKER_MODULE, port: channel.port2 },
    transferList: [channel.port2],
  });
  // pdfjs talks to its worker through a port with the Web's postMessage/addEventListener.
  const worker = PDFWorker.create({
    port: channel.port1 as unknown as NonNullable<Parameters<typeof PDFWorker.create>[0]>['port'],
    ...(verbosity === undefined ? {} : { verbosity }),
  });
  channel.port1.start();
  const lane: Lane = { thread, channel, worker, dead: false };
  // A thread that cannot start or dies leaves its document unopened: the caller's deadline ends it.
  const die = () => {
    lane.dead = true;
    const at = idle.indexOf(lane);
    if (at >= 0) idle.splice(at, 1);
  };
  thread.on('error', die);
  thread.on('exit', die);
  return lane;
}

function retire(lane: Lane): void {
  lane.dead = true;
  lane.worker.destroy();
  lane.channel.port1.close();
  void lane.thread.terminate().catch(() => undefined);
}

/** An idle thread waits without keeping the process alive. */
function park(lane: Lane): void {
  if (lane.dead || idle.length >= LANES) {
    retire(lane);
    return;
  }
  lane.thread.unref();
  lane.channel.port1.unref();
  idle.push(lane);
}

function take(verbosity: number | undefined): Lane {
  const lane = idle.pop();
  if (!lane) return startLane(verbosity);
  lane.thread.ref();
  lane.channel.port1.ref();
  return lane;
}

/**
 * Opens a PDF with its parser in a thread of its own (see above), once a lane is free; never
 * throws. Start the read's deadline after this resolves.
 */
export async function openPdf(params: DocumentParams): Promise<OpenedPdf> {
  if (!WORKER_MODULE) return inProcess(params);
  await acquire();
  let lane: Lane;
  try {
    lane = take(params.verbosity);
  } catch {
    release();
    return inProcess(params);
  }
  const task = getDocument({ ...params, worker: lane.worker });
  return {
    task,
    async close(abandoned) {
      if (abandoned) {
        // The parser may still be busy: the thread is terminated, not reused.
        void task.destroy().catch(() => undefined);
        retire(lane);
      } else {
        await task.destroy().catch(() => undefined);
        park(lane);
      }
      release();
    },
  };
}

function inProcess(params: DocumentParams): OpenedPdf {
  const task = getDocument(params);
  return {
    task,
    async close(abandoned) {
      const destroyed = task.destroy().catch(() => undefined);
      if (!abandoned) await destroyed;
    },
  };
}
