import type { Ocr, OcrLanguage, OcrPage, QueryAnswer } from '../ports/ocr.js';

/**
 * Chooses the engine per document language: English-only documents go to the English engine
 * (Amazon Textract on AWS), anything with Chinese to the Chinese-capable engine, which also
 * reads English (Textract's text detection reads no Chinese).
 */
export class OcrRouter implements Ocr {
  readonly engine: string;

  constructor(
    private readonly chinese: Ocr,
    private readonly english: Ocr = chinese,
  ) {
    this.engine = english === chinese ? chinese.engine : `${chinese.engine}|${english.engine}`;
  }

  engineFor(languages: OcrLanguage[]): Ocr {
    return languages.includes('chi_sim') ? this.chinese : this.english;
  }

  recognize(image: Uint8Array, options: { languages: OcrLanguage[] }): Promise<OcrPage> {
    return this.engineFor(options.languages).recognize(image, options);
  }

  /** Asks the engine of these languages, when it answers questions; none otherwise. */
  async query(
    image: Uint8Array,
    questions: Record<string, string>,
    options: { languages: OcrLanguage[] },
  ): Promise<Record<string, QueryAnswer | null>> {
    const engine = this.engineFor(options.languages);
    return engine.query ? engine.query(image, questions, options) : {};
  }

  async close(): Promise<void> {
    await Promise.all([...new Set([this.chinese, this.english])].map((e) => e.close()));
  }
}
