import { LambdaClient } from '@aws-sdk/client-lambda';
import { loadConfig } from '../../shared/config.js';
import type { Ports } from '../container.js';
import { LambdaDocumentReader } from '../lambda-document-reader.js';

/** The seller's preview: the extraction function, invoked synchronously. */
export const readerPorts = {
  reader: () => new LambdaDocumentReader(new LambdaClient({}), loadConfig().READER_FUNCTION_NAME ?? 'unset'),
} as const satisfies Ports;
