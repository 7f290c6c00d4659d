import { Logger } from '@aws-lambda-powertools/logger';
import * as z from 'zod';
import { type Container, containerFor, type Ports } from '../adapters/container.js';
import { transitionCounts } from '../domain/funnel/transitions.js';
import { InvalidInputError } from '../shared/errors.js';
import { publishCounts } from '../shared/metrics.js';
import { recordFunnel } from '../usecases/funnel.js';

export const logger = new Logger({ serviceName: 'admission' });

/** Every step receives the application's id (never personal data) and maybe a little more. */
export const ApplicationInput = z.object({ applicationId: z.string().min(1).max(128) });

/** The spot-check steps receive the round's id, and the booking's number inside the Map. */
export const RoundInput = z.object({ roundId: z.string().min(1).max(128) });
export const SpotBookingInput = RoundInput.extend({ bookingNo: z.number().int().nonnegative() });

/**
 * A Step Functions task handler: parse the input, run one use case, return its output.
 * Errors keep their class name, which the state machine's Retry/Catch match on. `ports` are the
 * container ports the use case reaches (adapters/aws/*): only their SDK clients are bundled and
 * loaded, each on first use; a port not wired fails (PortNotWiredError), locally as well.
 */
export function stepHandler<S extends z.ZodType, R>(
  schema: S,
  run: (input: z.infer<S>, c: Container) => Promise<R>,
  ports: Ports,
): (event: unknown) => Promise<R> {
  return async (event: unknown) => {
    const parsed = schema.safeParse(event);
    if (!parsed.success) {
      throw new InvalidInputError(
        'step input is invalid',
        parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      );
    }
    const input = parsed.data as z.infer<S>;
    const applicationId = (input as { applicationId?: string }).applicationId;
    logger.appendKeys({ applicationId });
    try {
      const c = containerFor(ports, process.env.AWS_LAMBDA_FUNCTION_NAME);
      const out = await run(input, c);
      if (applicationId && ports.funnel) await keepFunnel(c, applicationId);
      return out;
    } catch (err) {
      logger.error('step failed', { error: err as Error });
      throw err;
    } finally {
      logger.removeKeys(['applicationId']);
    }
  };
}

/**
 * After a step took effect, the application's funnel summary follows (a transition is a step).
 * A summary that could not be written must not undo or retry the step: the next step writes it
 * again from the same facts, so it is logged and left.
 */
async function keepFunnel(c: Container, applicationId: string): Promise<void> {
  try {
    const { written, previous, next } = await recordFunnel(c, applicationId);
    if (written && next) publishCounts(transitionCounts(previous, next));
  } catch (err) {
    logger.warn('funnel summary not written', { error: err as Error });
  }
}
