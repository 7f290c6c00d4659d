/**
 * The offline Chinese + English OCR engine: tesseract.js 7 (WebAssembly, in one worker thread) with
 * the LSTM models of `@tesseract.js-data/chi_sim` (`4.0.0`) and `@tesseract.js-data/eng`
 * (`4.0.0_best_int`).
 *
 * It never touches the network. tesseract.js fetches its models from a CDN when `langPath` is not
 * a local directory, and a failure inside its worker is thrown outside any try/catch. So:
 * - the models are read from the two npm packages, through a local `langPath` (a directory of
 *   links to the packages' files: tesseract.js takes one `langPath` for all languages), checked
 *   (present, gzip) before the worker starts, with `cacheMethod: 'none'` (nothing written);
 * - images are handed over as bytes (a string would be fetched or read as a path);
 * - every worker failure (an `error` event, an unexpected exit, a rejected job, a time-out)
 *   rejects the call in progress with a TransientError and drops the worker; the next call starts
 *   a new one.
 *
 * One worker, created on the first call and reused for every page; calls are served one at a
 * time, in order. `close()` terminates it; an idle worker does not keep the process alive.
 *
 * Confidences: tesseract's word confidence (0–100) divided by 100; a line's is its lowest word's.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Worker as ThreadWorker } from 'node:worker_threads';
import Tesseract from 'tesseract.js';
import type { Box, Ocr, OcrLanguage, OcrLine, OcrPage, OcrWord } from '../ports/ocr';
import { TransientError } from '../shared/errors';
import { imageSize } from './image-size';

/**
 * The model variant of each language. Chinese: the `4.0.0` data (tessdata's LSTM model; its legacy
 * part is not used). Measured on 100 generated licences: `4.0.0_best_int` misread 鑫 and 磊
 * wherever they occurred (company names 94% exact), `4.0.0` read every name (100%) in about the
 * same time per page; it loads in ~0.4 s instead of ~0.25 s (20 MB of gzip instead of 1.7 MB).
 * English: `4.0.0_best_int`, small and accurate.
 */
export const TESSDATA_VARIANTS: Readonly<Record<OcrLanguage, string>> = {
  chi_sim: '4.0.0',
  eng: '4.0.0_best_int',
};
export const TESSERACT_ENGINE = `tesseract.js-7/chi_sim@${TESSDATA_VARIANTS.chi_sim}+eng@${TESSDATA_VARIANTS.eng}`;

const DATA_PACKAGES: Record<OcrLanguage, string> = {
  chi_sim: '@tesseract.js-data/chi_sim',
  eng: '@tesseract.js-data/eng',
};

export interface TesseractOcrOptions {
  /** A page that takes longer is given up (TransientError) and the worker restarted. Default 60 s. */
  timeoutMs?: number;
  /** The directory holding `<lang>.traineddata.gz` per language; default: resolved from the npm packages. */
  modelDirs?: Partial<Record<OcrLanguage, string>>;
  /** tesseract.js's worker script (tests wrap it to watch the worker thread); default its own. */
  workerPath?: string;
}

export const DEFAULT_OCR_TIMEOUT_MS = 60_000;

const require = createRequire(import.meta.url);

/** The directory of a language's model in its npm package. */
export function modelDirectory(language: OcrLanguage): string {
  return join(
    dirname(require.resolve(`${DATA_PACKAGES[language]}/package.json`)),
    TESSDATA_VARIANTS[language],
  );
}

export function modelFile(language: OcrLanguage, dir = modelDirectory(language)): string {
  return join(dir, `${language}.traineddata.gz`);
}

/** Throws unless every model is a local gzip file: tesseract.js would otherwise go and fetch it. */
function checkModels(dirs: Record<OcrLanguage, string>): void {
  for (const language of Object.keys(dirs) as OcrLanguage[]) {
    const file = modelFile(language, dirs[language]);
    if (!existsSync(file))
      throw new Error(`OCR model ${file} is missing (npm package ${DATA_PACKAGES[language]})`);
    const head = readFileSync(file).subarray(0, 2);
    if (head[0] !== 0x1f || head[1] !== 0x8b) throw new Error(`OCR model ${file} is not a gzip file`);
  }
}

/**
 * One local directory holding every language's model (links to the package files, copies where
 * links are not allowed): tesseract.js reads `<langPath>/<lang>.traineddata.gz` for each language.
 */
