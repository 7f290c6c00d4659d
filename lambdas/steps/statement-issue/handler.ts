import { notificationPorts } from '../../adapters/aws/events.js';
import { issueRun } from '../../usecases/statement-job.js';
import { emitStatementsIssued, type IssuedRecord } from '../../usecases/statement-notify.js';
import { stepHandler } from '../handler-kit.js';
import { RunRefInput, statementObjects } from '../statement-kit.js';

export const handler = stepHandler(
  RunRefInput,
  async (run, c) => {
    const out = await issueRun(statementObjects(), run);
    // After the write-once record: a retry of this step reads the same record, so the same ids.
    await emitStatementsIssued(c, await statementObjects().getJson<IssuedRecord>(out.issuedKey));
    return out;
  },
  notificationPorts,
);
