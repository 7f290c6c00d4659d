/**
 * OCR round trips through extractDocument with the offline PaddleOCR engine (one for the file):
 * documents generated as text-layer PDFs, drawn as scans and photos, read back.
 */
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { repairOcrUscc } from '../../../lambdas/domain/codes';
import type { DocumentType, Extraction, FieldsByType } from '../../../lambdas/domain/model';
import { extractDocument } from '../../../lambdas/extraction/index';
import { PaddleOcr } from '../../../lambdas/ocr/paddle-ocr';
import type { Ocr } from '../../../lambdas/ports/ocr';
import {
  idCardPdf,
  type LicenceData,
  licencePdf,
  photoJpeg,
  pngImage,
  scanPdf,
  scanPng,
} from '../../support/docgen/index';

const ocr = new PaddleOcr();
afterAll(() => ocr.close());

/** Counts the pages the engine is asked to read (used without the second look at names). */
class Counting implements Ocr {
  readonly engine = ocr.engine;
  pages = 0;
  recognize: Ocr['recognize'] = (image, options) => {
    this.pages++;
    return ocr.recognize(image, options);
  };
  close = async () => {};
}

async function read<T extends DocumentType>(
  type: T,
  file: string,
  bytes: Uint8Array,
  engine: Ocr = ocr,
): Promise<FieldsByType[T]> {
  const recheck = !(engine instanceof Counting);
  const r: Extraction = await extractDocument({ type, file, bytes }, { ocr: engine, recheck });
  if (!r.ok) throw new Error(`${file}: ${r.problem} ${r.message.en}`);
  expect(r.method).toBe('ocr');
  return r.fields as FieldsByType[T];
}

const zhLicence: LicenceData = {
  companyName: '义乌市佳家日用品有限公司',
  uscc: '91330782MA21BCDE1A',
  legalRepresentative: '张三',
  establishedOn: '2019-01-01',
  validUntil: null,
};

const enLicence: LicenceData = {
  companyName: 'Ningbo Hengyuan Industrial Co., Ltd.',
  uscc: '91330203MA2H4L7Q0P',
  legalRepresentative: 'Wang Fang',
  establishedOn: '2021-03-05',
  validUntil: '2041-03-04',
};

describe('extractDocument with OCR', () => {
  it('reads a clean PNG scan of a two-column Chinese licence with its seal, by OCR', async () => {
    const f = await read(
      'business_licence',
      'licence.png',
      await scanPng(await licencePdf(zhLicence), { seed: 1 }),
    );
    expect(f.companyName?.value).toBe(zhLicence.companyName);
    expect(repairOcrUscc(f.uscc?.value ?? '')).toBe(zhLicence.uscc);
    expect(f.legalRepresentative?.value).toBe('张三');
    expect(f.establishedOn?.value).toBe('2019-01-01');
    expect(f.validUntil?.value).toBeNull();
    expect(f.registeredCapital?.value).toBe(5_000_000);
    expect(f.uscc?.source).toMatchObject({ file: 'licence.png', page: 1, method: 'ocr' });
    for (const field of [f.companyName, f.uscc, f.establishedOn]) {
      expect(field?.confidence).toBeGreaterThan(0);
      expect(field?.confidence).toBeLessThanOrEqual(1);
    }
  });

  it('reads a clean PNG scan of a one-column English licence, by OCR', async () => {
    const pdf = await licencePdf(enLicence, { lang: 'en', layout: 'single-column' });
    const f = await read(
      'business_licence',
      'licence.png',
      await scanPng(pdf, { seed: 2, sealAt: 'fields' }),
    );
    expect(f.companyName?.value).toBe(enLicence.companyName);
    expect(repairOcrUscc(f.uscc?.value ?? '')).toBe(enLicence.uscc);
    expect(f.legalRepresentative?.value).toBe('Wang Fang');
    expect(f.establishedOn?.value).toBe('2021-03-05');
    expect(f.validUntil?.value).toBe('2041-03-04');
  });

  it('reads the name and ID number of Chinese and English ID card scans', async () => {
    const zh = await read(
      'legal_rep_id',
      'id.png',
      await scanPng(await idCardPdf({ name: '李秀英', idNumber: '330782198503120011' }), { seal: false }),
    );
    expect(zh.name?.value).toBe('李秀英');
    expect(zh.idNumber?.value).toBe('330782198503120011');
    const en = await read(
      'legal_rep_id',
      'id.png',
      await scanPng(await idCardPdf({ name: 'Zhang San', idNumber: '11010119900307001X' }, { lang: 'en' }), {
        seal: false,
      }),
    );
    expect(en.name?.value).toBe('Zhang San');
    expect(en.idNumber?.value).toBe('11010119900307001X');
  });

  it('reads a phone photo of a licence taken sideways, tilted and unevenly lit, by OCR', async () => {
    const photo = await photoJpeg(await licencePdf(zhLicence), { seed: 7, exifOrientation: 6, rotation: -2 });
    expect((await sharp(photo).metadata()).orientation).toBe(6);
    const f = await read('business_licence', 'licence.jpg', photo);
    expect(repairOcrUscc(f.uscc?.value ?? '')).toBe(zhLicence.uscc);
    expect(f.companyName?.value).toBe(zhLicence.companyName);
    expect(f.establishedOn?.value).toBe('2019-01-01');
    expect(f.uscc?.source.method).toBe('ocr');
  });

  it('OCRs a PDF page without a text layer', async () => {
    const engine = new Counting();
    const f = await read(
      'business_licence',
      'licence.pdf',
      await scanPdf(await licencePdf(zhLicence)),
      engine,
    );
    expect(engine.pages).toBe(1);
    expect(repairOcrUscc(f.uscc?.value ?? '')).toBe(zhLicence.uscc);
    expect(f.legalRepresentative?.value).toBe('张三');
  });

  it('reads a text layer where a page has one and OCRs only the page that has none', async () => {
    const merged = await PDFDocument.create();
    const text = await PDFDocument.load(await licencePdf(zhLicence));
    const scan = await PDFDocument.load(
      await scanPdf(await idCardPdf({ name: '张三', idNumber: '330782198503120011' })),
    );
    for (const p of await merged.copyPages(text, [0])) merged.addPage(p);
    for (const p of await merged.copyPages(scan, [0])) merged.addPage(p);
    const engine = new Counting();
    const r = await extractDocument(
      { type: 'business_licence', file: 'both.pdf', bytes: await merged.save() },
      { ocr: engine, recheck: false },
    );
    expect(engine.pages).toBe(1);
    expect(r).toMatchObject({ ok: true, method: 'ocr', pages: 2 });
    if (r.ok && r.type === 'business_licence') {
      expect(r.fields.uscc).toMatchObject({ value: zhLicence.uscc, source: { page: 1, method: 'text' } });
    }
  });

  it('reports fields_not_found, without crashing, when the image holds no document', async () => {
    const white = new Uint8Array(
      await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#ffffff' } })
        .png()
        .toBuffer(),
    );
    for (const bytes of [white, pngImage({ seed: 3 })]) {
      const r = await extractDocument({ type: 'business_licence', file: 'blank.png', bytes }, { ocr });
      expect(r).toMatchObject({ ok: false, code: 'DOCUMENT_UNREADABLE', problem: 'fields_not_found' });
    }
  });
});
