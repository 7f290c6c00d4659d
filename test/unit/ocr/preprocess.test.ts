import sharp from 'sharp';
import { describe, expect, it, vi } from 'vitest';
import { measureSkew, preprocessImage } from '../../../lambdas/ocr/preprocess';
import { licencePdf, photoJpeg, pngHeaderOnly, pngImage, scanPng } from '../../support/docgen/index';

const licence = await licencePdf({
  companyName: '义乌市佳家日用品有限公司',
  uscc: '91330782MA2ABCDE1X',
  legalRepresentative: '张三',
  establishedOn: '2019-01-01',
  validUntil: null,
});

async function grey(png: Uint8Array): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(png).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

const darkShare = (data: Buffer) => data.filter((v) => v < 128).length / data.length;

describe('preprocessImage', () => {
  it('refuses an image over 50 megapixels from its header alone, before decoding it', async () => {
    const decode = vi.spyOn(sharp.prototype, 'raw');
    const r = await preprocessImage(pngHeaderOnly(10_000, 5_001), 'huge.png');
    expect(r).toMatchObject({ ok: false, problem: 'too_large' });
    if (!r.ok) {
      expect(r.message.en).toContain('10000×5001 pixels');
      expect(r.message.zh).toContain('huge.png');
    }
    expect(decode).not.toHaveBeenCalled();
    decode.mockRestore();
  });

  it('refuses a file over the byte limit before reading it', async () => {
    const r = await preprocessImage(pngImage(), 'big.png', { maxBytes: 100 });
    expect(r).toMatchObject({ ok: false, problem: 'too_large' });
    if (!r.ok) expect(r.message.en).toContain('big.png');
  });

  it('reports corrupt, never throwing, when the bytes do not decode', async () => {
    expect(await preprocessImage(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]), 'x.png')).toMatchObject({
      ok: false,
      problem: 'corrupt',
    });
    // A header that passes, data that does not.
    expect(await preprocessImage(pngHeaderOnly(4000, 3000), 'y.png')).toMatchObject({
      ok: false,
      problem: 'corrupt',
    });
  });

  it('outputs an 8-bit grey PNG of the page when given a colour scan', async () => {
    const r = await preprocessImage(await scanPng(licence, { seed: 1 }), 'licence.png');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const meta = await sharp(r.png).metadata();
    expect(meta).toMatchObject({ format: 'png', channels: 1, width: r.width, height: r.height });
  });

  it('drops the red seal when it is stamped over the text', async () => {
    const withSeal = await preprocessImage(await scanPng(licence, { seed: 2, sealAt: 'fields' }), 'a.png');
    const without = await preprocessImage(await scanPng(licence, { seed: 2, seal: false }), 'b.png');
    if (!withSeal.ok || !without.ok) throw new Error('not prepared');
    const a = darkShare((await grey(withSeal.png)).data);
    const b = darkShare((await grey(without.png)).data);
    expect(Math.abs(a - b)).toBeLessThan(0.002);
  });

  it('turns a photo upright when its EXIF orientation says it was taken sideways', async () => {
    const photo = await photoJpeg(licence, { seed: 3, exifOrientation: 6, rotation: 0 });
    const stored = await sharp(photo).metadata();
    expect(stored.orientation).toBe(6);
    expect(stored.height).toBeGreaterThan(stored.width ?? 0);
    const r = await preprocessImage(photo, 'photo.jpg');
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.width).toBeGreaterThan(r.height);
  });

  it('enlarges a small image so that its longer side is at least 2000 pixels', async () => {
    const small = await sharp(await scanPng(licence, { seed: 4 }))
      .resize(900)
      .png()
      .toBuffer();
    const r = await preprocessImage(new Uint8Array(small), 'small.png');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.scale).toBeGreaterThan(2);
    expect(Math.max(r.width, r.height)).toBeGreaterThanOrEqual(2000);
  });

  it('reduces a huge image so that OCR time stays bounded', async () => {
    const big = await sharp({ create: { width: 6000, height: 4000, channels: 3, background: '#ffffff' } })
      .png()
      .toBuffer();
    const r = await preprocessImage(new Uint8Array(big), 'big.png', {}, { deskew: false });
    expect(r.ok).toBe(true);
    if (r.ok) expect(Math.max(r.width, r.height)).toBe(3300);
  });

  it('measures and undoes a small rotation of a photographed page', async () => {
    const photo = await photoJpeg(licence, { seed: 5, exifOrientation: 1, rotation: 2.5 });
    const r = await preprocessImage(photo, 'photo.jpg');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    // The photo is turned 2.5° and slightly sheared (up to ±0.9°).
    expect(r.skewDegrees).toBeGreaterThan(1.5);
    expect(r.skewDegrees).toBeLessThan(3.5);
    const again = await grey(r.png);
    expect(Math.abs(measureSkew({ ...again, data: new Uint8Array(again.data) }))).toBeLessThan(0.3);
  });

  it('takes decoded pixels (a drawn PDF page) as well as image files', async () => {
    const pixels = new Uint8Array(800 * 600 * 4).fill(255);
    const r = await preprocessImage({ pixels, width: 800, height: 600, channels: 4 }, 'page.pdf');
    expect(r).toMatchObject({ ok: true, width: 2000, height: 1500 });
  });
});