function modelsDirectory(dirs: Record<OcrLanguage, string>): { path: string; remove: () => void } {
  const unique = new Set(Object.values(dirs));
  if (unique.size === 1) return { path: [...unique][0] as string, remove: () => undefined };
  const base = join(tmpdir(), 'tesseract-models');
  mkdirSync(base, { recursive: true });
  const path = mkdtempSync(join(base, 'run-'));
  for (const language of Object.keys(dirs) as OcrLanguage[]) {
    const from = modelFile(language, dirs[language]);
    const to = join(path, `${language}.traineddata.gz`);
    try {
      symlinkSync(from, to);
    } catch {
      copyFileSync(from, to);
    }
  }
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** The worker thread tesseract.js created last (it sets `onerror` on it as it creates it). */
let lastSpawned: ThreadWorker | null = null;

function takeSpawned(): ThreadWorker | null {
  const thread = lastSpawned;
  lastSpawned = null;
  return thread;
}

/**
 * Node's Worker has no `onerror` property; tesseract.js assigns one (as in a browser) to fail the
 * worker's start. Without this accessor a worker thread that dies while starting would raise an
 * `error` event nobody listens to, which ends the process. The accessor also hands the new thread
 * over (`lastSpawned`), so a worker that hangs while starting can still be terminated.
 */
function installWorkerOnerror(): void {
  const proto = ThreadWorker.prototype as unknown as Record<string, unknown>;
  if (Object.getOwnPropertyDescriptor(proto, 'onerror')) return;
  const handlers = new WeakMap<object, (error: unknown) => void>();
  Object.defineProperty(proto, 'onerror', {
    configurable: true,
    get(this: object) {
      return handlers.get(this) ?? null;
    },
    set(this: ThreadWorker, fn: unknown) {
      lastSpawned = this;
      const previous = handlers.get(this);
      if (previous) this.off('error', previous);
      if (typeof fn === 'function') {
        const handler = (error: unknown) => (fn as (e: unknown) => void)(error);
        handlers.set(this, handler);
        this.on('error', handler);
      } else handlers.delete(this);
    },
  });
}

/**
 * The model tesseract reads with, for a set of languages: `chi_sim` whenever Chinese is wanted (its
 * LSTM model reads Latin letters, digits and punctuation as well), `eng` for English alone.
 *
 * Not both at once, measured: with `chi_sim` first, tesseract.js-core 7 loads a garbled name for the
 * second language ("Failed loading language '…'") and reads with chi_sim alone anyway; with `eng`
 * first, short Chinese names come out as Latin letters ("周娜芳" → "AWS") and codes get worse.
 */
export function tesseractLanguages(languages: readonly OcrLanguage[]): string {
  return languages.length === 0 || languages.includes('chi_sim') ? 'chi_sim' : 'eng';
}

interface Running {
  worker: Tesseract.Worker;
  thread: ThreadWorker | null;
  languages: string;
  /** Set when the thread fails; the call in progress is rejected with it. */
  failed: Promise<never>;
  fail: (error: Error) => void;
}

export class TesseractOcr implements Ocr {
  readonly engine = TESSERACT_ENGINE;
  private readonly timeoutMs: number;
  private readonly dirs: Record<OcrLanguage, string>;
  private readonly workerPath: string | undefined;
  private running: Promise<Running> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private models: { path: string; remove: () => void } | null = null;
  /** The worker thread, from the moment it is created. */
  private thread: ThreadWorker | null = null;
  private closed = false;

  constructor(options: TesseractOcrOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_OCR_TIMEOUT_MS;
    this.workerPath = options.workerPath;
    this.dirs = {
      chi_sim: options.modelDirs?.chi_sim ?? modelDirectory('chi_sim'),
      eng: options.modelDirs?.eng ?? modelDirectory('eng'),
    };
  }

  recognize(image: Uint8Array, options: { languages: OcrLanguage[] }): Promise<OcrPage> {
    const run = () => this.recognizeNow(image, options.languages);
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.queue;
    await this.stop();
    this.models?.remove();
    this.models = null;
    if (shared === this) shared = null;
  }

  private async recognizeNow(image: Uint8Array, languages: OcrLanguage[]): Promise<OcrPage> {
    if (this.closed) throw new Error('the OCR engine is closed');
    const wanted = tesseractLanguages(languages);
    const size = imageSize(image);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new TransientError(`OCR took longer than ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
    });
    try {
      const running = await Promise.race([this.start(), timeout]);
      running.thread?.ref();
      if (running.languages !== wanted) await Promise.race([use(running, wanted), running.failed, timeout]);
      const result = await Promise.race([
        running.worker.recognize(Buffer.from(image), {}, { text: false, blocks: true }),
        running.failed,
        timeout,
      ]);
      return toPage(result.data, size);
    } catch (error) {
      await this.stop();
      if ((error as { name?: unknown } | null)?.name === 'TransientError') throw error;
      throw new TransientError(`OCR failed: ${describe(error)}`, { cause: error });
    } finally {
      clearTimeout(timer);
      // Idle, the worker does not keep the process alive (a CLI exits without closing the engine).
      this.thread?.unref();
    }
  }

  private start(): Promise<Running> {
    this.running ??= this.spawn().catch((error: unknown) => {
      this.running = null;
      throw error;
    });
    return this.running;
  }

  private async spawn(): Promise<Running> {
    checkModels(this.dirs);
    installWorkerOnerror();
    this.models ??= modelsDirectory(this.dirs);
    let fail: (error: Error) => void = () => undefined;
    const failed = new Promise<never>((_, reject) => {
      fail = reject;
    });
    failed.catch(() => undefined);
    lastSpawned = null;
    // Both models are loaded once; switching between them re-initialises without reading them again.
    const starting = Tesseract.createWorker(['eng', 'chi_sim'], Tesseract.OEM.LSTM_ONLY, {
      langPath: this.models.path,
      cacheMethod: 'none',
      gzip: true,
      logger: () => undefined,
      // Without a handler, a rejected job is rethrown inside tesseract.js's message listener.
      errorHandler: (error: unknown) => fail(new TransientError(`OCR worker: ${describe(error)}`)),
      ...(this.workerPath ? { workerPath: this.workerPath } : {}),
    });
    // createWorker creates its thread synchronously, before its first await.
    const thread = takeSpawned();
    this.thread = thread;
    thread?.on('error', (error) => fail(new TransientError(`OCR worker crashed: ${describe(error)}`)));
    thread?.on('exit', (code) => fail(new TransientError(`OCR worker exited (${code})`)));
    const worker = await Promise.race([starting, failed]);
    const running: Running = { worker, thread, languages: '', failed, fail };
    await Promise.race([use(running, 'chi_sim'), failed]);
    return running;
  }

  /** Ends the worker, also one that is still starting or hangs. */
  private async stop(): Promise<void> {
    const running = this.running;
    const thread = this.thread;
    this.running = null;
    this.thread = null;
    thread?.removeAllListeners('exit');
    thread?.on('error', () => undefined);
    if (!running) {
      await thread?.terminate();
      return;
    }
    const started = await Promise.race([
      running.catch(() => null),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), 1000).unref()),
    ]);
    if (started) await started.worker.terminate().catch(() => undefined);
    await thread?.terminate();
  }
}

/** Initialises the worker's engine for a model (both are loaded), with the page parameters. */
async function use(running: Running, languages: string): Promise<void> {
  await running.worker.reinitialize(languages, Tesseract.OEM.LSTM_ONLY);
  // Page images come without a resolution; 300 dpi keeps tesseract's size heuristics sensible.
  await running.worker.setParameters({ user_defined_dpi: '300' });
  running.languages = languages;
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : JSON.stringify(error);
}

const box = (b: { x0: number; y0: number; x1: number; y1: number }): Box => ({
  x0: b.x0,
  y0: b.y0,
  x1: b.x1,
  y1: b.y1,
});

const unit = (confidence: number): number =>
  Number.isFinite(confidence) ? Math.min(1, Math.max(0, confidence / 100)) : 0;

/** tesseract's blocks → paragraphs → lines → words, as the port's lines and words. */
export function toPage(data: Tesseract.Page, size: { width: number; height: number } | null): OcrPage {
  const lines: OcrLine[] = [];
  let maxX = 0;
  let maxY = 0;
  for (const block of data.blocks ?? []) {
    for (const paragraph of block.paragraphs ?? []) {
      for (const line of paragraph.lines ?? []) {
        const words: OcrWord[] = [];
        for (const w of line.words ?? []) {
          const text = w.text.trim();
          if (text === '') continue;
          words.push({ text, confidence: unit(w.confidence), box: box(w.bbox) });
          maxX = Math.max(maxX, w.bbox.x1);
          maxY = Math.max(maxY, w.bbox.y1);
        }
        if (words.length === 0) continue;
        lines.push({
          text: line.text.trim(),
          confidence: Math.min(...words.map((w) => w.confidence)),
          box: box(line.bbox),
          words,
        });
      }
    }
  }
  return { width: size?.width ?? maxX, height: size?.height ?? maxY, lines };
}

let shared: TesseractOcr | null = null;

/** One engine per process (a Lambda container, the local runtime), created on first use. */
export function sharedTesseractOcr(): TesseractOcr {
  shared ??= new TesseractOcr();
  return shared;
}
