/** Per-field OCR confidence: a field carries the confidence of the characters it was read from. */
import { describe, expect, it } from 'vitest';
import { CONFIDENCE_DISPUTED } from '../../../lambdas/extraction/cross-check';
import { extractDocument } from '../../../lambdas/extraction/index';
import { parseBankStatement } from '../../../lambdas/extraction/parse/bank-statement';
import { parseElectricityBill } from '../../../lambdas/extraction/parse/electricity-bill';
import { parseIdCard } from '../../../lambdas/extraction/parse/id-card';
import { segmentSpans, type TextLine } from '../../../lambdas/extraction/parse/text';
import { parseTrademark } from '../../../lambdas/extraction/parse/trademark';
import { CONFIDENCE_RECHECKED } from '../../../lambdas/extraction/recheck';
import type { Ocr, OcrLanguage, OcrPage } from '../../../lambdas/ports/ocr';
import { pngImage } from '../../support/docgen/index';

/** An OCR line from cells joined by tabs, each cell's characters at its own confidence. */
function ocrLine(line: number, ...cells: [string, number][]): TextLine {
  const text = cells.map((c) => c[0]).join('\t');
  const confidences = cells.flatMap(([t, c], i) => [...(i ? [1] : []), ...[...t].map(() => c)]);
  return { page: 1, line, text, confidences };
}

describe('OCR field confidence', () => {
  it('finds the cells of a line with where each sits', () => {
    expect(segmentSpans(' 2026-05-03\t货款  +12.00 ')).toEqual([
      { text: '2026-05-03', span: [1, 11] },
      { text: '货款', span: [12, 14] },
      { text: '+12.00', span: [16, 22] },
    ]);
  });

  it('ends an English value at the next label and its colon when OCR reads the column gap narrow', () => {
    const text = 'Account Name: Wenzhou Ruifeng Trading Co., Ltd. Account No.: 6222 0212';
    const line = { page: 1, line: 1, text, confidences: [...text].map(() => 0.9) };
    expect(parseBankStatement([line], 'bank.png').accountName?.value).toBe(
      'Wenzhou Ruifeng Trading Co., Ltd.',
    );
  });

  it('finds a table header whose unit bracket OCR misread (千瓦时})', () => {
    const fields = parseElectricityBill(
      [
        ocrLine(1, ['账期', 0.95], ['用电量(千瓦时}', 0.9], ['电费(元)', 0.9]),
        ocrLine(2, ['2026年8月', 0.93], ['54,748', 0.9], ['32,848.80', 0.4]),
      ],
      'bill.jpg',
    );
    expect(fields.months).toEqual([
      expect.objectContaining({ value: { month: '2026-08', kwh: 54748 }, confidence: 0.9 }),
    ]);
  });

  it('reads the number under a certificate title past a stray mark in the margin, at its own confidence', () => {
    const fields = parseTrademark([ocrLine(1, ['河', 0.2], ['第 67730267 号', 0.9])], 'tm.jpg');
    expect(fields.registrationNumber).toMatchObject({ value: '67730267', confidence: 0.9 });
  });

  it("gives a table row the confidence of its date and amount cells, not of the row's other cells", () => {
    const fields = parseBankStatement(
      [
        ocrLine(1, ['交易日期', 0.95], ['摘要', 0.95], ['金额', 0.95], ['余额', 0.95]),
        ocrLine(2, ['2026-05-03', 0.91], ['货款', 0.3], ['+12,345.67', 0.88], ['1012,345.67', 0.2]),
      ],
      'bank.png',
    );
    expect(fields.transactions).toHaveLength(1);
    expect(fields.transactions[0]).toMatchObject({
      value: { date: '2026-05-03', amountMinor: 1234567 },
      confidence: 0.88,
      source: { method: 'ocr' },
    });
  });

  it('keeps a row it cannot read as an empty transaction at confidence 0, so no month is taken as empty', () => {
    const fields = parseBankStatement(
      [
        ocrLine(1, ['交易日期', 0.95], ['摘要', 0.95], ['金额', 0.95], ['余额', 0.95]),
        ocrLine(2, ['2026 年 06 月 2B 日', 0.4], ['货款', 0.9], ['+12.345.67', 0.3], ['1012,345.67', 0.6]),
      ],
      'bank.jpg',
    );
    expect(fields.transactions).toEqual([
      expect.objectContaining({ value: { date: '', amountMinor: 0 }, confidence: 0 }),
    ]);
  });

  it.each([
    ['passes its check digit: trusted', '11010519491231002X', 0.95],
    ['fails its check digit: as read', '110105194912310021', 0.4],
  ])('reads a shaky ID number that %s', (_, id, confidence) => {
    const fields = parseIdCard([ocrLine(1, ['公民身份号码', 0.95], [id, 0.4])], 'id.png');
    expect(fields.idNumber).toMatchObject({ value: id, confidence });
  });
});

/** One OCR line of single-character words (as tesseract reads Chinese), 30 px high, from x = 100. */
function page(y: number, text: string, confidence: number): OcrPage {
  const words = [...text].map((c, i) => ({
    text: c,
    confidence,
    box: { x0: 100 + i * 32, y0: y, x1: 128 + i * 32, y1: y + 30 },
  }));
  const box = { x0: 100, y0: y, x1: 100 + words.length * 32, y1: y + 30 };
  return { width: 1500, height: 2000, lines: [{ text, confidence, box, words }] };
}

/** Returns the page first, then the given second reads (of the crops), recording the languages. */
function engine(first: OcrPage, ...again: OcrPage[]): Ocr & { calls: OcrLanguage[][] } {
  const reads = [first, ...again];
  const calls: OcrLanguage[][] = [];
  return {
    engine: 'stub',
    calls,
    recognize: async (_image, o) => {
      calls.push(o.languages);
      return reads.shift() ?? { width: 1, height: 1, lines: [] };
    },
    close: async () => undefined,
  };
}

describe('the second look at a Chinese name read below the trusted confidence', () => {
  const bytes = pngImage({ width: 1200, height: 1600 });
  const read = async (ocr: Ocr) => {
    const e = await extractDocument({ type: 'legal_rep_id', file: 'id.png', bytes }, { ocr });
    if (!e.ok || e.type !== 'legal_rep_id') throw new Error('not read');
    return e.fields.name;
  };

  it.each([
    ['agrees: trusted', '王磊', CONFIDENCE_RECHECKED],
    ['reads another character: disputed, below the floor', '王舌', CONFIDENCE_DISPUTED],
  ])('keeps the first read when the second %s', async (_, second, confidence) => {
    const ocr = engine(page(400, '姓名王磊', 0.7), page(20, second, 0.9));
    expect(await read(ocr)).toMatchObject({ value: '王磊', confidence });
    expect(ocr.calls).toEqual([['chi_sim', 'eng'], ['chi_sim']]);
  });

  it('does not look again at a name read with confidence', async () => {
    const ocr = engine(page(400, '姓名王磊', 0.95));
    expect(await read(ocr)).toMatchObject({ value: '王磊', confidence: 0.95 });
    expect(ocr.calls).toHaveLength(1);
  });
});
