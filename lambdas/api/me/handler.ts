import { apiHandler } from '../kit.js';

export const handler = apiHandler({
  'GET /api/me': async ({ actor }) => actor,
});
