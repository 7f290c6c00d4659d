/** The OCR engine the platform reads with (the one `admit` and `npm start` use). */
import type { Ocr } from '../../lambdas/ports/ocr';
import { TesseractOcr } from '../../lambdas/ocr/tesseract-ocr';

export async function readingOcr(): Promise<Ocr> {
  return new TesseractOcr();
}
