import { apiHandler } from '../kit.js';

/** The container ports its routes reach: only their SDK clients are in this bundle. */
const ports = {};

export const handler = apiHandler(ports, {
  'GET /api/me': async ({ actor }) => actor,
});
