/**
 * Small valid images with no text layer (photos/scans for the "image-only" cases), and files that
 * are broken on purpose. Written by hand: PNG with node's zlib, JPEG as a minimal baseline stream.
 */
import { deflateSync } from 'node:zlib';
import { crc32 } from '../../../lambdas/extraction/sniff';
import { rng } from './prng';

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const body = Buffer.concat([head.subarray(4), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body), 0);
  return Buffer.concat([head.subarray(0, 4), body, crc]);
}

export interface ImageOptions {
  width?: number;
  height?: number;
  seed?: number;
}

/**
 * An 8-bit greyscale PNG that looks like a page: white with dark "text" bars laid out by the seed.
 */
export function pngImage(o: ImageOptions = {}): Uint8Array {
  const width = o.width ?? 240;
  const height = o.height ?? 320;
  const r = rng(o.seed ?? 1);
  const bars: { y: number; x1: number; x2: number }[] = [];
  for (let y = 20; y + 6 < height - 20; y += 16)
    bars.push({ y, x1: 20, x2: 20 + r.int(width / 4, width - 40) });
  const raw = Buffer.alloc((width + 1) * height, 0xff);
  for (let y = 0; y < height; y++) {
    raw[y * (width + 1)] = 0; // filter: none
    for (const b of bars) {
      if (y >= b.y && y < b.y + 6) raw.fill(0x30, y * (width + 1) + 1 + b.x1, y * (width + 1) + 1 + b.x2);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', deflateSync(raw, { level: 9 })),
      chunk('IEND', new Uint8Array(0)),
    ]),
  );
}

/**
 * A PNG whose header claims `width × height` over tiny pixel data: valid chunks and checksums,
 * but decoding it would fail. For limits that must be enforced before decoding.
 */
export function pngHeaderOnly(width: number, height: number): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', deflateSync(Buffer.alloc(16, 0xff))),
      chunk('IEND', new Uint8Array(0)),
    ]),
  );
}

/**
 * A baseline greyscale JPEG of the given size, uniformly mid-grey: every 8×8 block codes a zero DC
 * difference and an end-of-block, with one-code Huffman tables and a flat quantisation table.
 */
export function jpegImage(o: ImageOptions = {}): Uint8Array {
  const width = o.width ?? 240;
  const height = o.height ?? 320;
  const blocks = Math.ceil(width / 8) * Math.ceil(height / 8);
  const bits = blocks * 2;
  const scan = Buffer.alloc(Math.ceil(bits / 8), 0);
  const pad = scan.length * 8 - bits;
  if (pad > 0) scan[scan.length - 1] = (1 << pad) - 1; // pad the last byte with 1-bits
  const u16 = (n: number) => [(n >> 8) & 0xff, n & 0xff];
  const oneCodeTable = (tableClass: number) => [
    0xff,
    0xc4,
    ...u16(2 + 1 + 16 + 1),
    (tableClass << 4) | 0,
    1,
    ...new Array(15).fill(0),
    0x00,
  ];
  return new Uint8Array([
    0xff,
    0xd8, // SOI
    0xff,
    0xe0,
    ...u16(16),
    0x4a,
    0x46,
    0x49,
    0x46,
    0x00,
    1,
    1,
    0,
    ...u16(1),
    ...u16(1),
    0,
    0, // APP0 JFIF
    0xff,
    0xdb,
    ...u16(67),
    0x00,
    ...new Array(64).fill(1), // DQT
    0xff,
    0xc0,
    ...u16(11),
    8,
    ...u16(height),
    ...u16(width),
    1,
    1,
    0x11,
    0, // SOF0: one component
    ...oneCodeTable(0), // DHT DC: category 0
    ...oneCodeTable(1), // DHT AC: end of block
    0xff,
    0xda,
    ...u16(8),
    1,
    1,
    0x00,
    0,
    63,
    0, // SOS
    ...scan,
    0xff,
    0xd9, // EOI
  ]);
}

/** A PDF whose trailer names an /Encrypt dictionary the empty password does not open. */
export function encryptedPdf(): Uint8Array {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R >>',
    `<< /Filter /Standard /V 1 /R 2 /O <${'5a'.repeat(32)}> /U <${'a5'.repeat(32)}> /P -3904 >>`,
    '<< /Length 44 >>\nstream\nBT /F1 12 Tf 72 700 Td (Secret) Tj ET\nendstream',
  ];
  let body = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((obj, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${obj}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) body += `${String(o).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Encrypt 4 0 R /ID [<${'0f'.repeat(16)}> <${'0f'.repeat(16)}>] >>\n`;
  body += `startxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(body, 'latin1'));
}

/** The first part of a file, as an interrupted upload leaves it. */
export function truncated(bytes: Uint8Array, keep = 0.5): Uint8Array {
  return bytes.slice(0, Math.max(1, Math.floor(bytes.length * keep)));
}

/** The start of an x86-64 ELF executable, padded. */
export function elfExecutable(): Uint8Array {
  const b = new Uint8Array(256);
  b.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]);
  b.set([2, 0, 0x3e, 0], 16);
  return b;
}

/** The start of a Windows PE executable ("MZ" stub), padded. */
export function windowsExecutable(): Uint8Array {
  const b = new Uint8Array(512);
  b.set([0x4d, 0x5a, 0x90, 0]);
  b.set(Buffer.from('This program cannot be run in DOS mode.', 'latin1'), 78);
  return b;
}

/** An empty ZIP archive (end-of-central-directory record only). */
export function zipArchive(): Uint8Array {
  const b = new Uint8Array(22);
  b.set([0x50, 0x4b, 0x05, 0x06]);
  return b;
}

export function textFile(text = '营业执照\n统一社会信用代码: 91330782MA2ABCDE1X\n'): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'utf8'));
}
