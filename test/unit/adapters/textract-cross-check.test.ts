/**
 * An English licence photo read through Textract (mocked with aws-sdk-client-mock on the response
 * shapes Textract returns): the fields parsed from DetectDocumentText lines are cross-checked with
 * AnalyzeDocument QUERIES answers.
 */
import {
  AnalyzeDocumentCommand,
  type Block,
  DetectDocumentTextCommand,
  TextractClient,
} from '@aws-sdk/client-textract';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import defaultRules from '../../../config/rules.default.json' with { type: 'json' };
import { OcrRouter } from '../../../lambdas/adapters/ocr-router.js';
import { TextractOcr } from '../../../lambdas/adapters/textract-ocr.js';
import { makeUscc } from '../../../lambdas/domain/codes.js';
import type { Extraction, LicenceFields } from '../../../lambdas/domain/model.js';
import { licenceRules } from '../../../lambdas/domain/rules/licence.js';
import { parseRuleSettings } from '../../../lambdas/domain/settings.js';
import { CONFIDENCE_DISPUTED } from '../../../lambdas/extraction/cross-check.js';
import { extractDocument } from '../../../lambdas/extraction/index.js';
import type { Ocr } from '../../../lambdas/ports/ocr.js';
import { pngImage } from '../../support/docgen/index.js';

const textract = mockClient(TextractClient);
const settings = parseRuleSettings(defaultRules);
const USCC = makeUscc('91350100', 'M0001000');
const NAME = 'Acme Trading Co., Ltd.';

/** LINE and WORD blocks of one printed line, words left to right (relative geometry, as Textract). */
function line(id: string, top: number, text: string, confidence: number): Block[] {
  let left = 0.08;
  const words: Block[] = text.split(' ').map((word, i) => {
    const width = 0.012 * word.length;
    const block: Block = {
      BlockType: 'WORD',
      Id: `${id}w${i}`,
      Text: word,
      TextType: 'PRINTED',
      Confidence: confidence * 100,
      Geometry: { BoundingBox: { Left: left, Top: top, Width: width, Height: 0.02 }, Polygon: [] },
    };
    left += width + 0.008;
    return block;
  });
  return [
    {
      BlockType: 'LINE',
      Id: id,
      Text: text,
      Confidence: confidence * 100,
      Geometry: { BoundingBox: { Left: 0.08, Top: top, Width: left - 0.08, Height: 0.02 }, Polygon: [] },
      Relationships: [{ Type: 'CHILD', Ids: words.map((w) => w.Id as string) }],
    },
    ...words,
  ];
}

/** DetectDocumentText of an English licence whose words read at `confidence`. */
function detected(confidence: number) {
  const lines = [
    line('l1', 0.1, `Unified Social Credit Code: ${USCC}`, confidence),
    line('l2', 0.15, `Name: ${NAME}`, confidence),
    line('l3', 0.2, 'Legal Representative: Zhang Wei', confidence),
    line('l4', 0.25, 'Date of Establishment: 2019-01-01', confidence),
    line('l5', 0.3, 'Business Term: 2019-01-01 to Long-term', confidence),
  ];
  return {
    DocumentMetadata: { Pages: 1 },
    DetectDocumentTextModelVersion: '1.0',
    Blocks: [
      {
        BlockType: 'PAGE',
        Id: 'p',
        Geometry: { BoundingBox: { Left: 0, Top: 0, Width: 1, Height: 1 }, Polygon: [] },
        Relationships: [{ Type: 'CHILD', Ids: lines.map((l) => l[0]?.Id as string) }],
      },
      ...lines.flat(),
    ],
  };
}

/** AnalyzeDocument with QUERIES: a QUERY block per question, its QUERY_RESULT when answered. */
function answered(answers: Record<string, [string, number] | null>) {
  const blocks: Block[] = [{ BlockType: 'PAGE', Id: 'p' }];
  for (const [alias, answer] of Object.entries(answers)) {
    blocks.push({
      BlockType: 'QUERY',
      Id: `q-${alias}`,
      Query: { Text: `question for ${alias}`, Alias: alias },
      ...(answer ? { Relationships: [{ Type: 'ANSWER', Ids: [`a-${alias}`] }] } : {}),
    });
    if (answer) {
      blocks.push({
        BlockType: 'QUERY_RESULT',
        Id: `a-${alias}`,
        Text: answer[0],
        Confidence: answer[1] * 100,
        Geometry: { BoundingBox: { Left: 0.3, Top: 0.1, Width: 0.2, Height: 0.02 }, Polygon: [] },
      });
    }
  }
  return { DocumentMetadata: { Pages: 1 }, AnalyzeDocumentModelVersion: '1.0', Blocks: blocks };
}

