import { loadConfig } from '../../shared/config.js';
import type { Ports } from '../container.js';
import { S3DocumentStore } from '../s3-document-store.js';
import { SfnStatementIssuer } from '../sfn-statement-issuer.js';
import { s3 } from './s3.js';
import { sfn } from './sfn.js';

/** Finance's statement runs: the statement job (Step Functions) and its outputs (S3). */
export const statementPorts = {
  statements: () => {
    const config = loadConfig();
    return new SfnStatementIssuer(
      sfn(),
      config.STATEMENT_JOB_ARN ?? 'unset',
      new S3DocumentStore(s3(), config.BUCKET_NAME),
    );
  },
} as const satisfies Ports;
