import { InvalidInputError } from '../../shared/errors.js';
import { admittedSellers } from '../../usecases/portal/finance.js';
import { issueStatements, requestOrderUpload, statementsOf } from '../../usecases/portal/statements.js';
import { IssueStatementsRequest, OrderUploadRequest, Period } from '../contract.js';
import { apiHandler } from '../kit.js';

export const handler = apiHandler({
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
