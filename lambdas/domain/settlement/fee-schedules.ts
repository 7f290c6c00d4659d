/**
 * The fee schedules a statement run uses, as `--fee-schedules` gives them (SPEC "Statements"):
 * a JSON array of { applicationId, commissionRate, fulfilmentRate, settlementTermDays }.
 */
import * as z from 'zod';
import type { FeeSchedule } from './settle.js';

const rate = z
  .string({ error: 'expected a decimal string such as "0.05"' })
  .regex(/^(0|[1-9]\d*)(\.\d+)?$/, 'expected a decimal string such as "0.05"')
  .refine((s) => Number(s) <= 1, 'a rate is at most 1');

export const FeeScheduleSchema = z.object({
  applicationId: z.string().min(1),
  commissionRate: rate,
  fulfilmentRate: rate,
  settlementTermDays: z.number().int().min(0).max(3650),
});

export const FeeSchedulesSchema = z.array(FeeScheduleSchema).superRefine((list, ctx) => {
  const seen = new Set<string>();
  list.forEach((s, i) => {
    if (seen.has(s.applicationId))
      ctx.addIssue({
        code: 'custom',
        path: [i, 'applicationId'],
        message: `${s.applicationId} is listed twice`,
      });
    seen.add(s.applicationId);
  });
});

/** Parses the file's JSON; the error names the first bad field ("[2].commissionRate: …"). */
export function parseFeeSchedules(
  json: unknown,
): { ok: true; schedules: FeeSchedule[] } | { ok: false; error: string } {
  const parsed = FeeSchedulesSchema.safeParse(json);
  if (parsed.success) return { ok: true, schedules: parsed.data };
  const issue = parsed.error.issues[0];
  const path = (issue?.path ?? []).map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
  return { ok: false, error: `${path.replace(/^\./, '') || '(top level)'}: ${issue?.message ?? 'invalid'}` };
}
