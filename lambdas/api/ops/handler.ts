import * as z from 'zod';
import { dynamoPorts } from '../../adapters/aws/dynamo.js';
import { notificationPorts } from '../../adapters/aws/events.js';
import { spotCheckWorkflowPorts, workflowPorts } from '../../adapters/aws/sfn.js';
import { funnelCsv } from '../../domain/funnel/csv.js';
import { MAX_SAMPLE_SIZE } from '../../domain/governance/spot-checks.js';
import { ruleSettingsSchema } from '../../domain/settings.js';
import { InvalidInputError } from '../../shared/errors.js';
import {
  figureApplications,
  funnelFor,
  funnelWithIds,
  redriveApplication,
  stuckWork,
} from '../../usecases/funnel.js';
import { recordOpsViolations } from '../../usecases/governance.js';
import { actorName } from '../../usecases/portal/access.js';
import { atRiskSellers } from '../../usecases/portal/health.js';
import { decideViolationAppeal, openAppeals } from '../../usecases/portal/health-appeals-ops.js';
import {
  cancelSpotCheckBooking,
  cancelSpotCheckRound,
  spotCheckRound,
  spotCheckRounds,
  startSpotCheckRound,
} from '../../usecases/portal/spot-checks.js';
import { labRegistry, registerLab } from '../../usecases/portal/work.js';
import { ViolationsSchema } from '../../usecases/schemas.js';
import { AppealDecisionRequest } from '../contract.js';
import { apiHandler, FileResponse } from '../kit.js';

/**
 * A spot-check round: the settings' sample size unless ops ask for another; a seed to reproduce a
 * pick; the page's key for this one submission, so a double click or a retry is the same round.
 */
const SpotRoundRequest = z.object({
  sampleSize: z.number().int().positive().max(MAX_SAMPLE_SIZE).optional(),
  seed: z.string().min(1).max(100).optional(),
  idempotencyKey: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,64}$/, '8 to 64 letters, digits, "-" or "_"')
    .optional(),
});

/** Ops cancel one booking of a round (its number), or the whole round (none); why is kept with it. */
const SpotCancelRequest = z.object({
  reason: z.string().trim().min(1).max(500),
  bookingNo: z.number().int().nonnegative().max(MAX_SAMPLE_SIZE).optional(),
});

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

/** A figure's applications: the funnel's filter, the figure (a count's `figure`), where to go on. */
const FigureQuery = z.object({
  from: z.iso.date(),
  to: z.iso.date(),
  category: z.string().min(1).max(40).optional(),
  figure: z.string().min(1).max(200),
  cursor: z.string().min(1).max(2000).optional(),
});

function parsed<T>(result: z.ZodSafeParseResult<T>, message: string): T {
  if (result.success) return result.data;
  throw new InvalidInputError(
    message,
    result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  );
}

/** The container ports its routes reach: only their SDK clients are in this bundle. */
const ports = { ...dynamoPorts, ...workflowPorts, ...spotCheckWorkflowPorts, ...notificationPorts };

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
    const { format, ...filter } = parsed(FunnelQuery.safeParse(query), 'the funnel needs a period');
    if (format === 'json') return funnelFor(c, filter);
    // The export lists every application behind every figure: read from the summaries.
    const name = `funnel-${filter.from}-${filter.to}${filter.category ? `-${filter.category}` : ''}.csv`;
    const csv = funnelCsv(await funnelWithIds(c, filter));
    return new FileResponse(name.replace(/[^\w.-]/g, '_'), 'text/csv; charset=utf-8', csv);
  },
  'GET /api/ops/funnel/applications': async ({ c, query }) => {
    const { figure, cursor, ...filter } = parsed(
      FigureQuery.safeParse(query),
      'which figure of which period?',
    );
    return figureApplications(c, filter, figure, cursor);
  },
  'GET /api/ops/stuck': async ({ c }) => stuckWork(c),
  'GET /api/ops/spot-checks': async ({ c }) => spotCheckRounds(c),
  'POST /api/ops/spot-checks': async ({ c, actor, body }) =>
    startSpotCheckRound(c, actor, body(SpotRoundRequest)),
  'GET /api/ops/spot-checks/{roundId}': async ({ c, params }) => spotCheckRound(c, params.roundId as string),
  'POST /api/ops/spot-checks/{roundId}/cancel': async ({ c, actor, params, body }) => {
    const { bookingNo, reason } = body(SpotCancelRequest);
    const roundId = params.roundId as string;
    return bookingNo === undefined
      ? cancelSpotCheckRound(c, actor, roundId, { reason })
      : cancelSpotCheckBooking(c, actor, roundId, bookingNo, { reason });
  },
  'GET /api/ops/appeals': async ({ c }) => openAppeals(c),
  'POST /api/ops/appeals/{id}/decision': async ({ c, actor, params, body }) =>
    decideViolationAppeal(c, actor, params.id as string, body(AppealDecisionRequest)),
  'GET /api/ops/at-risk': async ({ c }) => atRiskSellers(c),
  'POST /api/ops/applications/{id}/redrive': async ({ c, params }) =>
    redriveApplication(c, params.id as string),
  'POST /api/ops/labs': async ({ c, actor, body }) => registerLab(c, actor, body(LabSchema)),
});
