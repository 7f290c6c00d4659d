/** Per-field OCR confidence: a field carries the confidence of the characters it was read from. */
import { describe, expect, it } from 'vitest';
import { parseBankStatement } from '../../../lambdas/extraction/parse/bank-statement';
import { parseIdCard } from '../../../lambdas/extraction/parse/id-card';
import { segmentSpans, type TextLine } from '../../../lambdas/extraction/parse/text';

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

  it.each([
    ['passes its check digit: trusted', '11010519491231002X', 0.95],
    ['fails its check digit: as read', '110105194912310021', 0.4],
  ])('reads a shaky ID number that %s', (_, id, confidence) => {
    const fields = parseIdCard([ocrLine(1, ['公民身份号码', 0.95], [id, 0.4])], 'id.png');
    expect(fields.idNumber).toMatchObject({ value: id, confidence });
  });
});
