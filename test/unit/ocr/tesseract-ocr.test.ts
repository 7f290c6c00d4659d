import dns from 'node:dns';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';
import { BroadcastChannel, Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { preprocessImage } from '../../../lambdas/ocr/preprocess';
import {
  modelDirectory,
  modelFile,
  TESSERACT_ENGINE,
  TesseractOcr,
  tesseractLanguages,
} from '../../../lambdas/ocr/tesseract-ocr';
import { idCardPdf, scanPng } from '../../support/docgen/index';

/** Wraps tesseract.js's worker script: refuses and reports any network use in the worker thread. */
const GUARD = fileURLToPath(new URL('../../support/ocr-network-guard.cjs', import.meta.url));

// One engine for the file (starting one loads ~5 MB of models).
const ocr = new TesseractOcr({ workerPath: GUARD });
afterAll(() => ocr.close());

const idPdf = await idCardPdf({ name: '张三', idNumber: '330782198503120011' });
const prepared = await preprocessImage(await scanPng(idPdf, { seed: 1, seal: false }), 'id.png');
if (!prepared.ok) throw new Error('the ID card scan could not be prepared');
const page = prepared.png;

/** Collects what the worker-thread guard reports while `run` runs. */
async function networkUse(run: () => Promise<unknown>): Promise<string[]> {
  const reported: string[] = [];
  const channel = new BroadcastChannel('ocr-network-guard');
  channel.onmessage = (event) => reported.push(String((event as { data: unknown }).data));
  const refuse = (what: string) => () => {
    reported.push(what);
    throw new Error(`network use: ${what}`);
  };
  const spies = [
    vi.spyOn(net.Socket.prototype, 'connect').mockImplementation(refuse('net.Socket.connect')),
    vi.spyOn(tls, 'connect').mockImplementation(refuse('tls.connect')),
    vi.spyOn(dns, 'lookup').mockImplementation(refuse('dns.lookup')),
    vi.spyOn(globalThis, 'fetch').mockImplementation(refuse('fetch')),
  ];
  try {
    await run();
    // Messages from the worker thread arrive asynchronously.
    await new Promise((resolve) => setTimeout(resolve, 100));
  } finally {
    for (const spy of spies) spy.mockRestore();
    channel.close();
  }
  return reported;
}

describe('TesseractOcr', () => {
  it('never uses the network, in this thread or in its worker, when it starts and reads a page', async () => {
    let lines = 0;
    const used = await networkUse(async () => {
      lines = (await ocr.recognize(page, { languages: ['chi_sim', 'eng'] })).lines.length;
    });
    expect(used).toEqual([]);
    expect(lines).toBeGreaterThan(0);
  });

  it('would see network use in the worker thread when something there tried it (the guard works)', async () => {
    const used = await networkUse(async () => {
      const worker = new Worker(
        `require(${JSON.stringify(GUARD)});
         fetch('http://127.0.0.1:9/').catch(() => {});
         try { new (require('node:net').Socket)().connect(9, '127.0.0.1'); } catch {}`,
        { eval: true },
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      await worker.terminate();
    });
    expect(used).toEqual(expect.arrayContaining(['fetch http://127.0.0.1:9/', 'net.Socket.connect']));
  });

  it('reads its models from the npm packages as local gzip files', () => {
    expect(modelDirectory('chi_sim')).toMatch(/@tesseract\.js-data\/chi_sim\/4\.0\.0$/);
    expect(modelFile('eng')).toMatch(/@tesseract\.js-data\/eng\/4\.0\.0_best_int\/eng\.traineddata\.gz$/);
    expect(ocr.engine).toBe(TESSERACT_ENGINE);
  });

  it('returns words and lines with confidences from 0 to 1 and boxes on the page', async () => {
    const read = await ocr.recognize(page, { languages: ['chi_sim', 'eng'] });
    expect(read.width).toBe(prepared.ok ? prepared.width : 0);
    expect(read.height).toBe(prepared.ok ? prepared.height : 0);
    const text = read.lines.map((l) => l.words.map((w) => w.text).join('')).join('\n');
    expect(text).toContain('330782198503120011');
    expect(text).toContain('张三');
    for (const line of read.lines) {
      expect(line.confidence).toBe(Math.min(...line.words.map((w) => w.confidence)));
      for (const w of line.words) {
        expect(w.confidence).toBeGreaterThanOrEqual(0);
        expect(w.confidence).toBeLessThanOrEqual(1);
        expect(w.box.x0).toBeLessThanOrEqual(w.box.x1);
        expect(w.box.x1).toBeLessThanOrEqual(read.width);
        expect(w.box.y1).toBeLessThanOrEqual(read.height);
      }
    }
  });

  it('serves calls made at once one after the other, with the same results as alone', async () => {
    const alone = await ocr.recognize(page, { languages: ['chi_sim'] });
    const [a, b, c] = await Promise.all([
      ocr.recognize(page, { languages: ['chi_sim'] }),
      ocr.recognize(page, { languages: ['eng'] }),
      ocr.recognize(page, { languages: ['chi_sim'] }),
    ]);
    expect(a).toEqual(alone);
    expect(c).toEqual(alone);
    expect(b?.lines.some((l) => l.text.includes('330782198503120011'))).toBe(true);
  });

  it('fails with a TransientError, trying no download, when a model is missing', async () => {
    const broken = new TesseractOcr({ modelDirs: { chi_sim: '/nonexistent' }, workerPath: GUARD });
    const used = await networkUse(async () => {
      await expect(broken.recognize(page, { languages: ['chi_sim'] })).rejects.toMatchObject({
        name: 'TransientError',
        message: expect.stringContaining('/nonexistent/chi_sim.traineddata.gz'),
      });
    });
    expect(used).toEqual([]);
    await broken.close();
  });

  it('fails with a TransientError and ends its worker when a model cannot be read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bad-model-'));
    // The gzip magic number, then nothing a gzip reader can inflate.
    writeFileSync(join(dir, 'chi_sim.traineddata.gz'), Buffer.from([0x1f, 0x8b, 0x08, 0x00, 1, 2, 3, 4, 5]));
    const broken = new TesseractOcr({ modelDirs: { chi_sim: dir }, workerPath: GUARD });
    try {
      await expect(broken.recognize(page, { languages: ['chi_sim'] })).rejects.toMatchObject({
        name: 'TransientError',
      });
    } finally {
      await broken.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives up a page with a TransientError when it takes longer than its time limit', async () => {
    const slow = new TesseractOcr({ timeoutMs: 1, workerPath: GUARD });
    await expect(slow.recognize(page, { languages: ['chi_sim'] })).rejects.toMatchObject({
      name: 'TransientError',
    });
    await slow.close();
  });

  it('refuses calls once closed', async () => {
    const engine = new TesseractOcr({ workerPath: GUARD });
    await engine.close();
    await expect(engine.recognize(page, { languages: ['eng'] })).rejects.toThrow(/closed/);
  });
});

describe('tesseractLanguages', () => {
  it('reads with the Chinese model whenever Chinese is wanted, and English alone otherwise', () => {
    expect(tesseractLanguages(['chi_sim', 'eng'])).toBe('chi_sim');
    expect(tesseractLanguages(['eng', 'chi_sim'])).toBe('chi_sim');
    expect(tesseractLanguages(['chi_sim'])).toBe('chi_sim');
    expect(tesseractLanguages(['eng'])).toBe('eng');
    expect(tesseractLanguages([])).toBe('chi_sim');
  });
});
