import { ReadQueue } from '../extraction/read-queue.js';
import type { Ocr } from '../ports/ocr.js';

/**
 * One OCR engine shared by every seller's previews, taken page by page in a fair, bounded queue
 * (read-queue.ts): a seller with twenty photos waiting holds the engine for one page at a time,
 * so another seller's single page waits for one page at most; past the bounds, ReaderBusyError.
 */
export function fairOcr(ocr: Ocr, queue: ReadQueue, tenant: string): Ocr {
  const fair: Ocr = {
    engine: ocr.engine,
    // The engine is the platform's to close, not one reader's.
    close: async () => {},
    recognize: async (image, options) => {
      const release = await queue.acquire(tenant);
      try {
        return await ocr.recognize(image, options);
      } finally {
        release();
      }
    },
  };
  if (ocr.query) {
    const query = ocr.query.bind(ocr);
    fair.query = async (...args: Parameters<typeof query>) => {
      const release = await queue.acquire(tenant);
      try {
        return await query(...args);
      } finally {
        release();
      }
    };
  }
  return fair;
}

/** The engine runs one page at a time; a seller's parallel uploads queue behind it, up to 16. */
export function ocrQueue(): ReadQueue {
  return new ReadQueue({ slots: 1, perTenant: 1, maxWaiting: 64, maxWaitingPerTenant: 16 });
}
