/**
 * A page image's perceptual hash: sharp-phash (a DCT pHash over sharp, which the OCR preprocessing
 * already uses), taken of the image OCR reads, after the same normalisation (upright, seal and
 * lighting removed, contrast stretched, deskewed), so two photos or scans of one page hash alike.
 * 64 bits as 16 hex digits.
 */
import phash from 'sharp-phash';

export async function pageHash(png: Uint8Array): Promise<string> {
  const bits = await phash(Buffer.from(png));
  let hex = '';
  for (let i = 0; i < bits.length; i += 4) hex += Number.parseInt(bits.slice(i, i + 4), 2).toString(16);
  return hex;
}
