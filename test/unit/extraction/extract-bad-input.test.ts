import net from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DocumentType } from '../../../lambdas/domain/model';
import { extractDocument } from '../../../lambdas/extraction/index';
import {
  capacityProofPdf,
  elfExecutable,
  encryptedPdf,
  jpegImage,
  licencePdf,
  manyPagesPdf,
  pngImage,
  rng,
  scannedPdf,
  truncated,
  windowsExecutable,
} from '../../support/docgen/index';

const licence = await licencePdf({
  companyName: '义乌市佳家日用品有限公司',
  uscc: '91330782MA2ABCDE1X',
  legalRepresentative: '张三',
  establishedOn: '2019-01-01',
  validUntil: null,
});

async function problemOf(type: DocumentType, file: string, bytes: Uint8Array) {
  const r = await extractDocument({ type, file, bytes });
  if (r.ok) return 'ok';
  expect(r.code).toBe('DOCUMENT_UNREADABLE');
  expect(r.type).toBe(type);
  expect(r.file).toBe(file);
  expect(r.message.zh).toContain(file);
  expect(r.message.en).toContain(file);
  return r.problem;
}

describe('extractDocument: unreadable files', () => {
  it.each([
    ['an empty file', 'licence.pdf', () => new Uint8Array(0), 'empty'],
    ['a PNG named .pdf', 'licence.pdf', () => pngImage(), 'mislabelled'],
    ['a PDF named .png', 'licence.png', () => licence, 'mislabelled'],
    ['an ELF executable named .pdf', 'licence.pdf', () => elfExecutable(), 'type_not_accepted'],
    ['a Windows executable named .pdf', 'licence.pdf', () => windowsExecutable(), 'type_not_accepted'],
    ['a truncated PDF', 'licence.pdf', () => truncated(licence), 'corrupt'],
    ['an encrypted PDF', 'licence.pdf', () => encryptedPdf(), 'encrypted'],
    ['a PDF of 21 pages', 'licence.pdf', () => manyPagesPdf(21), 'too_many_pages'],
    ['a PNG photo', 'licence.png', () => pngImage(), 'no_text_layer'],
    ['a JPEG photo', 'licence.jpg', () => jpegImage(), 'no_text_layer'],
    ['a scanned PDF', 'licence.pdf', () => scannedPdf(pngImage()), 'no_text_layer'],
    [
      'an image over 50 megapixels',
      'licence.jpg',
      () => jpegImage({ width: 10_000, height: 5_001 }),
      'too_large',
    ],
  ] as const)('reports %s as %s', async (_what, file, make, problem) => {
    expect(await problemOf('business_licence', file, await make())).toBe(problem);
  });

  it('says OCR comes later and asks for a text PDF when the upload is a photo', async () => {
    const r = await extractDocument({ type: 'legal_rep_id', file: 'id.jpg', bytes: jpegImage() });
    expect(r).toMatchObject({ ok: false, problem: 'no_text_layer' });
    if (!r.ok) {
      expect(r.message.en).toMatch(/cannot be read yet \(OCR comes in a later release\)/);
      expect(r.message.en).toContain('PDF with a text layer');
      expect(r.message.zh).toContain('OCR');
    }
  });

  it('reports fields not found, naming the labels, when a licence carries neither USCC nor name', async () => {
    const r = await extractDocument({
      type: 'business_licence',
      file: 'other.pdf',
      bytes: await manyPagesPdf(1),
    });
    expect(r).toMatchObject({ ok: false, problem: 'fields_not_found' });
    if (!r.ok) {
      expect(r.message.zh).toContain('统一社会信用代码');
      expect(r.message.en).toContain('Unified Social Credit Code');
    }
  });

  it.each(['legal_rep_id', 'trademark', 'bank_statement', 'electricity_bill'] as const)(
    'reports fields not found when a %s file holds another document',
    async (type) => {
      const other = await capacityProofPdf({ companyName: 'x', rows: [{ sku: 'A-1', monthlyCapacity: 1 }] });
      expect(await problemOf(type, 'wrong.pdf', other)).toBe('fields_not_found');
    },
  );

  it('reports fields not found when a capacity proof has no SKU rows', async () => {
    expect(await problemOf('capacity_proof', 'c.pdf', licence)).toBe('fields_not_found');
  });

  it('reports a type not accepted when the document type is unknown', async () => {
    expect(await problemOf('passport' as DocumentType, 'p.pdf', licence)).toBe('type_not_accepted');
  });

  it('never throws and always answers with a known shape when given random or damaged bytes', async () => {
    const r = rng(42);
    const inputs: Uint8Array[] = [];
    for (let i = 0; i < 60; i++) {
      const b = new Uint8Array(r.int(1, 2000)).map(() => r.int(0, 255));
      inputs.push(b);
      inputs.push(
        new Uint8Array([...Buffer.from('%PDF-1.4\n', 'latin1'), ...b, ...Buffer.from('\n%%EOF\n', 'latin1')]),
      );
    }
    for (let i = 0; i < 8; i++) {
      const damaged = licence.slice();
      for (let k = 0; k < 20; k++) damaged[r.int(0, damaged.length - 8)] = r.int(0, 255);
      inputs.push(damaged);
    }
    inputs.push(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xff, 0xff, 0xff]));
    inputs.push(new Uint8Array([0xff, 0xd8, 0xff, 0xda, 0x00, 0x02, 0xff]));
    for (const [i, bytes] of inputs.entries()) {
      const res = await extractDocument({ type: 'business_licence', file: `f${i}.pdf`, bytes });
      expect(typeof res.ok).toBe('boolean');
      if (!res.ok) expect(res.code).toBe('DOCUMENT_UNREADABLE');
    }
  });

  it('answers corrupt instead of throwing when the bytes are not a Uint8Array', async () => {
    const res = await extractDocument({
      type: 'business_licence',
      file: 'x.pdf',
      bytes: null as unknown as Uint8Array,
    });
    expect(res).toMatchObject({ ok: false, problem: 'empty' });
  });
});

describe('extractDocument: isolation', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('opens no socket and fetches nothing when it reads a document', async () => {
    const connect = vi.spyOn(net.Socket.prototype, 'connect');
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const r = await extractDocument({ type: 'business_licence', file: 'licence.pdf', bytes: licence });
    expect(r.ok).toBe(true);
    await extractDocument({ type: 'business_licence', file: 'enc.pdf', bytes: encryptedPdf() });
    expect(connect).not.toHaveBeenCalled();
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('reads the document when the bytes come as a Node Buffer', async () => {
    const r = await extractDocument({ type: 'business_licence', file: 'l.pdf', bytes: Buffer.from(licence) });
    expect(r.ok).toBe(true);
  });

  it('does not change the caller’s bytes when it reads them', async () => {
    const copy = licence.slice();
    await extractDocument({ type: 'business_licence', file: 'licence.pdf', bytes: copy });
    expect(Buffer.compare(Buffer.from(copy), Buffer.from(licence))).toBe(0);
  });

  it('reads a licence within a second when the text layer is used', async () => {
    const start = performance.now();
    for (let i = 0; i < 5; i++)
      await extractDocument({ type: 'business_licence', file: 'l.pdf', bytes: licence });
    expect((performance.now() - start) / 5).toBeLessThan(1000);
  });
});
