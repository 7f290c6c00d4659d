import { dynamoPorts } from '../../adapters/aws/dynamo.js';
import { presigningDocumentPorts } from '../../adapters/aws/s3.js';
import { statementPorts } from '../../adapters/aws/statements.js';
import { s3Presigner } from '../../adapters/s3-presigner.js';
import { InvalidInputError } from '../../shared/errors.js';
import { admittedSellers } from '../../usecases/portal/finance.js';
import { issueStatements, requestOrderUpload, statementsOf } from '../../usecases/portal/statements.js';
import { IssueStatementsRequest, OrderUploadRequest, Period } from '../contract.js';
import { apiHandler } from '../kit.js';

/** The container ports its routes reach: only their SDK clients are in this bundle. */
const ports = { ...dynamoPorts, ...presigningDocumentPorts(s3Presigner), ...statementPorts };

export const handler = apiHandler(ports, {
  'GET /api/finance/sellers': async ({ c }) => admittedSellers(c),
  'GET /api/finance/statements': async ({ c, query }) => {
    const period = Period.safeParse(query.period);
    if (!period.success)
      throw new InvalidInputError('which period?', [{ path: 'period', message: 'YYYY-MM' }]);
    return statementsOf(c, period.data);
  },
  'POST /api/finance/statements': async ({ c, actor, body }) =>
    issueStatements(c, actor, body(IssueStatementsRequest).period),
  'POST /api/finance/orders': async ({ c, body }) => requestOrderUpload(c, body(OrderUploadRequest)),
});
