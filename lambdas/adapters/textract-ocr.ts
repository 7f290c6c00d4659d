import {
  AnalyzeDocumentCommand,
  type Block,
  DetectDocumentTextCommand,
  type TextractClient,
} from '@aws-sdk/client-textract';
import type { Box, Ocr, OcrLanguage, OcrLine, OcrPage, OcrWord, QueryAnswer } from '../ports/ocr.js';
import { TransientError } from '../shared/errors.js';

/** Textract's geometry is relative (0..1); pages are reported on this virtual size. */
const PAGE = 1000;

const THROTTLING = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'LimitExceededException',
  'InternalServerError',
]);

export type { QueryAnswer };

/**
 * Amazon Textract: DetectDocumentText for words and lines; AnalyzeDocument with QUERIES to ask
 * an English document for a field by its meaning. Textract reads English and Western-European
 * languages only, so the router sends Chinese documents to the Chinese-capable engine.
 */
export class TextractOcr implements Ocr {
  readonly engine = 'textract/DetectDocumentText';

  constructor(private readonly textract: TextractClient) {}

  async recognize(image: Uint8Array, options: { languages: OcrLanguage[] }): Promise<OcrPage> {
    if (options.languages.includes('chi_sim')) {
      throw new Error('Textract does not read Chinese; route chi_sim documents to the Chinese engine');
    }
    const out = await this.send(() =>
      this.textract.send(new DetectDocumentTextCommand({ Document: { Bytes: image } })),
    );
    return toPage(out.Blocks ?? []);
  }

  /** Answers to questions (alias → question), e.g. { uscc: 'What is the Unified Social Credit Code?' }. */
  async query(
    image: Uint8Array,
    questions: Record<string, string>,
    options: { languages: OcrLanguage[] } = { languages: ['eng'] },
  ): Promise<Record<string, QueryAnswer | null>> {
    if (options.languages.includes('chi_sim')) {
      throw new Error('Textract QUERIES read English only; route chi_sim documents to the Chinese engine');
    }
    const out = await this.send(() =>
      this.textract.send(
        new AnalyzeDocumentCommand({
          Document: { Bytes: image },
          FeatureTypes: ['QUERIES'],
          QueriesConfig: { Queries: Object.entries(questions).map(([Alias, Text]) => ({ Alias, Text })) },
        }),
      ),
    );
    const blocks = new Map((out.Blocks ?? []).map((b) => [b.Id, b]));
    const answers: Record<string, QueryAnswer | null> = Object.fromEntries(
      Object.keys(questions).map((k) => [k, null]),
    );
    for (const q of out.Blocks ?? []) {
      if (q.BlockType !== 'QUERY' || !q.Query?.Alias) continue;
      const answerId = q.Relationships?.find((r) => r.Type === 'ANSWER')?.Ids?.[0];
      const answer = answerId ? blocks.get(answerId) : undefined;
      if (answer?.Text)
        answers[q.Query.Alias] = {
          text: answer.Text.normalize('NFKC'),
          confidence: (answer.Confidence ?? 0) / 100,
        };
    }
    return answers;
  }

  async close(): Promise<void> {}

  private async send<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      // Throttling is worth a retry (the state machine's Retry matches TransientError).
      if (THROTTLING.has((err as { name?: string }).name ?? '')) {
        throw new TransientError('Textract is throttling', { cause: err });
      }
      throw err;
    }
  }
}

function box(b: Block): Box {
  const g = b.Geometry?.BoundingBox;
  const left = (g?.Left ?? 0) * PAGE;
  const top = (g?.Top ?? 0) * PAGE;
  return { x0: left, y0: top, x1: left + (g?.Width ?? 0) * PAGE, y1: top + (g?.Height ?? 0) * PAGE };
}

function toPage(blocks: Block[]): OcrPage {
  const byId = new Map(blocks.map((b) => [b.Id, b]));
  const lines: OcrLine[] = blocks
    .filter((b) => b.BlockType === 'LINE')
    .map((line) => {
      const words: OcrWord[] = (line.Relationships ?? [])
        .filter((r) => r.Type === 'CHILD')
        .flatMap((r) => r.Ids ?? [])
        .map((id) => byId.get(id))
        .filter((w): w is Block => w?.BlockType === 'WORD')
        .map((w) => ({
          text: (w.Text ?? '').normalize('NFKC'),
          confidence: (w.Confidence ?? 0) / 100,
          box: box(w),
        }));
      return {
        text: (line.Text ?? '').normalize('NFKC'),
        confidence: words.length ? Math.min(...words.map((w) => w.confidence)) : (line.Confidence ?? 0) / 100,
        box: box(line),
        words,
      };
    });
  return { width: PAGE, height: PAGE, lines };
}
