import { describe, expect, it } from 'vitest';
import { holdsText } from '../../../lambdas/extraction/index';
import { parseBankStatement } from '../../../lambdas/extraction/parse/bank-statement';
import { parseCapacityProof } from '../../../lambdas/extraction/parse/capacity-proof';
import { parseElectricityBill } from '../../../lambdas/extraction/parse/electricity-bill';
import { parseLicence } from '../../../lambdas/extraction/parse/licence';
import { headerColumns } from '../../../lambdas/extraction/parse/table';
import type { TextLine } from '../../../lambdas/extraction/parse/text';
import { parseDate } from '../../../lambdas/extraction/parse/values';
import type { Box } from '../../../lambdas/ports/ocr';

/**
 * A page drawn by hand: each row is a list of cells at an x position (in a 1000 × 1000 page, each
 * character 10 wide and 10 high); the row's text puts a tab between cells, as the text layer does
 * for a wide gap. Lines are numbered in the order given.
 */
function page(rows: { y: number; cells: [x: number, text: string][] }[], pageNo = 1): TextLine[] {
  return rows.map((r, i) => {
    let text = '';
    const boxes: (Box | null)[] = [];
    r.cells.forEach(([x, cell], c) => {
      if (c > 0) {
        text += '\t';
        boxes.push(null);
      }
      [...cell].forEach((ch, k) => {
        text += ch;
        boxes.push(ch === ' ' ? null : { x0: x + 10 * k, y0: r.y, x1: x + 10 * (k + 1), y1: r.y + 10 });
      });
    });
    return { page: pageNo, line: i + 1, text, boxes, pageSize: { width: 1000, height: 1000 } };
  });
}

describe('labelled values by position', () => {
  it('reads the value under its label when nothing stands beside it (the 2019 licence)', () => {
    const lines = page([
      { y: 50, cells: [[60, '统一社会信用代码']] },
      { y: 66, cells: [[60, '91330782MA2ABCDE1X']] },
      {
        y: 200,
        cells: [
          [60, '名称'],
          [200, '义乌市某某日用品有限公司'],
          [600, '注册资本'],
          [700, '500万元'],
        ],
      },
    ]);
    const fields = parseLicence(lines, 'l.pdf');
    expect(fields.uscc?.value).toBe('91330782MA2ABCDE1X');
    expect(fields.uscc?.source).toMatchObject({ line: 2, box: { x0: 0.06, y0: 0.066 } });
    expect(fields.companyName?.value).toBe('义乌市某某日用品有限公司');
    expect(fields.registeredCapital?.value).toBe(5_000_000);
  });

  it('reads nothing under a label when the text below stands in another column', () => {
    const lines = page([
      { y: 50, cells: [[60, '统一社会信用代码']] },
      { y: 66, cells: [[600, '91330782MA2ABCDE1X']] },
    ]);
    expect(parseLicence(lines, 'l.pdf').uscc).toBeUndefined();
  });

  it('reads nothing under a label when the row below starts with another label', () => {
    const lines = page([
      { y: 50, cells: [[60, '统一社会信用代码']] },
      {
        y: 66,
        cells: [
          [60, '名称'],
          [200, '某公司'],
        ],
      },
    ]);
    const fields = parseLicence(lines, 'l.pdf');
    expect(fields.uscc).toBeUndefined();
    expect(fields.companyName?.value).toBe('某公司');
  });

  it('reads nothing under a label when the next row is far below it', () => {
    const lines = page([
      { y: 50, cells: [[60, '统一社会信用代码']] },
      { y: 200, cells: [[60, '91330782MA2ABCDE1X']] },
    ]);
    expect(parseLicence(lines, 'l.pdf').uscc).toBeUndefined();
  });
});

