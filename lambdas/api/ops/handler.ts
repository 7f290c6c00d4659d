import * as z from 'zod';
import { dynamoPorts } from '../../adapters/aws/dynamo.js';
import { workflowPorts } from '../../adapters/aws/sfn.js';
import type { Count, Funnel } from '../../domain/funnel/compute.js';
import { funnelCsv } from '../../domain/funnel/csv.js';
import { ruleSettingsSchema } from '../../domain/settings.js';
import { InvalidInputError } from '../../shared/errors.js';
import { funnelFor, redriveApplication, stuckWork } from '../../usecases/funnel.js';
import { recordOpsViolations } from '../../usecases/governance.js';
import { actorName } from '../../usecases/portal/access.js';
import { atRiskSellers } from '../../usecases/portal/health.js';
import { labRegistry, registerLab } from '../../usecases/portal/work.js';
import { ViolationsSchema } from '../../usecases/schemas.js';
import { apiHandler, FileResponse } from '../kit.js';

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

/** The funnel's filter: China dates, both ends inclusive, at most a year and a day. */
const FunnelQuery = z
  .object({
    from: z.iso.date(),
    to: z.iso.date(),
    category: z.string().min(1).max(40).optional(),
    format: z.enum(['json', 'csv']).default('json'),
  })
  .refine((q) => q.from <= q.to, { path: ['to'], message: 'the period ends before it starts' })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 366 * 86_400_000, {
    path: ['to'],
    message: 'at most 366 days',
  });

/** Ids behind a figure, as many as a page shows; `n` is always the whole count. */
export const IDS_SHOWN = 200;

function capIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(capIds);
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.n === 'number' && Array.isArray(o.ids)) {
      const c = o as unknown as Count;
      return c.ids.length > IDS_SHOWN ? { n: c.n, ids: c.ids.slice(0, IDS_SHOWN), more: true } : c;
    }
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, capIds(v)]));
  }
  return value;
}

/** The container ports its routes reach: only their SDK clients are in this bundle. */
const ports = { ...dynamoPorts, ...workflowPorts };

export const handler = apiHandler(ports, {
  'GET /api/ops/violations': async ({ c, query }) => {
    if (!query.uscc) throw new InvalidInputError('which seller?', [{ path: 'uscc', message: 'required' }]);
    return c.violations.forUscc(query.uscc);
  },
  'POST /api/ops/violations': async ({ c, body }) =>
    recordOpsViolations(
      c,
      body(ViolationsSchema.max(VIOLATION_BATCH, `at most ${VIOLATION_BATCH} records per request`)),
    ),
  'GET /api/ops/rules': async ({ c }) => ({
    current: await c.rulesConfig.current(),
    versions: await c.rulesConfig.list(),
  }),
  'POST /api/ops/rules': async ({ c, actor, body }) =>
    c.rulesConfig.publish(body(ruleSettingsSchema), actorName(actor, 'ops')),
  'GET /api/ops/labs': async ({ c }) => labRegistry(c),
  'GET /api/ops/funnel': async ({ c, query }) => {
    const parsed = FunnelQuery.safeParse(query);
    if (!parsed.success) {
      throw new InvalidInputError(
        'the funnel needs a period',
        parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      );
    }
    const { format, ...filter } = parsed.data;
    const funnel: Funnel = await funnelFor(c, filter);
    if (format === 'csv') {
      const name = `funnel-${filter.from}-${filter.to}${filter.category ? `-${filter.category}` : ''}.csv`;
      return new FileResponse(name.replace(/[^\w.-]/g, '_'), 'text/csv; charset=utf-8', funnelCsv(funnel));
    }
    return capIds(funnel);
  },
  'GET /api/ops/stuck': async ({ c }) => stuckWork(c),
  'GET /api/ops/at-risk': async ({ c }) => atRiskSellers(c),
  'POST /api/ops/applications/{id}/redrive': async ({ c, params }) =>
    redriveApplication(c, params.id as string),
  'POST /api/ops/labs': async ({ c, actor, body }) => registerLab(c, actor, body(LabSchema)),
});
