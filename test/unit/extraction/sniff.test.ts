import { describe, expect, it } from 'vitest';
import { sniffFile } from '../../../lambdas/extraction/sniff';
import {
  elfExecutable,
  encryptedPdf,
  jpegImage,
  manyPagesPdf,
  pngImage,
  textFile,
  truncated,
  windowsExecutable,
  zipArchive,
} from '../../support/docgen/index';

const pdf = await manyPagesPdf(1);
const png = pngImage();
const jpeg = jpegImage();

describe('sniffFile', () => {
  it.each([
    ['licence.pdf', pdf, 'pdf'],
    ['LICENCE.PDF', pdf, 'pdf'],
    ['licence', pdf, 'pdf'],
    ['营业执照.2024', pdf, 'pdf'],
    ['encrypted.pdf', encryptedPdf(), 'pdf'],
    ['photo.png', png, 'png'],
    ['photo.jpg', jpeg, 'jpeg'],
    ['photo.JPEG', jpeg, 'jpeg'],
  ] as const)('accepts %s as %s when its content is that kind', (name, bytes, kind) => {
    expect(sniffFile(bytes, name)).toEqual({ ok: true, kind });
  });

  it('rejects the file as empty when it has 0 bytes', () => {
    const r = sniffFile(new Uint8Array(0), 'licence.pdf');
    expect(r).toMatchObject({ ok: false, problem: 'empty' });
    if (!r.ok) {
      expect(r.message.zh).toContain('licence.pdf');
      expect(r.message.en).toContain('licence.pdf');
      expect(r.message.en).toMatch(/upload/i);
    }
  });

  it('rejects the file as too large when it is over the byte limit', () => {
    expect(sniffFile(pdf, 'licence.pdf', { maxBytes: 100 })).toMatchObject({
      ok: false,
      problem: 'too_large',
    });
    expect(sniffFile(new Uint8Array(10 * 1024 * 1024 + 1).fill(0x20), 'big.pdf')).toMatchObject({
      ok: false,
      problem: 'too_large',
    });
  });

  it('rejects an image as too large when it is over 50 megapixels', () => {
    const r = sniffFile(jpegImage({ width: 8000, height: 7000 }), 'huge.jpg');
    expect(r).toMatchObject({ ok: false, problem: 'too_large' });
    if (!r.ok) expect(r.message.en).toContain('8000×7000');
    expect(sniffFile(pngImage({ width: 8000, height: 6250 }), 'max.png')).toEqual({ ok: true, kind: 'png' });
  });

  it.each([
    ['licence.pdf', png, 'a PNG image'],
    ['licence.pdf', jpeg, 'a JPEG image'],
    ['scan.png', pdf, 'a PDF document'],
    ['scan.jpg', png, 'a PNG image'],
    ['licence.docx', pdf, 'a PDF document'],
  ])('rejects %s as mislabelled when its content is %s', (name, bytes, what) => {
    const r = sniffFile(bytes, name);
    expect(r).toMatchObject({ ok: false, problem: 'mislabelled' });
    if (!r.ok) {
      expect(r.message.en).toContain(name);
      expect(r.message.en).toContain(what);
      expect(r.message.zh).toContain(name);
    }
  });

  it.each([
    ['licence.pdf', elfExecutable(), 'executable'],
    ['licence.pdf', windowsExecutable(), 'Windows executable'],
    ['licence.zip', zipArchive(), 'ZIP archive'],
    ['licence.pdf', zipArchive(), 'ZIP archive'],
    ['licence.txt', textFile(), 'text file'],
    ['licence.pdf', textFile(), 'text file'],
    ['licence.gif', new Uint8Array(Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1')), 'GIF image'],
    ['licence.pdf', new Uint8Array([0, 1, 2, 3, 250, 251, 252, 253]), 'unrecognised format'],
  ])('rejects %s as a type not accepted when it is %s', (name, bytes, what) => {
    const r = sniffFile(bytes, name);
    expect(r).toMatchObject({ ok: false, problem: 'type_not_accepted' });
    if (!r.ok) {
      expect(r.message.en).toContain(what);
      expect(r.message.en).toContain('PDF, PNG or JPEG');
    }
  });

  it('rejects a PDF as corrupt when it is cut short', () => {
    const r = sniffFile(truncated(pdf), 'licence.pdf');
    expect(r).toMatchObject({ ok: false, problem: 'corrupt' });
    if (!r.ok) expect(r.message.zh).toContain('licence.pdf');
  });

  it('rejects a PNG as corrupt when it is cut short', () => {
    expect(sniffFile(truncated(png, 0.6), 'a.png')).toMatchObject({ ok: false, problem: 'corrupt' });
    expect(sniffFile(png.slice(0, png.length - 12), 'a.png')).toMatchObject({
      ok: false,
      problem: 'corrupt',
    });
  });

  it('rejects a PNG as corrupt when a chunk fails its checksum', () => {
    const bad = png.slice();
    bad[40] = (bad[40] as number) ^ 0xff;
    expect(sniffFile(bad, 'a.png')).toMatchObject({ ok: false, problem: 'corrupt' });
  });

  it('rejects a JPEG as corrupt when it is cut short or has no frame', () => {
    expect(sniffFile(truncated(jpeg, 0.8), 'a.jpg')).toMatchObject({ ok: false, problem: 'corrupt' });
    expect(sniffFile(new Uint8Array([0xff, 0xd8, 0xff, 0xd9]), 'a.jpg')).toMatchObject({
      ok: false,
      problem: 'corrupt',
    });
    expect(sniffFile(new Uint8Array([0xff, 0xd8, 0xff]), 'a.jpg')).toMatchObject({
      ok: false,
      problem: 'corrupt',
    });
  });
});
