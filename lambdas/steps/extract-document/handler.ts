import { TextractClient } from '@aws-sdk/client-textract';
import * as z from 'zod';
import { OcrRouter } from '../../adapters/ocr-router.js';
import { TextractOcr } from '../../adapters/textract-ocr.js';
import { TesseractOcr } from '../../ocr/tesseract-ocr.js';
import { extractOne } from '../../usecases/extraction.js';
import { ApplicationInput, stepHandler } from '../handler-kit.js';

// One OCR worker per container, created on first use and reused across invocations. On AWS the
// stack sets ENGLISH_OCR_ENGINE=textract: English-only documents then go to Amazon Textract.
const chinese = new TesseractOcr();
const ocr = new OcrRouter(
  chinese,
  process.env.ENGLISH_OCR_ENGINE === 'textract' ? new TextractOcr(new TextractClient({})) : chinese,
);

export const handler = stepHandler(
  ApplicationInput.extend({ index: z.number().int().positive() }),
  (input, c) => extractOne(c, input.applicationId, input.index, ocr),
);
