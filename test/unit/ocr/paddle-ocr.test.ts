/**
 * The PP-OCRv4 engine on real pages: corpus documents copied into the repository (their truth
 * beside them), prepared as the extraction prepares them. One engine for the file (the models load
 * once, ≈ 0.5 s).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InferenceThread } from '../../../lambdas/ocr/paddle/inference-thread';
import { modelFiles } from '../../../lambdas/ocr/paddle/models';
import { PADDLE_ENGINE, PaddleOcr } from '../../../lambdas/ocr/paddle-ocr';
import { preprocessImage } from '../../../lambdas/ocr/preprocess';
import type { OcrPage } from '../../../lambdas/ports/ocr';

const APPS = join(import.meta.dirname, '../../fixtures/corpus/applications');

const ocr = new PaddleOcr();
afterAll(() => ocr.close());

async function prepared(file: string): Promise<Uint8Array> {
  const ready = await preprocessImage(readFileSync(join(APPS, file)), file);
  if (!ready.ok) throw new Error(`${file} could not be prepared`);
  return ready.png;
}

function truth(file: string): Record<string, string> {
  return JSON.parse(readFileSync(join(APPS, `${file}.truth.json`), 'utf8')) as Record<string, string>;
}

/** Everything read, without spaces, NFKC (as the readers compare). */
const text = (page: OcrPage) =>
  page.lines
    .map((l) => l.words.map((w) => w.text).join(''))
    .join('\n')
    .normalize('NFKC');

describe('PaddleOcr', () => {
  it('reads the USCC and the company name when given a scanned licence', async () => {
    const file = 'corpus-app-electronics-scans/business-licence.png';
    const page = await ocr.recognize(await prepared(file), { languages: ['chi_sim', 'eng'] });
    const want = truth(file);
    expect(text(page)).toContain(want.uscc);
    expect(text(page)).toContain(want.companyName);
    expect(text(page)).toContain(want.legalRepresentative);
  });

  it('reads the USCC and the company name when given a phone photo of a licence', async () => {
    const file = 'corpus-app-home-photos/business-licence.jpg';
    const image = await prepared(file);
    const page = await ocr.recognize(image, { languages: ['chi_sim', 'eng'] });
    const want = truth(file);
    expect(text(page)).toContain(want.uscc);
    expect(text(page)).toContain(want.companyName);
    // Every word boxed on the page, inside its line, with a confidence.
    for (const line of page.lines) {
      expect(line.words.length).toBeGreaterThan(0);
      expect(line.confidence).toBe(Math.min(...line.words.map((w) => w.confidence)));
      for (const w of line.words) {
        expect(w.confidence).toBeGreaterThanOrEqual(0);
        expect(w.confidence).toBeLessThanOrEqual(1);
        expect(w.box.x0).toBeGreaterThanOrEqual(line.box.x0);
        expect(w.box.x1).toBeLessThanOrEqual(line.box.x1);
        expect(w.box.x1).toBeLessThanOrEqual(page.width);
        expect(w.box.y1).toBeLessThanOrEqual(page.height);
      }
    }
    // The same page asked again in English is answered from the first read.
    const started = performance.now();
    expect(await ocr.recognize(image, { languages: ['eng'] })).toEqual(page);
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('reads the name and the ID number when given a photographed ID card', async () => {
    const file = 'corpus-app-home-photos/legal-rep-id.jpg';
    const page = await ocr.recognize(await prepared(file), { languages: ['chi_sim', 'eng'] });
    const want = truth(file);
    expect(text(page)).toContain(want.name);
    expect(text(page)).toContain(want.idNumber);
  });

  it('names its models and runtime in its engine string', () => {
    expect(ocr.engine).toBe(PADDLE_ENGINE);
    expect(PADDLE_ENGINE).toMatch(/^paddleocr-ppv4\/onnxruntime-node-1\.30\.\d+\/ocr-models-1\.4\.2$/);
  });

  it('refuses bytes that are not an image as bad input, not as a transient error, and reads on', async () => {
    await expect(ocr.recognize(new Uint8Array([1, 2, 3]), { languages: ['chi_sim'] })).rejects.toMatchObject({
      name: 'InvalidInputError',
    });
  });

  it('fails without retry when a model file is missing, and tries again on the next call', async () => {
    const broken = new PaddleOcr({ models: { ...modelFiles(), detection: '/nonexistent/det.onnx' } });
    const png = await prepared('corpus-app-home-photos/legal-rep-id.jpg');
    const first = await broken.recognize(png, { languages: ['chi_sim'] }).catch((e: Error) => e);
    expect(first).toBeInstanceOf(Error);
    expect((first as Error).name).not.toBe('TransientError');
    await expect(broken.recognize(png, { languages: ['chi_sim'] })).rejects.toThrow();
    await broken.close();
  });

  it('refuses to read after close', async () => {
    const engine = new PaddleOcr();
    await engine.close();
    await expect(engine.recognize(new Uint8Array(8), { languages: ['chi_sim'] })).rejects.toThrow(/closed/);
  });
});

describe('InferenceThread', () => {
  it('keeps the calling thread free while a model runs when the run is long', async () => {
    const thread = new InferenceThread(modelFiles(), 1);
    await thread.ready;
    let last = performance.now();
    let longest = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
    }, 5);
    const started = performance.now();
    // A detection of 1600 × 1600 takes seconds on one thread: run here, it would be one long stall.
    await thread.det(new Float32Array(3 * 1600 * 1600), [1, 3, 1600, 1600]);
    const took = performance.now() - started;
    clearInterval(timer);
    await thread.close();
    expect(longest).toBeLessThan(took / 3);
  });
});
