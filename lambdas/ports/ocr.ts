/**
 * OCR: reads a page image (already preprocessed: upright, grayscale, seal removed) into words and
 * lines with their confidence and position. Two engines implement it: a Chinese + English engine
 * that runs offline (PaddleOCR's PP-OCRv4 models on ONNX Runtime, locally and packaged for Lambda)
 * and Amazon Textract (English).
 */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface OcrWord {
  text: string;
  /** 0..1 */
  confidence: number;
  box: Box;
}

export interface OcrLine {
  text: string;
  /** 0..1: the lowest of its words' confidences is a safe reading; engines document theirs. */
  confidence: number;
  box: Box;
  words: OcrWord[];
}

export interface OcrPage {
  width: number;
  height: number;
  lines: OcrLine[];
}

export type OcrLanguage = 'chi_sim' | 'eng';

/** An engine's answer to a question about a page (Textract QUERIES). */
export interface QueryAnswer {
  text: string;
  /** 0..1 */
  confidence: number;
}

export interface Ocr {
  /** e.g. "paddleocr-ppv4/onnxruntime-node-1.30.0/ocr-models-1.4.2" or "textract/DetectDocumentText". */
  readonly engine: string;
  recognize(image: Uint8Array, options: { languages: OcrLanguage[] }): Promise<OcrPage>;
  /**
   * Engines that can answer questions about a page (Textract QUERIES, English only) have this:
   * answers by alias (alias → question), null where there is none. Used to cross-check fields.
   */
  query?(
    image: Uint8Array,
    questions: Record<string, string>,
    options: { languages: OcrLanguage[] },
  ): Promise<Record<string, QueryAnswer | null>>;
  /** Frees the engine's workers; the engine may not be used afterwards. */
  close(): Promise<void>;
}
