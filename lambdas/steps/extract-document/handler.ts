import { TextractClient } from '@aws-sdk/client-textract';
import * as z from 'zod';
import { dynamoPorts } from '../../adapters/aws/dynamo.js';
import { documentPorts } from '../../adapters/aws/s3.js';
import { containerFor } from '../../adapters/container.js';
import { InProcessDocumentReader } from '../../adapters/document-reader.js';
import { OcrRouter } from '../../adapters/ocr-router.js';
import { TextractOcr } from '../../adapters/textract-ocr.js';
import { DOCUMENT_TYPES } from '../../domain/model.js';
import { PaddleOcr } from '../../ocr/paddle-ocr.js';
import { extractOne } from '../../usecases/extraction.js';
import { ApplicationInput, stepHandler } from '../handler-kit.js';

// One OCR engine per container (PP-OCRv4 on ONNX Runtime), its models loaded on first use and
// reused across invocations. On AWS the stack sets ENGLISH_OCR_ENGINE=textract: English-only
// documents then go to Amazon Textract.
const chinese = new PaddleOcr();
const ocr = new OcrRouter(
  chinese,
  process.env.ENGLISH_OCR_ENGINE === 'textract' ? new TextractOcr(new TextractClient({})) : chinese,
);

const ports = { ...dynamoPorts, ...documentPorts };

const step = stepHandler(
  ApplicationInput.extend({ index: z.number().int().positive() }),
  (input, c) => extractOne(c, input.applicationId, input.index, ocr),
  ports,
);

/** The seller's preview, invoked by the API: reads one uploaded file and writes nothing. */
const Preview = z.object({
  preview: z.object({
    key: z.string().startsWith('uploads/').max(400),
    type: z.enum(DOCUMENT_TYPES),
    file: z.string().min(1).max(255),
  }),
});

export const handler = async (event: unknown) => {
  const preview = Preview.safeParse(event);
  if (preview.success)
    return new InProcessDocumentReader(
      containerFor(ports, process.env.AWS_LAMBDA_FUNCTION_NAME).documents,
      () => ocr,
    ).read(preview.data.preview);
  return step(event);
};
