import { describe, expect, it } from 'vitest';
import { piecesToLines, readPdfText } from '../../../lambdas/extraction/pdf-text';
import { encryptedPdf, licencePdf, manyPagesPdf, pngImage, scannedPdf } from '../../support/docgen/index';

const piece = (x: number, y: number, str: string, width = str.length * 10, size = 10) => ({
  x,
  y,
  width,
  size,
  str,
});

describe('piecesToLines', () => {
  it('puts pieces on one line in x order when they share a baseline', () => {
    expect(piecesToLines([piece(300, 100, '注册资本:500万元'), piece(50, 100, '名称:某公司')])).toEqual([
      '名称:某公司\t注册资本:500万元',
    ]);
  });

  it('orders lines top to bottom when pieces come in any order', () => {
    expect(
      piecesToLines([piece(50, 200, 'third'), piece(50, 100, 'first'), piece(50, 150, 'second')]),
    ).toEqual(['first', 'second', 'third']);
  });

  it('keeps pieces on one line when their baselines differ by less than half the font size', () => {
    expect(piecesToLines([piece(50, 100, 'Name:'), piece(110, 103, 'Acme')])).toEqual(['Name: Acme']);
  });

  it('joins adjacent pieces without a gap and separates a wide gap with a tab', () => {
    expect(
      piecesToLines([piece(50, 100, '统一', 20), piece(70, 100, '社会', 20), piece(200, 100, 'X', 10)]),
    ).toEqual(['统一社会\tX']);
  });

  it('normalises full-width digits and punctuation when the text is NFKC-equivalent', () => {
    expect(piecesToLines([piece(50, 100, '注册资本：５００万元（人民币）')])).toEqual([
      '注册资本:500万元(人民币)',
    ]);
  });

  it('drops lines that hold only whitespace', () => {
    expect(piecesToLines([piece(50, 100, '   '), piece(50, 200, 'text')])).toEqual(['text']);
  });
});

describe('readPdfText', () => {
  it('returns each page with its lines when the PDF has a text layer', async () => {
    const r = await readPdfText(await manyPagesPdf(3), 'p.pdf');
    expect(r).toMatchObject({
      ok: true,
      pageCount: 3,
      pages: [1, 2, 3].map((n) => ({ page: n, lines: [`第 ${n} 页 Page ${n}`] })),
    });
  });

  it('gives every character of a line a box on the page, and none to a separator', async () => {
    const r = await readPdfText(await manyPagesPdf(1), 'p.pdf');
    if (!r.ok) throw new Error('not read');
    const [page] = r.pages;
    const line = page?.lines[0] ?? '';
    const boxes = page?.boxes?.[0] ?? [];
    expect(boxes).toHaveLength(line.length);
    [...line].forEach((c, i) => {
      if (c === ' ') expect(boxes[i]).toBeNull();
      else expect(boxes[i]).toMatchObject({ x0: expect.any(Number), y1: expect.any(Number) });
    });
    const first = boxes[0];
    const last = boxes[line.length - 1];
    expect(first && last && first.x0 < last.x0).toBe(true);
    expect(page?.size?.width).toBeGreaterThan(0);
  });

  it('keeps a two-column licence row on one line when the columns share a baseline', async () => {
    const r = await readPdfText(
      await licencePdf({
        companyName: '某公司',
        uscc: '91330782MA2ABCDE1X',
        legalRepresentative: '张三',
        establishedOn: '2019-01-01',
        validUntil: null,
      }),
      'l.pdf',
    );
    expect(r.ok && r.pages[0]?.lines[2]).toBe('统一社会信用代码:91330782MA2ABCDE1X\t注册资本:500万元');
  });

  it('accepts 20 pages and rejects 21 as too many pages', async () => {
    expect(await readPdfText(await manyPagesPdf(20), 'p.pdf')).toMatchObject({ ok: true, pageCount: 20 });
    const r = await readPdfText(await manyPagesPdf(21), 'p.pdf');
    expect(r).toMatchObject({ ok: false, problem: 'too_many_pages' });
    if (!r.ok) expect(r.message.en).toContain('21 pages');
  });

  it('reports no text layer, pointing to a text PDF, when every page is an image', async () => {
    const r = await readPdfText(await scannedPdf(pngImage(), 2), 'scan.pdf');
    expect(r).toMatchObject({ ok: false, problem: 'no_text_layer' });
    if (!r.ok) {
      expect(r.message.en).toContain('scan.pdf');
      expect(r.message.en).toMatch(/OCR.*not available yet/);
      expect(r.message.en).toContain('text layer');
      expect(r.message.zh).toContain('OCR');
    }
  });

  it('reports the PDF as encrypted when it needs a password', async () => {
    expect(await readPdfText(encryptedPdf(), 'enc.pdf')).toMatchObject({ ok: false, problem: 'encrypted' });
  });

  it('gives up as corrupt when reading takes longer than the time limit', async () => {
    const r = await readPdfText(await manyPagesPdf(20), 'slow.pdf', { timeoutMs: 1 });
    expect(r).toMatchObject({ ok: false, problem: 'corrupt' });
    if (!r.ok) expect(r.message.en).toContain('took too long');
  });

  it('reports the PDF as corrupt when it cannot be parsed', async () => {
    const junk = new Uint8Array(
      Buffer.from('%PDF-1.7\n\x00\x01garbage that is not a pdf\n%%EOF\n', 'latin1'),
    );
    expect(await readPdfText(junk, 'junk.pdf')).toMatchObject({ ok: false, problem: 'corrupt' });
  });
});
