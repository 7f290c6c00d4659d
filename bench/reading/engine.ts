/** The OCR engine the platform reads with (the one `admit` and `npm start` use). */
import { PaddleOcr } from '../../lambdas/ocr/paddle-ocr';
import type { Ocr } from '../../lambdas/ports/ocr';

export async function readingOcr(): Promise<Ocr> {
  return new PaddleOcr();
}
