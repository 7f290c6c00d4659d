/** The OCR engine the platform reads with (the one `admit` and `npm start` use). */

import { TesseractOcr } from '../../lambdas/ocr/tesseract-ocr';
import type { Ocr } from '../../lambdas/ports/ocr';

export async function readingOcr(): Promise<Ocr> {
  return new TesseractOcr();
}
