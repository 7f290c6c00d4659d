import { admittedSellers } from '../../usecases/portal/finance.js';
import { apiHandler } from '../kit.js';

export const handler = apiHandler({
  'GET /api/finance/sellers': async ({ c }) => admittedSellers(c),
});
