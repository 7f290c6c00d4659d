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
 *
 * Untrusted files are held to budgets here, whoever reads them: a bounded queue fair between
 * tenants (read-queue.ts), a decompression budget measured before pdfjs sees the file
 * (pdf-budget.ts), V8 limits on each thread, and the caller's deadline, after which the thread is
 * terminated (its memory freed) and a new one started for the next read.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { MessageChannel, Worker } from 'node:worker_threads';
import { getDocument, PDFWorker } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { DocumentInitParameters } from 'pdfjs-dist/types/src/display/api';
import { checkPdfInflation, type InflateBudget, type InflateCheck } from './pdf-budget';
import { ReadQueue } from './read-queue';

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
   * Resolves, with what happened, if the parser thread dies during the read (out of its memory
   * limits, a crash): the read is over then, without waiting for the deadline.
   */
  lost: Promise<string>;
  /** What the document's streams inflate to (pdf-budget.ts), measured before pdfjs saw them. */
  inflated: number;
  /**
   * Frees the document; its thread is kept for the next one. After a deadline (`abandoned`), the
   * thread is terminated at once: pdfjs's own destroy would wait for a parser that is still busy.
   */
  close(abandoned: boolean): Promise<void>;
}

export type OpenResult =
  | { ok: true; pdf: OpenedPdf }
  | { ok: false; refused: Exclude<InflateCheck, { ok: true }> };

export interface OpenOptions {
  /** Whose read this is: one tenant holds at most its share of the threads (read-queue.ts). */
  tenant?: string;
  /** The decompression budget (default DEFAULT_INFLATE_BUDGET). */
  budget?: InflateBudget;
  /** The caller's bytes, whose budget check is remembered (a PDF drawn after its text was read). */
  source?: Uint8Array;
}

/** A parser thread and pdfjs's handle on it; one document at a time. */
interface Lane {
  thread: Worker;
  channel: MessageChannel;
  worker: PDFWorker;
  dead: boolean;
  /** Resolves with why, when the thread dies. */
  died: Promise<string>;
  idleTimer?: ReturnType<typeof setTimeout>;
}

/**
 * At most one parse per core at once (parsing is CPU-bound; more threads only add start-up cost),
 * others wait their turn in a bounded queue, fair between tenants (read-queue.ts), before their
 * deadline starts. Threads are kept for the next document: starting one and loading pdfjs into it
 * costs ≈ 100 ms of CPU, more than reading a typical licence. A thread is kept only after a read
 * that ended in time and inflated little; an idle one is ended after a minute, so memory a burst
 * took is given back.
 */
const LANES = Math.max(2, availableParallelism());
const queue = new ReadQueue({ slots: LANES });
const idle: Lane[] = [];

/**
 * Each parser thread's own V8 limits: a thread that needs more dies (ERR_WORKER_OUT_OF_MEMORY)
 * and its read ends as unreadable, instead of growing the process. ArrayBuffers (decoded stream
 * data) are outside the V8 heap: the inflate budget holds those.
 */
export const LANE_RESOURCE_LIMITS = {
  maxOldGenerationSizeMb: 384,
  maxYoungGenerationSizeMb: 32,
  stackSizeMb: 4,
} as const;

/** A thread that inflated more than this in one read is ended after it rather than kept. */
const RECYCLE_AFTER_BYTES = 32 * 1024 * 1024;
/** An idle thread is ended after this long. */
const IDLE_MS = 60_000;

const counters = { started: 0, retired: 0, lost: 0 };

/** The pool's state, for tests and the benchmark. */
export function pdfPoolStats() {
  return { lanes: LANES, idle: idle.length, ...queue.stats(), ...counters };
}

/** The pool's queue (its limits are read by tests). */
export function pdfReadQueue(): ReadQueue {
  return queue;
}

let untenanted = 0;
const checked = new WeakMap<Uint8Array, InflateCheck>();

