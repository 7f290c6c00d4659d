import { issueRun } from '../../usecases/statement-job.js';
import { stepHandler } from '../handler-kit.js';
import { RunRefInput, statementObjects } from '../statement-kit.js';

export const handler = stepHandler(RunRefInput, (run) => issueRun(statementObjects(), run), {});
