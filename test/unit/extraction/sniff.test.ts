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
  ] as const)('accepts %s as %s when its content is that kind', async (name, bytes, kind) => {
    expect(await sniffFile(bytes, name)).toEqual({ ok: true, kind });
  });

  it("accepts a PDF whose header comes within its first 1024 bytes (Acrobat's rule), not later", async () => {
    const junk = (n: number) => new Uint8Array(n).fill(0x01);
    const within = new Uint8Array(Buffer.concat([junk(1000), pdf]));
    expect(await sniffFile(within, 'licence.pdf')).toEqual({ ok: true, kind: 'pdf' });
    const late = new Uint8Array(Buffer.concat([junk(2048), pdf]));
    expect(await sniffFile(late, 'licence.pdf')).toMatchObject({ ok: false, problem: 'type_not_accepted' });
  });

  it('reads a PNG signature that file-type declines (first chunk not IHDR) as a corrupt PNG', async () => {
    const noIhdr = new Uint8Array(Buffer.concat([png.subarray(0, 8), png.subarray(33)]));
    expect(await sniffFile(noIhdr, 'a.png')).toMatchObject({ ok: false, problem: 'corrupt' });
    expect(await sniffFile(png.subarray(0, 8), 'a.png')).toMatchObject({ ok: false, problem: 'corrupt' });
  });

  it('rejects the file as empty when it has 0 bytes', async () => {
    const r = await sniffFile(new Uint8Array(0), 'licence.pdf');
    expect(r).toMatchObject({ ok: false, problem: 'empty' });
    if (!r.ok) {
      expect(r.message.zh).toContain('licence.pdf');
      expect(r.message.en).toContain('licence.pdf');
      expect(r.message.en).toMatch(/upload/i);
    }
  });

  it('rejects the file as too large when it is over the byte limit', async () => {
    expect(await sniffFile(pdf, 'licence.pdf', { maxBytes: 100 })).toMatchObject({
      ok: false,
      problem: 'too_large',
    });
    expect(await sniffFile(new Uint8Array(10 * 1024 * 1024 + 1).fill(0x20), 'big.pdf')).toMatchObject({
      ok: false,
      problem: 'too_large',
    });
  });

  it('rejects an image as too large when it is over 50 megapixels', async () => {
    const r = await sniffFile(jpegImage({ width: 8000, height: 7000 }), 'huge.jpg');
    expect(r).toMatchObject({ ok: false, problem: 'too_large' });
    if (!r.ok) expect(r.message.en).toContain('8000×7000');
    expect(await sniffFile(pngImage({ width: 8000, height: 6250 }), 'max.png')).toEqual({
      ok: true,
      kind: 'png',
    });
  });

  it.each([
    ['licence.pdf', png, 'a PNG image'],
    ['licence.pdf', jpeg, 'a JPEG image'],
    ['scan.png', pdf, 'a PDF document'],
    ['scan.jpg', png, 'a PNG image'],
    ['licence.docx', pdf, 'a PDF document'],
  ])('rejects %s as mislabelled when its content is %s', async (name, bytes, what) => {
    const r = await sniffFile(bytes, name);
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
    // Named from file-type's finding.
    [
      'licence.png',
      Buffer.concat([Buffer.from('II*\0\x08\0\0\0', 'latin1'), Buffer.alloc(64)]),
      'TIFF image',
    ],
    [
      'licence.pdf',
      Buffer.concat([Buffer.from("7z\xbc\xaf'\x1c\0\x04", 'latin1'), Buffer.alloc(24)]),
      'archive',
    ],
    ['licence.pdf', Buffer.concat([Buffer.from('OggS\0\x02', 'latin1'), Buffer.alloc(40)]), 'file of type'],
    // Heuristics file-type has none for: scripts, and text with a byte-order mark (FF FE would
    // otherwise pass for an MPEG audio frame).
    ['licence.pdf', new Uint8Array(Buffer.from('#!/bin/sh\necho hi\n', 'latin1')), 'script'],
    [
      'licence.pdf',
      new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('营业执照\r\n', 'utf16le')])),
      'text file',
    ],
  ])('rejects %s as a type not accepted when it is %s', async (name, bytes, what) => {
    const r = await sniffFile(bytes, name);
    expect(r).toMatchObject({ ok: false, problem: 'type_not_accepted' });
    if (!r.ok) {
      expect(r.message.en).toContain(what);
      expect(r.message.en).toContain('PDF, PNG or JPEG');
    }
  });

  it('rejects a PDF as corrupt when it is cut short', async () => {
    const r = await sniffFile(truncated(pdf), 'licence.pdf');
    expect(r).toMatchObject({ ok: false, problem: 'corrupt' });
    if (!r.ok) expect(r.message.zh).toContain('licence.pdf');
  });

  it('rejects a PNG as corrupt when it is cut short', async () => {
    expect(await sniffFile(truncated(png, 0.6), 'a.png')).toMatchObject({ ok: false, problem: 'corrupt' });
    expect(await sniffFile(png.slice(0, png.length - 12), 'a.png')).toMatchObject({
      ok: false,
      problem: 'corrupt',
    });
  });

  it('rejects a PNG as corrupt when a chunk fails its checksum', async () => {
    const bad = png.slice();
    bad[40] = (bad[40] as number) ^ 0xff;
    expect(await sniffFile(bad, 'a.png')).toMatchObject({ ok: false, problem: 'corrupt' });
  });

  it('rejects a JPEG as corrupt when it is cut short or has no frame', async () => {
    expect(await sniffFile(truncated(jpeg, 0.8), 'a.jpg')).toMatchObject({ ok: false, problem: 'corrupt' });
    expect(await sniffFile(new Uint8Array([0xff, 0xd8, 0xff, 0xd9]), 'a.jpg')).toMatchObject({
      ok: false,
      problem: 'corrupt',
    });
    expect(await sniffFile(new Uint8Array([0xff, 0xd8, 0xff]), 'a.jpg')).toMatchObject({
      ok: false,
      problem: 'corrupt',
    });
  });
});
