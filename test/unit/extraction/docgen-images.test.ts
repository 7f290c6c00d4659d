import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { readPdfText } from '../../../lambdas/extraction/pdf-text';
import { licencePdf, photoJpeg, sampleApplication, scanPdf, scanPng } from '../../support/docgen/index';

const licence = await licencePdf({
  companyName: '义乌市佳家日用品有限公司',
  uscc: '91330782MA21BCDE1A',
  legalRepresentative: '张三',
  establishedOn: '2019-01-01',
  validUntil: null,
});

const same = (a: Uint8Array, b: Uint8Array) => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

/** Pixels clearly red (the seal's ink). */
async function redPixels(image: Uint8Array): Promise<number> {
  const { data, info } = await sharp(image).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let n = 0;
  for (let i = 0; i < data.length; i += info.channels) {
    if ((data[i] as number) > 170 && (data[i + 1] as number) < 120 && (data[i + 2] as number) < 120) n++;
  }
  return n;
}

describe('docgen scans and photos', () => {
  it('draws a clean colour PNG scan of the page at 200 dpi, the same for the same seed', async () => {
    const a = await scanPng(licence, { seed: 1 });
    expect(same(a, await scanPng(licence, { seed: 1 }))).toBe(true);
    expect(same(a, await scanPng(licence, { seed: 2 }))).toBe(false);
    // A4 landscape: 842 × 595 pt.
    expect(await sharp(a).metadata()).toMatchObject({
      format: 'png',
      width: 2339,
      height: 1653,
      channels: 3,
    });
  });

  it('stamps a red seal on the scan unless told not to', async () => {
    expect(await redPixels(await scanPng(licence, { seed: 1 }))).toBeGreaterThan(5000);
    expect(await redPixels(await scanPng(licence, { seed: 1, seal: false }))).toBe(0);
  });

  it('takes a phone photo as a JPEG with the EXIF orientation that puts its pixels upright', async () => {
    const upright = await photoJpeg(licence, { seed: 4, exifOrientation: 1 });
    const sideways = await photoJpeg(licence, { seed: 4, exifOrientation: 6 });
    const a = await sharp(upright).metadata();
    const b = await sharp(sideways).metadata();
    expect(a).toMatchObject({ format: 'jpeg' });
    expect(a.orientation ?? 1).toBe(1);
    expect(b.orientation).toBe(6);
    expect([b.width, b.height]).toEqual([a.height, a.width]);
    expect(same(sideways, await photoJpeg(licence, { seed: 4, exifOrientation: 6 }))).toBe(true);
  });

  it('writes a scanned PDF whose page is the scan image, with no text layer', async () => {
    const pdf = await scanPdf(licence, { seed: 1 });
    expect(await readPdfText(pdf, 'scan.pdf')).toMatchObject({ ok: false, problem: 'no_text_layer' });
    const page = (await PDFDocument.load(pdf)).getPage(0);
    expect(page.getWidth()).toBeCloseTo(842, 0);
    expect(page.getHeight()).toBeCloseTo(595, 0);
  });

  it('writes real scans and photos for the png, jpeg and scan-pdf forms, and placeholders for placeholder-*', async () => {
    const sample = await sampleApplication({
      seed: 3,
      licence: { form: 'png' },
      legalRepId: { form: 'jpeg' },
      trademark: { form: 'scan-pdf' },
      bankStatement: { form: 'placeholder-png' },
      capacityProof: { form: 'placeholder-jpeg' },
    });
    const file = (type: string) =>
      sample.files.get(sample.application.documents.find((d) => d.type === type)?.file ?? '') as Uint8Array;
    expect(await sharp(file('business_licence')).metadata()).toMatchObject({ format: 'png', width: 2339 });
    expect(await redPixels(file('business_licence'))).toBeGreaterThan(0);
    expect((await sharp(file('legal_rep_id')).metadata()).format).toBe('jpeg');
    expect(await redPixels(file('legal_rep_id'))).toBe(0);
    expect(await readPdfText(file('trademark'), 't.pdf')).toMatchObject({ problem: 'no_text_layer' });
    expect(await sharp(file('bank_statement')).metadata()).toMatchObject({ width: 240, height: 320 });
    expect((await sharp(file('capacity_proof')).metadata()).format).toBe('jpeg');
  });
});