/** The Chinese engine must not be asked here: every page of these tests is English. */
const chinese: Ocr = {
  engine: 'chinese',
  recognize: () => Promise.reject(new Error('the Chinese engine was asked')),
  close: async () => undefined,
};

async function read(): Promise<LicenceFields> {
  const ocr = new OcrRouter(chinese, new TextractOcr(new TextractClient({})));
  const e: Extraction = await extractDocument(
    { type: 'business_licence', file: 'licence.png', bytes: pngImage({ width: 1200, height: 900 }) },
    { ocr, ocrLanguages: ['eng'] },
  );
  if (!e.ok || e.type !== 'business_licence') throw new Error(`not read: ${JSON.stringify(e)}`);
  return e.fields;
}

const rulesOn = (fields: LicenceFields) =>
  licenceRules(
    {
      applicationId: 'a',
      applicationDate: '2026-11-20',
      seller: { companyName: NAME, uscc: USCC },
      category: 'home',
      skus: [],
      sampleSkus: [],
      documents: [],
    },
    { file: 'licence.png', fields },
    settings,
  );

describe('TextractOcr cross-check of an English licence', () => {
  beforeEach(() => textract.reset());

  it('raises the confidence of fields the QUERIES answers agree with, so the rules decide', async () => {
    textract.on(DetectDocumentTextCommand).resolves(detected(0.7) as never);
    textract.on(AnalyzeDocumentCommand).resolves(
      answered({
        companyName: ['ACME TRADING CO., LTD', 0.9],
        uscc: [USCC, 0.92],
        legalRepresentative: ['Zhang Wei', 0.95],
        establishedOn: ['2019/01/01', 0.9],
        validUntil: ['2019-01-01 to Long-term', 0.88],
      }) as never,
    );
    const fields = await read();
    expect(fields.companyName).toMatchObject({ value: NAME, source: { method: 'ocr' } });
    for (const f of [fields.companyName, fields.uscc, fields.legalRepresentative, fields.establishedOn]) {
      expect(f?.confidence).toBeGreaterThanOrEqual(0.95);
    }
    expect(fields.validUntil).toMatchObject({ value: null });
    expect(fields.validUntil?.confidence).toBeGreaterThanOrEqual(settings.confidenceFloor);
    expect(rulesOn(fields)).toEqual([]);
    const input = textract.commandCalls(AnalyzeDocumentCommand)[0]?.args[0].input;
    expect(input?.FeatureTypes).toEqual(['QUERIES']);
    expect(input?.QueriesConfig?.Queries?.map((q) => q.Alias)).toEqual([
      'companyName',
      'uscc',
      'legalRepresentative',
      'establishedOn',
      'validUntil',
    ]);
  });

  it('drops a field the answer contradicts below the floor, so its rule flags instead of deciding', async () => {
    textract.on(DetectDocumentTextCommand).resolves(detected(0.97) as never);
    textract.on(AnalyzeDocumentCommand).resolves(
      answered({
        companyName: ['Acme Tradlng Co., Ltd.', 0.6],
        uscc: null,
        legalRepresentative: ['Zhang Wei', 0.95],
        establishedOn: ['2018-01-01', 0.9],
        validUntil: null,
      }) as never,
    );
    const fields = await read();
    expect(fields.companyName).toMatchObject({ value: NAME, confidence: CONFIDENCE_DISPUTED });
    expect(fields.establishedOn).toMatchObject({ value: '2019-01-01', confidence: CONFIDENCE_DISPUTED });
    // Unanswered: as read.
    expect(fields.uscc?.confidence).toBeCloseTo(0.97);
    const flagged = rulesOn(fields).map((r) => [r.outcome, r.code, r.field]);
    expect(flagged).toEqual([
      ['flag', 'LICENCE_LOW_CONFIDENCE', 'companyName'],
      ['flag', 'LICENCE_LOW_CONFIDENCE', 'establishedOn'],
    ]);
  });
});
