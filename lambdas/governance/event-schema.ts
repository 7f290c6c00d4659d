/**
 * The edge of `governance`: one line of an events file → a GovernanceEvent, or the reason it is
 * not one. JSON.parse per line, then a zod schema per event type (picked by `type`, so a reason
 * names the field of the type the line claims to be). Unknown fields are dropped; an optional
 * field given as null is taken as absent.
 */
import * as z from 'zod';
import { isIsoDate } from '../domain/dates.js';
import type { GovernanceEvent } from '../domain/governance/events.js';
import { fastEvent } from './fast-shape.js';

const text = z.string().min(1).max(1000);
const date = z.string().refine(isIsoDate, 'expected a real YYYY-MM-DD date');
const optional = <T extends z.ZodType>(schema: T) =>
  schema.nullish().transform((v) => (v === null ? undefined : v));

const SCHEMAS = {
  admitted: z.object({
    type: z.literal('admitted'),
    applicationId: text,
    uscc: text,
    date,
    category: text,
    skus: z.array(text).max(100_000),
  }),
  violation: z.object({
    type: z.literal('violation'),
    violationId: text,
    uscc: text,
    date,
    severity: z.enum(['minor', 'serious']),
    impact: optional(z.literal('egregious')),
    skus: optional(z.array(text).max(100_000)),
    violationType: optional(z.string().max(1000)),
    note: optional(z.string().max(100_000)),
  }),
  spot_check: z.object({
    type: z.literal('spot_check'),
    uscc: text,
    sku: text,
    date,
    passed: z.boolean(),
    findings: z.array(text).max(1000),
  }),
  fix_confirmed: z.object({ type: z.literal('fix_confirmed'), violationId: text, date }),
  appeal: z.object({
    type: z.literal('appeal'),
    violationId: text,
    date,
    outcome: z.enum(['uphold', 'dismiss']),
  }),
} as const;

export type ParsedLine = { ok: true; event: GovernanceEvent } | { ok: false; reason: string };

function issueText(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'not an event';
  const path = issue.path.join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}

/** A value read from JSON → the event it is, or why not. */
export function toEvent(value: unknown): ParsedLine {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, reason: 'not a JSON object' };
  const fast = fastEvent(value as Record<string, unknown>);
  if (fast) return { ok: true, event: fast };
  const type = (value as { type?: unknown }).type;
  const schema =
    typeof type === 'string' && Object.hasOwn(SCHEMAS, type) ? SCHEMAS[type as keyof typeof SCHEMAS] : null;
  if (!schema)
    return {
      ok: false,
      reason: `type: expected one of ${Object.keys(SCHEMAS).join(', ')} (got ${JSON.stringify(type) ?? 'nothing'})`,
    };
  const parsed = schema.safeParse(value);
  if (!parsed.success) return { ok: false, reason: `${type}: ${issueText(parsed.error)}` };
  const event = parsed.data as GovernanceEvent & Record<string, unknown>;
  // The optional fields a null made `undefined`: left out, so the event is what the line said.
  for (const k of Object.keys(event)) if (event[k] === undefined) delete event[k];
  return { ok: true, event };
}

/** One line of text → the event it is, or why not. */
export function parseEventLine(line: string): ParsedLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    return { ok: false, reason: `not JSON (${(err as Error).message})` };
  }
  return toEvent(value);
}
