import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { Extraction } from '../domain/model.js';
import type { DocumentReader, DocumentReadRequest } from '../ports/index.js';
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

  /**
   * The request goes as it is (with its `tenant`): each extraction container reads one invocation
   * at a time, so on AWS fairness between sellers is Lambda's concurrency, not a shared queue.
   */
  async read(input: DocumentReadRequest): Promise<Extraction> {
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