function startLane(verbosity: number | undefined): Lane {
  const channel = new MessageChannel();
  const thread = new Worker(THREAD_SOURCE, {
    eval: true,
    workerData: { module: WORKER_MODULE, port: channel.port2 },
    transferList: [channel.port2],
    resourceLimits: LANE_RESOURCE_LIMITS,
  });
  counters.started++;
  // pdfjs talks to its worker through a port with the Web's postMessage/addEventListener.
  const worker = PDFWorker.create({
    port: channel.port1 as unknown as NonNullable<Parameters<typeof PDFWorker.create>[0]>['port'],
    ...(verbosity === undefined ? {} : { verbosity }),
  });
  channel.port1.start();
  let died: (why: string) => void = () => undefined;
  const lane: Lane = {
    thread,
    channel,
    worker,
    dead: false,
    died: new Promise<string>((resolve) => {
      died = resolve;
    }),
  };
  // A thread that cannot start or dies ends the read it was given (see `lost`).
  const die = (why: string) => {
    if (!lane.dead) counters.lost++;
    lane.dead = true;
    const at = idle.indexOf(lane);
    if (at >= 0) idle.splice(at, 1);
    died(why);
  };
  thread.on('error', (error: Error & { code?: string }) =>
    die(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'error'),
  );
  thread.on('exit', () => die('exit'));
  return lane;
}

function retire(lane: Lane): void {
  if (!lane.dead) counters.retired++;
  lane.dead = true;
  clearTimeout(lane.idleTimer);
  lane.worker.destroy();
  lane.channel.port1.close();
  void lane.thread.terminate().catch(() => undefined);
}

/** An idle thread waits without keeping the process alive, and not for ever. */
function park(lane: Lane): void {
  if (lane.dead || idle.length >= LANES) {
    retire(lane);
    return;
  }
  lane.thread.unref();
  lane.channel.port1.unref();
  lane.idleTimer = setTimeout(() => {
    const at = idle.indexOf(lane);
    if (at >= 0) idle.splice(at, 1);
    retire(lane);
  }, IDLE_MS);
  lane.idleTimer.unref();
  idle.push(lane);
}

function take(verbosity: number | undefined): Lane {
  const lane = idle.pop();
  if (!lane) return startLane(verbosity);
  clearTimeout(lane.idleTimer);
  lane.thread.ref();
  lane.channel.port1.ref();
  return lane;
}

/**
 * Opens a PDF with its parser in a thread of its own (see above), once the queue gives this
 * tenant a slot; there its streams are first measured against the decompression budget, and a
 * file over it is refused without pdfjs reading it. Start the read's deadline after this
 * resolves. Rejects only with a ReaderBusyError (the queue is full: retryable).
 */
export async function openPdf(params: DocumentParams, options: OpenOptions = {}): Promise<OpenResult> {
  // A read that names no tenant (a CLI, a benchmark) is a tenant of its own.
  const release = await queue.acquire(options.tenant ?? `read:${++untenanted}`);
  let check: InflateCheck | undefined = options.source ? checked.get(options.source) : undefined;
  try {
    if (!check) {
      const data = params.data;
      check = data instanceof Uint8Array ? await checkPdfInflation(data, options.budget) : undefined;
      if (check && options.source) checked.set(options.source, check);
    }
  } catch {
    check = undefined;
  }
  if (check && !check.ok) {
    release();
    return { ok: false, refused: check };
  }
  const inflated = check?.ok ? check.inflated : 0;
  if (!WORKER_MODULE) return { ok: true, pdf: inProcess(params, release, inflated) };
  let lane: Lane;
  try {
    lane = take(params.verbosity);
  } catch {
    return { ok: true, pdf: inProcess(params, release, inflated) };
  }
  const task = getDocument({ ...params, worker: lane.worker });
  return {
    ok: true,
    pdf: {
      task,
      lost: lane.died,
      inflated,
      async close(abandoned) {
        if (abandoned || lane.dead) {
          // The parser may still be busy: the thread is terminated, not reused.
          void task.destroy().catch(() => undefined);
          retire(lane);
        } else {
          await task.destroy().catch(() => undefined);
          // A thread that held a large document gives its memory back by ending.
          if (inflated > RECYCLE_AFTER_BYTES) retire(lane);
          else park(lane);
        }
        release();
      },
    },
  };
}

function inProcess(params: DocumentParams, release: () => void, inflated: number): OpenedPdf {
  const task = getDocument(params);
  return {
    task,
    lost: new Promise<string>(() => undefined),
    inflated,
    async close(abandoned) {
      const destroyed = task.destroy().catch(() => undefined);
      if (!abandoned) await destroyed;
      release();
    },
  };
}
