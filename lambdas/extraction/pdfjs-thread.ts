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
   * Frees the document and its thread. After a deadline (`abandoned`), the thread is terminated
   * at once: pdfjs's own destroy would wait for a parser that is still busy.
   */
  close(abandoned: boolean): Promise<void>;
}

/** Opens a PDF with its parser in a thread of its own (see above); never throws. */
export function openPdf(params: DocumentParams): OpenedPdf {
  if (!WORKER_MODULE) return inProcess(params);
  let thread: Worker;
  let channel: MessageChannel;
  let worker: PDFWorker;
  try {
    channel = new MessageChannel();
    thread = new Worker(THREAD_SOURCE, {
      eval: true,
      workerData: { module: WORKER_MODULE, port: channel.port2 },
      transferList: [channel.port2],
    });
    // pdfjs talks to its worker through a port with the Web's postMessage/addEventListener.
    worker = PDFWorker.create({
      port: channel.port1 as unknown as globalThis.Worker,
      ...(params.verbosity === undefined ? {} : { verbosity: params.verbosity }),
    });
    channel.port1.start();
  } catch {
    return inProcess(params);
  }
  // A thread that cannot start leaves the document unopened: the caller's deadline ends it.
  thread.on('error', () => undefined);
  const task = getDocument({ ...params, worker });
  return {
    task,
    async close(abandoned) {
      if (!abandoned) await task.destroy().catch(() => undefined);
      else void task.destroy().catch(() => undefined);
      worker.destroy();
      channel.port1.close();
      await thread.terminate().catch(() => undefined);
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
