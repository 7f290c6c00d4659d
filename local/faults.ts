import * as z from 'zod';
import type { FaultRule } from './runtime.js';

/**
 * Fault injection by configuration, not code edits: `ADMISSION_FAULTS` holds a JSON array of
 * rules, e.g. `[{"state":"BookSamples","transientFailures":2,"afterEffect":true},
 * {"state":"IssueAgreement","timeouts":1},{"state":"CheckLicence","delayMs":500}]`.
 */
const FaultRules = z.array(
  z.strictObject({
    state: z.string().min(1),
    transientFailures: z.number().int().nonnegative().optional(),
    afterEffect: z.boolean().optional(),
    timeouts: z.number().int().nonnegative().optional(),
    delayMs: z.number().int().nonnegative().max(600_000).optional(),
  }),
);

export function faultsFromEnv(env: NodeJS.ProcessEnv = process.env): FaultRule[] {
  const raw = env.ADMISSION_FAULTS;
  if (!raw) return [];
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new Error('ADMISSION_FAULTS is not JSON (a JSON array of fault rules)');
  }
  const parsed = FaultRules.safeParse(json);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`ADMISSION_FAULTS is invalid: ${where}`);
  }
  return parsed.data;
}
