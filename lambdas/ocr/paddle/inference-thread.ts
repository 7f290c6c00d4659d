/**
 * The two ONNX Runtime sessions (detection, recognition) in a worker thread of their own.
 *
 * onnxruntime-node's `session.run` is not asynchronous: it defers to `setImmediate` and then runs
 * the whole inference in the calling thread (measured: a 960 × 672 detection held the event loop
 * for 578 ms). In the thread, the calling thread's event loop stays free (the local runtime serves
 * HTTP and drives state machines in the same process). Only tensors cross: the input buffer is
 * transferred, the detection map comes back whole, and of the recognition output (N × T × 6625
 * probabilities) only each time step's best class, its probability and the probability of a space.
 *
 * The thread is a short CommonJS program given as source (no second bundle entry): it requires
 * onnxruntime-node by the absolute path resolved here, so it finds the same package under tsx,
 * vitest and in the Lambda image (`node_modules`, external to the bundle).
 *
 * Failures: a thread that dies (`error`, unexpected `exit`) rejects every call in progress with a
 * TransientError (a new thread is started by the next call: retrying helps); an error thrown by a
 * run comes back as an InferenceError, transient only when the runtime ran out of memory.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { TransientError } from '../../shared/errors';
import { bestPerStep } from './ctc';
import type { ModelFiles } from './models';

/** An error raised by ONNX Runtime while loading or running a model. */
export class InferenceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InferenceError';
  }
}

/** Running out of memory can pass (a retry on a fresh process); a broken model or shape cannot. */
export function runtimeError(message: string): Error {
  return /bad_alloc|out of memory|failed to allocate|ENOMEM/i.test(message)
    ? new TransientError(`OCR inference: ${message}`)
    : new InferenceError(message);
}

const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const ort = require(workerData.runtime);
const bestPerStep = ${bestPerStep.toString()};
const options = {
  intraOpNumThreads: workerData.threads,
  interOpNumThreads: 1,
  executionMode: 'sequential',
  graphOptimizationLevel: 'all',
  extra: { session: { intra_op: { allow_spinning: workerData.spin ? '1' : '0' } } },
};
const message = (e) => String((e && e.message) || e);
const loading = Promise.all([
  ort.InferenceSession.create(workerData.models.detection, options),
  ort.InferenceSession.create(workerData.models.recognition, options),
]).then(
  ([det, rec]) => {
    parentPort.postMessage({ type: 'ready' });
    return { det, rec };
  },
  (e) => {
    parentPort.postMessage({ type: 'failed', message: message(e) });
    return null;
  },
);
parentPort.on('message', async (m) => {
  const sessions = await loading;
  if (m.type === 'close') {
    if (sessions) await Promise.all([sessions.det.release(), sessions.rec.release()]).catch(() => undefined);
    parentPort.postMessage({ type: 'closed' });
    return;
  }
  try {
    if (!sessions) throw new Error('the models are not loaded');
    const session = sessions[m.model];
    const feeds = { [session.inputNames[0]]: new ort.Tensor('float32', m.data, m.dims) };
    const out = (await session.run(feeds))[session.outputNames[0]];
    const dims = Array.from(out.dims, Number);
    if (m.model === 'rec') {
      const r = bestPerStep(out.data, dims[0] * dims[1], dims[2], workerData.members);
      const message = { id: m.id, ok: true, dims, best: r.best, prob: r.prob, space: r.last };
      parentPort.postMessage(message, [r.best.buffer, r.prob.buffer, r.last.buffer]);
    } else {
      const data = new Float32Array(out.data);
      parentPort.postMessage({ id: m.id, ok: true, dims, data }, [data.buffer]);
    }
  } catch (e) {
    parentPort.postMessage({ id: m.id, ok: false, message: message(e) });
  }
});
`;

export interface DetOutput {
  /** [1, 1, H, W] */
  dims: number[];
  data: Float32Array;
}

export interface RecOutput {
  /** [N, T, classes] */
  dims: number[];
  /** N × T: each time step's most probable class and its probability. */
  best: Int32Array;
  prob: Float32Array;
  /** N × T: the probability of a space (the last class) at each time step. */
  space: Float32Array;
}

type Reply =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  | { type: 'closed' }
  | ({ id: number; ok: true } & (DetOutput | RecOutput))
  | { id: number; ok: false; message: string };

interface Pending {
  resolve: (reply: DetOutput | RecOutput) => void;
  reject: (error: Error) => void;
}

const require = createRequire(import.meta.url);

export class InferenceThread {
  /** Resolves once both models are loaded; rejects if they cannot be (or the thread dies first). */
  readonly ready: Promise<void>;
  private readonly thread: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private dead: Error | null = null;
  private closing: (() => void) | null = null;

  /**
   * `members`: the groups of look-alike classes whose probabilities are summed (see nfkcGroups).
   * `spin`: let idle intra-op threads spin (see PaddleOcrOptions).
   */
  constructor(models: ModelFiles, threads: number, members: number[][] = [], spin = false) {
    this.thread = new Worker(THREAD_SOURCE, {
      eval: true,
      workerData: { runtime: require.resolve('onnxruntime-node'), models, threads, members, spin },
    });
    let loaded: () => void = () => undefined;
    let failed: (error: Error) => void = () => undefined;
    this.ready = new Promise<void>((resolve, reject) => {
      loaded = resolve;
      failed = reject;
    });
    this.ready.catch(() => undefined);
    this.thread.on('message', (reply: Reply) => {
      if ('type' in reply) {
        if (reply.type === 'ready') loaded();
        else if (reply.type === 'failed') failed(runtimeError(reply.message));
        else this.closing?.();
        return;
      }
      const call = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (!call) return;
      if (reply.ok) call.resolve(reply);
      else call.reject(runtimeError(reply.message));
    });
    const die = (error: Error) => {
      if (this.dead) return;
      this.dead = error;
      failed(error);
      for (const call of this.pending.values()) call.reject(error);
      this.pending.clear();
      this.closing?.();
    };
    this.thread.on('error', (e) => die(new TransientError(`OCR inference thread failed: ${e.message}`)));
    this.thread.on('exit', (code) => die(new TransientError(`OCR inference thread exited (${code})`)));
  }

  /** True once the thread has died; it cannot be used again. */
  get failed(): boolean {
    return this.dead !== null;
  }

  det(data: Float32Array, dims: number[]): Promise<DetOutput> {
    return this.call('det', data, dims) as Promise<DetOutput>;
  }

  rec(data: Float32Array, dims: number[]): Promise<RecOutput> {
    return this.call('rec', data, dims) as Promise<RecOutput>;
  }

  /** An idle thread does not keep the process alive. */
  unref(): void {
    this.thread.unref();
  }

  ref(): void {
    this.thread.ref();
  }

  /** Releases the sessions, then ends the thread. */
  async close(): Promise<void> {
    if (!this.dead) {
      const closed = new Promise<void>((resolve) => {
        this.closing = resolve;
      });
      this.thread.ref();
      this.thread.postMessage({ type: 'close' });
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
    }
    this.dead ??= new Error('the OCR engine is closed');
    await this.thread.terminate();
  }

  private call(model: 'det' | 'rec', data: Float32Array, dims: number[]): Promise<DetOutput | RecOutput> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.thread.postMessage({ id, model, data, dims }, [data.buffer as ArrayBuffer]);
    });
  }
}
