import * as z from 'zod';

/** Lambda configuration, read once and checked at start-up: a missing variable fails fast. */
const ConfigSchema = z.object({
  TABLE_NAME: z.string().min(1),
  BUCKET_NAME: z.string().min(1),
  /** The audit trail's table (add and read only). */
  AUDIT_TABLE_NAME: z.string().min(1),
  STATE_MACHINE_ARN: z.string().min(1).optional(),
  /** The extraction function the API invokes for a seller's preview. */
  READER_FUNCTION_NAME: z.string().min(1).optional(),
  /** The statement job finance starts for a period. */
  STATEMENT_JOB_ARN: z.string().min(1).optional(),
  /** The spot-check rounds' state machine (ops start it, labs answer its waits). */
  SPOT_CHECK_STATE_MACHINE_ARN: z.string().min(1).optional(),
  /** Notifications (SPEC "Telling people"): the bus events are put on. */
  EVENT_BUS_NAME: z.string().min(1).optional(),
  /** The webhook sender's queue (deliveries and their retries). */
  WEBHOOK_QUEUE_URL: z.string().min(1).optional(),
  /** The KMS key webhook secrets are sealed with. */
  SECRETS_KEY_ID: z.string().min(1).optional(),
  PORTAL_URL: z.string().min(1).optional(),
  MAIL_FROM: z.string().min(1).optional(),
  REVIEWERS_EMAIL: z.string().min(1).optional(),
  LAB_EMAIL_DOMAIN: z.string().min(1).optional(),
});

export type Config = z.infer<typeof ConfigSchema>;

let cached: Config | undefined;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  if (cached) return cached;
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const missing = parsed.error.issues.map((i) => i.path.join('.')).join(', ');
    throw new Error(`Lambda configuration is incomplete: ${missing}`);
  }
  cached = parsed.data;
  return cached;
}
