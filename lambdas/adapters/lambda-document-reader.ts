import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { DocumentType, Extraction } from '../domain/model.js';
import type { DocumentReader } from '../ports/index.js';
import { TransientError } from '../shared/errors.js';

/**
 * On AWS the API's Lambda stays small: reading (and OCR) happens in the extraction function,
 * invoked synchronously in its preview mode, which writes nothing.
 */
export class LambdaDocumentReader implements DocumentReader {
  constructor(
    private readonly lambda: LambdaClient,
    private readonly functionName: string,
  ) {}

  async read(input: { key: string; type: DocumentType; file: string }): Promise<Extraction> {
    const out = await this.lambda.send(
      new InvokeCommand({
        FunctionName: this.functionName,
        Payload: new TextEncoder().encode(JSON.stringify({ preview: input })),
      }),
    );
    const text = new TextDecoder().decode(out.Payload ?? new Uint8Array());
    if (out.FunctionError) throw new TransientError(`document reader failed: ${text.slice(0, 200)}`);
    return JSON.parse(text) as Extraction;
  }
}