describe('tables by column position', () => {
  const header = {
    y: 100,
    cells: [
      [60, '交易日期'],
      [260, '摘要'],
      [400, '收入金额'],
      [520, '支出金额'],
      [640, '余额 对方户名'],
    ] as [number, string][],
  };

  it.each<[string, [number, string], number]>([
    ['an income', [400, '1,000.00'], 100_000],
    ['an expense', [520, '250.50'], -25_050],
  ])('reads %s from its own column when the other is empty', (_, amount, minor) => {
    const lines = page([
      { y: 50, cells: [[60, '户名:某公司']] },
      header,
      { y: 120, cells: [[60, '2026-06-17 13:35:58'], [260, '货款'], amount, [640, '9,999.00 某公司']] },
    ]);
    const fields = parseBankStatement(lines, 'b.pdf');
    expect(fields.transactions.map((t) => [t.value, t.confidence])).toEqual([
      [{ date: '2026-06-17', amountMinor: minor }, 0.99],
    ]);
  });

  it('skips a line under the table that has no date (a wrapped cell, a footer)', () => {
    const lines = page([
      header,
      {
        y: 120,
        cells: [
          [60, '2026-06-17'],
          [400, '10.00'],
        ],
      },
      { y: 135, cells: [[260, '(续)']] },
      { y: 300, cells: [[60, '本明细仅供参考']] },
    ]);
    expect(parseBankStatement(lines, 'b.pdf').transactions).toHaveLength(1);
  });

  it('joins the words of a header cell that spell one label, and bounds the rest', () => {
    const [line] = page([
      {
        y: 10,
        cells: [
          [0, 'Date'],
          [200, 'Debit Amount'],
          [400, 'Credit Amount'],
        ],
      },
    ]);
    const sets = [
      { key: 'date', labels: ['date'] },
      { key: 'debit', labels: ['debitamount', 'debit'] },
      { key: 'credit', labels: ['creditamount'] },
    ];
    expect(headerColumns(line as TextLine, sets)?.map((c) => c.key)).toEqual(['date', 'debit', 'credit']);
  });

  it('cuts a header word OCR ran together from two cells at the column label inside it', () => {
    // One OCR word, one box for all its characters: `序号交易日期` spans two columns.
    const box = { x0: 0, y0: 100, x1: 120, y1: 110 };
    const text = '序号交易日期\t收入金额';
    const header: TextLine = {
      page: 1,
      line: 1,
      text,
      confidences: [...text].map(() => 0.99),
      boxes: [...text].map((c, i) =>
        c === '\t' ? null : i < 6 ? box : { x0: 300, y0: 100, x1: 340, y1: 110 },
      ),
    };
    const sets = [
      { key: 'date', labels: ['交易日期'] },
      { key: 'credit', labels: ['收入金额'] },
    ];
    expect(headerColumns(header, sets)?.map((c) => [c.key, c.box.x0, c.box.x1])).toEqual([
      [null, 0, 40],
      ['date', 40, 120],
      ['credit', 300, 340],
    ]);
  });

  it('reads the monthly capacity, not the annual one beside it', () => {
    const lines = page([
      {
        y: 100,
        cells: [
          [0, 'SKU'],
          [100, 'Monthly Capacity (pcs)'],
          [400, 'Annual Capacity (pcs)'],
        ],
      },
      {
        y: 120,
        cells: [
          [0, 'F-401'],
          [100, '3000'],
          [400, '36,000'],
        ],
      },
    ]);
    expect(parseCapacityProof(lines, 'c.pdf').rows.map((r) => r.value)).toEqual([
      { sku: 'F-401', monthlyCapacity: 3000 },
    ]);
  });
});

describe('electricity bills by position', () => {
  it('pairs each month with the consumption under it when the months are columns', () => {
    const lines = page([
      { y: 50, cells: [[0, 'Account Name: 某公司']] },
      {
        y: 100,
        cells: [
          [0, 'Billing Period'],
          [200, '2026/03'],
          [300, '2026/04'],
        ],
      },
      {
        y: 120,
        cells: [
          [0, 'Consumption (kWh)'],
          [200, '8,450'],
          [300, '8300'],
        ],
      },
    ]);
    expect(parseElectricityBill(lines, 'e.pdf').months.map((m) => m.value)).toEqual([
      { month: '2026-03', kwh: 8450 },
      { month: '2026-04', kwh: 8300 },
    ]);
  });

  it('pairs each billing month with the consumption after it on its page', () => {
    const notice = (month: string, kwh: string, pageNo: number) =>
      page(
        [
          { y: 50, cells: [[0, '户名:某公司']] },
          { y: 70, cells: [[0, `账期:${month}`]] },
          { y: 90, cells: [[0, '上期示数:377715 本期示数:381515 倍率:1']] },
          { y: 110, cells: [[0, `用电量(千瓦时):${kwh}`]] },
        ],
        pageNo,
      );
    const lines = [...notice('2026-05', '7950', 1), ...notice('2026-06', '8,100', 2)];
    expect(parseElectricityBill(lines, 'e.pdf').months.map((m) => [m.value, m.confidence])).toEqual([
      [{ month: '2026-05', kwh: 7950 }, 0.99],
      [{ month: '2026-06', kwh: 8100 }, 0.99],
    ]);
  });
});

describe('parseDate', () => {
  it.each([
    ['2026-06-17 13:35:58', true],
    ['2026/06/17 09:05', true],
    ['2026-06-17 货款', false],
  ])('reads %s as 2026-06-17, clean: %s', (text, clean) => {
    expect(parseDate(text)).toEqual({ value: '2026-06-17', clean });
  });
});

describe('holdsText', () => {
  const ocrLine = (text: string, confidence: number): TextLine => ({
    page: 1,
    line: 1,
    text,
    confidences: [...text].map(() => confidence),
  });

  it.each([
    [
      'a legible page of a document',
      [ocrLine('营业执照 名称 义乌市某某日用品有限公司 类型 有限责任公司', 0.9)],
      true,
    ],
    ['a few marks', [ocrLine('|| -- 1 ..', 0.9)], false],
    [
      'text read below half confidence (bars, noise)',
      [ocrLine('营业执照名称义乌市某某日用品有限公司类型有限责任公司', 0.3)],
      false,
    ],
    ['nothing', [], false],
  ])('says %s holds a document: %s', (_, lines, expected) => {
    expect(holdsText(lines as TextLine[])).toBe(expected);
  });
});
