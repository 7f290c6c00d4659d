import { describe, expect, it } from 'vitest';
import { OcrRouter } from '../../../lambdas/adapters/ocr-router.js';
import type { Ocr, OcrLanguage } from '../../../lambdas/ports/ocr.js';

/** A stand-in engine that records what it was asked (unit test of the routing only). */
function engine(name: string): Ocr & { asked: OcrLanguage[][]; closed: number } {
  const e = {
    engine: name,
    asked: [] as OcrLanguage[][],
    closed: 0,
    recognize: async (_image: Uint8Array, o: { languages: OcrLanguage[] }) => {
      e.asked.push(o.languages);
      return { width: 1, height: 1, lines: [] };
    },
    close: async () => {
      e.closed++;
    },
  };
  return e;
}

describe('OcrRouter', () => {
  it.each([
    [['chi_sim', 'eng'], 'tesseract'],
    [['chi_sim'], 'tesseract'],
    [['eng'], 'textract'],
  ] as [OcrLanguage[], string][])('sends %j to %s', async (languages, expected) => {
    const chinese = engine('tesseract');
    const english = engine('textract');
    const router = new OcrRouter(chinese, english);
    await router.recognize(new Uint8Array(), { languages });
    expect(router.engineFor(languages).engine).toBe(expected);
    expect((expected === 'tesseract' ? chinese : english).asked).toEqual([languages]);
  });

  it('closes each engine once when one engine serves both languages', async () => {
    const only = engine('tesseract');
    await new OcrRouter(only).close();
    expect(only.closed).toBe(1);
  });
});
