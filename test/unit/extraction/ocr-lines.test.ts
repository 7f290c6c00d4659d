import { describe, expect, it } from 'vitest';
import { ocrPageLines, pageSlope } from '../../../lambdas/extraction/ocr-lines';
import type { OcrLine, OcrPage, OcrWord } from '../../../lambdas/ports/ocr';

const H = 30;

/** A word of `text` at x (left) and y (top), about as wide as its characters need. */
function word(text: string, x: number, y: number, confidence = 0.9, width?: number): OcrWord {
  const w = width ?? [...text].reduce((s, c) => s + (/[\u3400-\u9fff]/.test(c) ? H : H / 2), 0);
  return { text, confidence, box: { x0: x, y0: y, x1: x + w, y1: y + H } };
}

function line(...words: OcrWord[]): OcrLine {
  return {
    text: words.map((w) => w.text).join(' '),
    confidence: Math.min(...words.map((w) => w.confidence)),
    box: {
      x0: Math.min(...words.map((w) => w.box.x0)),
      y0: Math.min(...words.map((w) => w.box.y0)),
      x1: Math.max(...words.map((w) => w.box.x1)),
      y1: Math.max(...words.map((w) => w.box.y1)),
    },
    words,
  };
}

const page = (...lines: OcrLine[]): OcrPage => ({ width: 2400, height: 1700, lines });

describe('ocrPageLines', () => {
  it('puts the two columns of a row on one line with a tab when the engine reads them as separate blocks', () => {
    const right = line(word('成立日期:', 1300, 100), word('2019年01月01日', 1460, 100));
    const left = line(
      word('名称:', 100, 102),
      word('义乌市佳家', 200, 101),
      word('日用品有限公司', 352, 100),
    );
    const lines = ocrPageLines(page(right, left));
    expect(lines.map((l) => l.text)).toEqual(['名称: 义乌市佳家日用品有限公司\t成立日期: 2019年01月01日']);
  });

  it('orders rows top to bottom and words left to right when they come in any order', () => {
    const lines = ocrPageLines(
      page(
        line(word('third', 100, 300)),
        line(word('b', 130, 100), word('a', 100, 100)),
        line(word('2nd', 100, 200)),
      ),
    );
    expect(lines.map((l) => l.text)).toEqual(['a b', '2nd', 'third']);
  });

  it('keeps a slanted row together when the page is turned a little', () => {
    // 2° clockwise: y grows by 0.035 per pixel of x.
    const slope = Math.tan((2 * Math.PI) / 180);
    const at = (x: number, y: number) => y + x * slope;
    const lines = ocrPageLines(
      page(
        line(
          word('Name:', 100, at(100, 100)),
          word('Acme', 200, at(200, 100)),
          word('Trading', 300, at(300, 100)),
        ),
        line(word('Date:', 1500, at(1500, 100)), word('2019-01-01', 1600, at(1600, 100))),
        line(
          word('Type:', 100, at(100, 160)),
          word('Limited', 200, at(200, 160)),
          word('Company', 330, at(330, 160)),
        ),
      ),
    );
    expect(lines.map((l) => l.text)).toEqual([
      'Name: Acme Trading\tDate: 2019-01-01',
      'Type: Limited Company',
    ]);
  });

  it('joins Chinese characters without a space and normalises full-width text when read by OCR', () => {
    const lines = ocrPageLines(
      page(line(word('姓名', 100, 100), word('张', 175, 100), word('三', 207, 100))),
    );
    expect(lines[0]?.text).toBe('姓名张三');
    const full = ocrPageLines(page(line(word('注册资本：', 100, 100), word('５００万元', 260, 100))));
    expect(full[0]?.text).toBe('注册资本: 500万元');
  });

  it("gives every character its word's confidence when building the line", () => {
    const [l] = ocrPageLines(
      page(line(word('USCC:', 100, 100, 0.95), word('91330782MA2ABCDE1X', 200, 100, 0.6))),
    );
    expect(l?.text).toBe('USCC: 91330782MA2ABCDE1X');
    expect(l?.confidences).toHaveLength(l?.text.length ?? -1);
    expect(l?.confidences.slice(0, 5)).toEqual([0.95, 0.95, 0.95, 0.95, 0.95]);
    expect(l?.confidences.at(-1)).toBe(0.6);
  });

  it("clamps a word box that runs over the next word when tesseract stretches a line's first word", () => {
    const stretched = { ...word('统一', 100, 100), box: { x0: 100, y0: 100, x1: 900, y1: 130 } };
    const [l] = ocrPageLines(page(line(stretched, word('社会信用代码', 162, 100))));
    expect(l?.text).toBe('统一社会信用代码');
  });

  it('returns no lines when the page has no words', () => {
    expect(ocrPageLines(page())).toEqual([]);
    expect(ocrPageLines(page(line(word('  ', 100, 100))))).toEqual([]);
  });
});

describe('pageSlope', () => {
  it('measures the median slope of multi-word lines when the page is turned', () => {
    const words = [0, 1, 2, 3].map((i) => word(`w${i}`, 100 + i * 200, 100 + i * 200 * 0.05));
    expect(pageSlope(page(line(...words)))).toBeCloseTo(0.05, 3);
  });

  it('returns 0 when no line is wide enough to tell', () => {
    expect(pageSlope(page(line(word('a', 100, 100))))).toBe(0);
  });
});
