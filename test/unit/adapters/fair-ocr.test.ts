import { describe, expect, it } from 'vitest';
import { fairOcr, ocrQueue } from '../../../lambdas/adapters/fair-ocr.js';
import { ReaderBusyError } from '../../../lambdas/extraction/read-queue.js';
import type { Ocr, OcrPage } from '../../../lambdas/ports/ocr.js';

/** An engine that answers pages when told to, recording the order it was asked in. */
function manualEngine() {
  const asked: string[] = [];
  const pending: (() => void)[] = [];
  const engine: Ocr = {
    engine: 'manual',
    close: async () => {},
    recognize: (image) =>
      new Promise<OcrPage>((done) => {
        asked.push(Buffer.from(image).toString());
        pending.push(() => done({ width: 1, height: 1, lines: [] }));
      }),
  };
  const answerOne = async () => {
    pending.shift()?.();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { engine, asked, answerOne };
}

const page = (name: string) => new Uint8Array(Buffer.from(name));
const opts = { languages: ['chi_sim' as const] };

describe('fairOcr: one engine shared page by page between sellers', () => {
  it("gives another seller's single page the engine after one page of a seller with many", async () => {
    const { engine, asked, answerOne } = manualEngine();
    const queue = ocrQueue();
    const a = fairOcr(engine, queue, 'seller:a');
    const b = fairOcr(engine, queue, 'seller:b');
    const reads = ['a1', 'a2', 'a3', 'a4'].map((p) => a.recognize(page(p), opts));
    await new Promise((r) => setTimeout(r, 0));
    const bRead = b.recognize(page('b1'), opts);
    for (let i = 0; i < 5; i++) await answerOne();
    await Promise.all([...reads, bRead]);
    expect(asked).toEqual(['a1', 'b1', 'a2', 'a3', 'a4']);
  });

  it('refuses at once, retryably, past the bounds of one seller', async () => {
    const { engine, answerOne } = manualEngine();
    const queue = ocrQueue();
    const a = fairOcr(engine, queue, 'seller:a');
    const held = Array.from({ length: 17 }, (_, i) => a.recognize(page(`a${i}`), opts));
    await expect(a.recognize(page('one too many'), opts)).rejects.toBeInstanceOf(ReaderBusyError);
    for (let i = 0; i < 17; i++) await answerOne();
    await Promise.all(held);
  });

  it('does not close the shared engine', async () => {
    let closed = false;
    const { engine } = manualEngine();
    const close = async () => {
      closed = true;
    };
    await fairOcr({ ...engine, close }, ocrQueue(), 't').close();
    expect(closed).toBe(false);
  });
});
