/**
 * The decompression budget (issue 15): a PDF whose streams inflate beyond it is refused before
 * pdfjs reads it, quickly, naming the file and the limit; every corpus PDF is within it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { extractDocument } from '../../../lambdas/extraction/index';
import {
  checkPdfInflation,
  DEFAULT_INFLATE_BUDGET,
  inflatedSize,
  lzwSize,
  runLengthSize,
} from '../../../lambdas/extraction/pdf-budget';
import { readPdfPages } from '../../../lambdas/extraction/pdf-text';
import { pdfPoolStats } from '../../../lambdas/extraction/pdfjs-thread';
import { bombPdf, zlibZeros } from '../../support/bomb';

const MiB = 1024 * 1024;

function pdfFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return pdfFiles(path);
    return name.endsWith('.pdf') ? [path] : [];
  });
}

/** A one-page PDF with one content stream as given (its dictionary's /Filter as given). */
function pdfWithStream(data: Uint8Array, filter: string): Uint8Array {
  const head = `%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n2 0 obj\n<< /Length ${data.length} /Filter ${filter} >>\nstream\n`;
  return new Uint8Array(
    Buffer.concat([Buffer.from(head, 'latin1'), data, Buffer.from('\nendstream\nendobj\n%%EOF\n', 'latin1')]),
  );
}

describe('the decompression budget', () => {
  it('refuses the 2 GiB bomb (2 MB of FlateDecode zeros) at the stream limit, without inflating it all', async () => {
    const bomb = bombPdf();
    expect(bomb.length).toBeLessThan(2.5 * MiB);
    const started = performance.now();
    const check = await checkPdfInflation(bomb);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(check).toMatchObject({
      ok: false,
      reason: 'stream',
      limit: DEFAULT_INFLATE_BUDGET.maxStreamBytes,
    });
    if (!check.ok && check.reason !== 'double_compression') {
      // Stopped just past the limit, not at 2 GiB.
      expect(check.inflated).toBeLessThan(DEFAULT_INFLATE_BUDGET.maxStreamBytes + 16 * MiB);
    }
  });

  it('sums a document’s streams: sixteen of 128 MiB each, each under the stream limit, are over the document’s', async () => {
    const check = await checkPdfInflation(bombPdf({ streams: 16 }));
    expect(check).toMatchObject({
      ok: false,
      reason: 'document',
      limit: DEFAULT_INFLATE_BUDGET.maxDocumentBytes,
    });
  });

  it('lets a stream within the budget through, measured', async () => {
    const check = await checkPdfInflation(pdfWithStream(zlibZeros(1), '/FlateDecode'));
    expect(check).toEqual({ ok: true, inflated: 64 * MiB, streams: 1 });
    expect(
      await checkPdfInflation(pdfWithStream(zlibZeros(1), '/FlateDecode'), {
        maxDocumentBytes: 32 * MiB,
        maxStreamBytes: 32 * MiB,
      }),
    ).toMatchObject({ ok: false, reason: 'stream' });
  });

  it('passes every PDF of the corpus and of the bad-input corpus but the doubly compressed image bomb', async () => {
    const files = pdfFiles(join(__dirname, '../../fixtures'));
    expect(files.length).toBeGreaterThan(100);
    const refused: string[] = [];
    let largest = 0;
    for (const f of files) {
      const check = await checkPdfInflation(new Uint8Array(readFileSync(f)));
      if (!check.ok) refused.push(f.split('/').pop() as string);
      else largest = Math.max(largest, check.inflated);
    }
    expect(refused).toEqual(['bomb-pdf-image-20000x20000.pdf']);
    expect(largest).toBeLessThan(DEFAULT_INFLATE_BUDGET.maxDocumentBytes / 100);
  });

  it('counts LZW and RunLength output from their codes, and refuses a chain of two expanding filters', async () => {
    // RunLength: 0x81 repeats the next byte 128 times; 0x00 copies one byte; 0x80 ends.
    expect(runLengthSize(Uint8Array.from([0x81, 0x41, 0x00, 0x42, 0x80]), 1e9)).toBe(129);
    expect(runLengthSize(new Uint8Array(20_000).fill(0x81), 1e9)).toBe(10_000 * 128);
    // LZW (EarlyChange 1): 9-bit codes A, B, 258 ("AB"), EOD: 4 bytes.
    const codes = [65, 66, 258, 257];
    let bits = '';
    for (const c of codes) bits += c.toString(2).padStart(9, '0');
    bits = bits.padEnd(Math.ceil(bits.length / 8) * 8, '0');
    const bytes = Uint8Array.from(bits.match(/.{8}/g) as string[], (b) => Number.parseInt(b, 2));
    expect(lzwSize(bytes, true, 1e9)).toBe(4);
    expect(await inflatedSize(deflateSync(Buffer.alloc(1000)), 1e9)).toBe(1000);
    const twice = pdfWithStream(deflateSync(Buffer.alloc(10)), '[/FlateDecode /RunLengthDecode]');
    expect(await checkPdfInflation(twice)).toMatchObject({ ok: false, reason: 'double_compression' });
    // ASCIIHex before Flate is decoded first.
    const hex = Buffer.from(`${zlibZeros(1).toString('hex')}>`, 'latin1');
    expect(await checkPdfInflation(pdfWithStream(hex, '[/ASCIIHexDecode /FlateDecode]'))).toMatchObject({
      ok: true,
      inflated: 64 * MiB,
    });
  });

  it('refuses the bomb as DOCUMENT_UNREADABLE, too large, naming the file and the limit, before pdfjs parses it', async () => {
    const before = pdfPoolStats();
    const started = performance.now();
    // A deadline far away: the budget ends the read, not the deadline.
    const read = await readPdfPages(bombPdf(), 'bomb.pdf', { timeoutMs: 120_000 });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(read).toMatchObject({ ok: false, problem: 'too_large' });
    if (!read.ok) {
      expect(read.message.en).toContain('"bomb.pdf"');
      expect(read.message.en).toContain('inflates beyond 200 MB');
      expect(read.message.zh).toContain('bomb.pdf');
    }
    // No parser thread was started or used for it.
    expect(pdfPoolStats().started).toBe(before.started);

    const got = await extractDocument(
      { type: 'business_licence', file: 'licence.pdf', bytes: bombPdf({ streams: 16 }) },
      { timeoutMs: 120_000 },
    );
    expect(got).toMatchObject({
      ok: false,
      code: 'DOCUMENT_UNREADABLE',
      problem: 'too_large',
      file: 'licence.pdf',
    });
    if (!got.ok) expect(got.message.en).toContain('its compressed content inflates beyond 256 MB');
  }, 20_000);
});
