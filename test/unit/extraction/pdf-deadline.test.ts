/**
 * Reading a PDF has a deadline that holds even while pdfjs is busy parsing (its parser runs in a
 * thread of its own), and a PDF's embedded images are held to the pixel limit before anything
 * is decoded.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractDocument } from '../../../lambdas/extraction/index';
import { readPdfPages, readTimeoutMs } from '../../../lambdas/extraction/pdf-text';
import { sniffFile } from '../../../lambdas/extraction/sniff';
import { CORPUS_DIR } from '../../fixtures/bad-input/generate';
import { licencePdf } from '../../support/docgen/index';

const corpusFile = (name: string) => new Uint8Array(readFileSync(join(CORPUS_DIR, name)));

describe('the PDF read deadline', () => {
  it('ends a PDF built to be slow to parse at the limit, as too complex, naming the file', async () => {
    const started = Date.now();
    const read = await readPdfPages(corpusFile('pdf-too-complex.pdf'), 'slow.pdf', { timeoutMs: 500 });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(read).toMatchObject({ ok: false, problem: 'corrupt' });
    if (!read.ok) {
      expect(read.message.en).toContain('"slow.pdf" is too complex: reading it took too long (over 1 s)');
      expect(read.message.zh).toContain('slow.pdf');
    }
  });

  it('gives the same answer through extractDocument, with the limit as an option', async () => {
    const got = await extractDocument(
      { type: 'business_licence', file: 'slow.pdf', bytes: corpusFile('pdf-too-complex.pdf') },
      { timeoutMs: 500 },
    );
    expect(got).toMatchObject({ ok: false, code: 'DOCUMENT_UNREADABLE', problem: 'corrupt' });
  });

  it('still reads an ordinary PDF, one after another, its parser thread kept for the next', async () => {
    const pdf = await licencePdf({
      companyName: '义乌市某某日用品有限公司',
      uscc: '91330782MA2ABCDE1X',
      enterpriseType: '有限责任公司',
      legalRepresentative: '张三',
      registeredCapital: '500万元',
      establishedOn: '2021-03-05',
      validUntil: null,
    });
    for (let i = 0; i < 3; i++) {
      const read = await readPdfPages(pdf, 'licence.pdf', { timeoutMs: 10_000 });
      expect(read.ok && read.pages[0]?.lines.some((l) => l.includes('91330782MA2ABCDE1X'))).toBe(true);
    }
  });

  it('takes its default from PDF_READ_TIMEOUT_MS when that is a positive number, else 30 s', () => {
    expect(readTimeoutMs({ PDF_READ_TIMEOUT_MS: '2500' })).toBe(2500);
    expect(readTimeoutMs({})).toBe(30_000);
    expect(readTimeoutMs({ PDF_READ_TIMEOUT_MS: 'soon' })).toBe(30_000);
    expect(readTimeoutMs({ PDF_READ_TIMEOUT_MS: '0' })).toBe(30_000);
  });
});

describe("a PDF's embedded images", () => {
  it('are held to the pixel limit by their declared size, without decoding them', async () => {
    const r = await sniffFile(corpusFile('bomb-pdf-image-20000x20000.pdf'), 'bank.pdf');
    expect(r).toMatchObject({ ok: false, problem: 'too_large' });
    if (!r.ok) expect(r.message.en).toContain('holds an image of 20000×20000 pixels');
  });

  it('pass when under the limit', async () => {
    const pdf = corpusFile('bomb-pdf-image-20000x20000.pdf');
    expect(await sniffFile(pdf, 'bank.pdf', { maxPixels: 400_000_000 })).toEqual({ ok: true, kind: 'pdf' });
  });
});
