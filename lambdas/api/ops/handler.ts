import * as z from 'zod';
import { dynamoPorts } from '../../adapters/aws/dynamo.js';
import { ruleSettingsSchema } from '../../domain/settings.js';
import { InvalidInputError } from '../../shared/errors.js';
import { actorName } from '../../usecases/portal/access.js';
import { labRegistry, registerLab } from '../../usecases/portal/work.js';
import { ViolationsSchema } from '../../usecases/schemas.js';
import { apiHandler } from '../kit.js';

/** One request loads at most this many records (each one a conditional write): larger files go in batches. */
export const VIOLATION_BATCH = 500;

const LabSchema = z.object({
  labId: z.string().min(1).max(80),
  name: z.string().min(1).max(200),
  accreditations: z.array(z.string().min(1).max(100)).max(20),
  registeredOn: z.iso.date(),
  registeredCapitalYuan: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  ownLaboratories: z.number().int().nonnegative().max(10_000),
});

/** The container ports its routes reach: only their SDK clients are in this bundle. */
const ports = { ...dynamoPorts };

export const handler = apiHandler(ports, {
  'GET /api/ops/violations': async ({ c, query }) => {
    if (!query.uscc) throw new InvalidInputError('which seller?', [{ path: 'uscc', message: 'required' }]);
    return c.violations.forUscc(query.uscc);
  },
  'POST /api/ops/violations': async ({ c, body }) => ({
    loaded: await c.violations.put(
      body(ViolationsSchema.max(VIOLATION_BATCH, `at most ${VIOLATION_BATCH} records per request`)),
    ),
  }),
  'GET /api/ops/rules': async ({ c }) => ({
    current: await c.rulesConfig.current(),
    versions: await c.rulesConfig.list(),
  }),
  'POST /api/ops/rules': async ({ c, actor, body }) =>
    c.rulesConfig.publish(body(ruleSettingsSchema), actorName(actor, 'ops')),
  'GET /api/ops/labs': async ({ c }) => labRegistry(c),
  'POST /api/ops/labs': async ({ c, actor, body }) => registerLab(c, actor, body(LabSchema)),
});
