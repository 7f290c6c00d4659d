import { AnalyzeDocumentCommand, DetectDocumentTextCommand, TextractClient } from '@aws-sdk/client-textract';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { TextractOcr } from '../../../lambdas/adapters/textract-ocr.js';
import { TransientError } from '../../../lambdas/shared/errors.js';

const textract = mockClient(TextractClient);

const geometry = (Left: number, Top: number, Width = 0.2, Height = 0.03) => ({
  BoundingBox: { Left, Top, Width, Height },
  Polygon: [],
});

// The shape DetectDocumentText returns: a PAGE, LINEs with CHILD relationships to WORDs.
const DETECT = {
  DocumentMetadata: { Pages: 1 },
  DetectDocumentTextModelVersion: '1.0',
  Blocks: [
    {
      BlockType: 'PAGE',
      Id: 'p',
      Geometry: geometry(0, 0, 1, 1),
      Relationships: [{ Type: 'CHILD', Ids: ['l1', 'l2'] }],
    },
    {
      BlockType: 'LINE',
      Id: 'l1',
      Text: 'Name: Acme Trading Co., Ltd.',
      Confidence: 99.2,
      Geometry: geometry(0.1, 0.1, 0.5),
      Relationships: [{ Type: 'CHILD', Ids: ['w1', 'w2', 'w3', 'w4', 'w5'] }],
    },
    {
      BlockType: 'WORD',
      Id: 'w1',
      Text: 'Name:',
      Confidence: 99.8,
      TextType: 'PRINTED',
      Geometry: geometry(0.1, 0.1, 0.06),
    },
    {
      BlockType: 'WORD',
      Id: 'w2',
      Text: 'Acme',
      Confidence: 99.5,
      TextType: 'PRINTED',
      Geometry: geometry(0.17, 0.1, 0.06),
    },
    {
      BlockType: 'WORD',
      Id: 'w3',
      Text: 'Trading',
      Confidence: 97.1,
      TextType: 'PRINTED',
      Geometry: geometry(0.24, 0.1, 0.08),
    },
    {
      BlockType: 'WORD',
      Id: 'w4',
      Text: 'Co.,',
      Confidence: 98.0,
      TextType: 'PRINTED',
      Geometry: geometry(0.33, 0.1, 0.04),
    },
    {
      BlockType: 'WORD',
      Id: 'w5',
      Text: 'Ltd.',
      Confidence: 99.0,
      TextType: 'PRINTED',
      Geometry: geometry(0.38, 0.1, 0.04),
    },
    {
      BlockType: 'LINE',
      Id: 'l2',
      Text: 'Unified Social Credit Code: 91350100M000100Y43',
      Confidence: 88.4,
      Geometry: geometry(0.1, 0.2, 0.6),
      Relationships: [{ Type: 'CHILD', Ids: ['w6'] }],
    },
    {
      BlockType: 'WORD',
      Id: 'w6',
      Text: '91350100M000100Y43',
      Confidence: 88.4,
      TextType: 'PRINTED',
      Geometry: geometry(0.45, 0.2, 0.25),
    },
  ],
};

describe('TextractOcr', () => {
  beforeEach(() => textract.reset());

  it('maps lines and words with confidence 0..1 and boxes on a 1000-unit page when the document is English', async () => {
    textract.on(DetectDocumentTextCommand).resolves(DETECT as never);
    const page = await new TextractOcr(new TextractClient({})).recognize(new Uint8Array([1]), {
      languages: ['eng'],
    });
    expect(page.lines.map((l) => l.text)).toEqual([
      'Name: Acme Trading Co., Ltd.',
      'Unified Social Credit Code: 91350100M000100Y43',
    ]);
    expect(page.lines[0]?.words).toHaveLength(5);
    expect(page.lines[0]?.confidence).toBeCloseTo(0.971);
    expect(page.lines[1]?.box).toEqual({ x0: 100, y0: 200, x1: 700, y1: 230 });
  });

  it('refuses Chinese documents, which Textract cannot read', async () => {
    const ocr = new TextractOcr(new TextractClient({}));
    await expect(ocr.recognize(new Uint8Array([1]), { languages: ['chi_sim', 'eng'] })).rejects.toThrow(
      /Chinese/,
    );
    expect(textract.calls()).toHaveLength(0);
  });

  it('answers QUERIES by alias with their confidence, null when unanswered', async () => {
    textract.on(AnalyzeDocumentCommand).resolves({
      DocumentMetadata: { Pages: 1 },
      Blocks: [
        {
          BlockType: 'QUERY',
          Id: 'q1',
          Query: { Text: 'What is the Unified Social Credit Code?', Alias: 'uscc' },
          Relationships: [{ Type: 'ANSWER', Ids: ['a1'] }],
        },
        { BlockType: 'QUERY_RESULT', Id: 'a1', Text: '91350100M000100Y43', Confidence: 93 },
        {
          BlockType: 'QUERY',
          Id: 'q2',
          Query: { Text: 'Who is the legal representative?', Alias: 'legalRep' },
        },
      ],
    } as never);
    const answers = await new TextractOcr(new TextractClient({})).query(new Uint8Array([1]), {
      uscc: 'What is the Unified Social Credit Code?',
      legalRep: 'Who is the legal representative?',
    });
    expect(answers).toEqual({ uscc: { text: '91350100M000100Y43', confidence: 0.93 }, legalRep: null });
    const input = textract.commandCalls(AnalyzeDocumentCommand)[0]?.args[0].input;
    expect(input?.FeatureTypes).toEqual(['QUERIES']);
    expect(input?.QueriesConfig?.Queries).toHaveLength(2);
  });

  it('turns throttling into a TransientError the state machine retries', async () => {
    textract
      .on(DetectDocumentTextCommand)
      .rejects(Object.assign(new Error('slow down'), { name: 'ThrottlingException' }));
    await expect(
      new TextractOcr(new TextractClient({})).recognize(new Uint8Array([1]), { languages: ['eng'] }),
    ).rejects.toBeInstanceOf(TransientError);
  });
});
