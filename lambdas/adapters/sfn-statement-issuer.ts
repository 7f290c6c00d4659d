import { ExecutionAlreadyExists, type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { DocumentStore } from '../ports/index.js';
import type { IssuedStatements, StatementIssuer } from '../ports/portal.js';
import { AlreadyDecidedError } from '../shared/errors.js';
import { issuedSummaryKey } from '../statements/names.js';

/**
 * On AWS a period's statements are issued by the statement job (Distributed Map over `orders/`);
 * its reduce step writes what finance reads. One execution per period: its name is the period.
 */
export class SfnStatementIssuer implements StatementIssuer {
  constructor(
    private readonly sfn: SFNClient,
    private readonly jobArn: string,
    private readonly documents: DocumentStore,
  ) {}

  async issue(period: string): Promise<{ started: string }> {
    try {
      await this.sfn.send(
        new StartExecutionCommand({
          stateMachineArn: this.jobArn,
          name: `statements-${period}`,
          input: JSON.stringify({ period }),
        }),
      );
    } catch (err) {
      if (err instanceof ExecutionAlreadyExists) {
        throw new AlreadyDecidedError(`statements of ${period} were issued already`, { cause: err });
      }
      throw err;
    }
    return { started: period };
  }

  async issued(period: string): Promise<IssuedStatements | null> {
    const bytes = await this.documents.get(issuedSummaryKey(period));
    return bytes ? (JSON.parse(new TextDecoder().decode(bytes)) as IssuedStatements) : null;
  }
}
