/**
 * The rules configuration: every number SPEC marks *setting* (and the per-category tables the
 * lead asked to keep beside them). Platform ops own `config/rules.default.json`; it is parsed
 * with this schema once, at start-up, so a bad file fails fast instead of deciding wrongly.
 * Rates and kWh factors are decimal strings: they feed exact decimal arithmetic, never floats.
 */
import * as z from 'zod';
import { isIsoDate } from './dates.js';
import { CATEGORIES, type Category } from './model.js';

/** A non-negative decimal written as a string: "0.05", "1", "0.3". */
const decimalString = z
  .string()
  .regex(/^(0|[1-9]\d*)(\.\d+)?$/, 'expected a non-negative decimal string such as "0.05"');

const rate = decimalString.refine((s) => Number(s) <= 1, 'a rate is at most 1');

const positiveInt = z.number().int().positive();

/** A value per category, with a default for the categories not listed ("other categories"). */
function perCategory<T extends z.ZodType>(value: T) {
  return z.strictObject({
    default: value,
    byCategory: z.partialRecord(z.enum(CATEGORIES), value),
  });
}

/** One version of the fee schedule (SPEC "Fee schedule and settlement"). */
export const feeScheduleVersionSchema = z.strictObject({
  version: z.string().min(1),
  /** The first day (China date) an agreement issued under it carries it. */
  effectiveFrom: z.string().refine(isIsoDate, 'expected a real YYYY-MM-DD date'),
  commissionRate: rate,
  fulfilmentRate: perCategory(rate),
  settlementTermDays: positiveInt,
  /** Settlement term once an admitted seller reaches `extendedAfterViolations` violations. */
  extendedSettlementTermDays: positiveInt,
  extendedAfterViolations: positiveInt,
});

export type FeeScheduleVersion = z.infer<typeof feeScheduleVersionSchema>;

export const ruleSettingsSchema = z.strictObject({
  version: z.string().min(1),
  /** A field read below this confidence flags instead of deciding. */
  confidenceFloor: z.number().min(0).max(1),
  skus: z.strictObject({ max: positiveInt }),
  capacity: z.strictObject({
    /** Minimum monthly capacity per SKU. */
    minimumMonthly: perCategory(z.number().int().nonnegative()),
    /** kWh one unit takes to make, for the electricity ratio. */
    kwhPerUnit: perCategory(decimalString),
  }),
  violations: z.strictObject({
    windowMonths: positiveInt,
    /** This many violations or more, any age or severity, bar the seller. */
    banThreshold: positiveInt,
  }),
  review: z.strictObject({ slaWorkingDays: positiveInt }),
  lab: z.strictObject({ resultWorkingDays: positiveInt, maxAttempts: positiveInt }),
  agreement: z.strictObject({ signatureDays: positiveInt }),
  /** Days after a rejection within which the seller may appeal. */
  appeal: z.strictObject({ windowDays: positiveInt }),
  fees: z.strictObject({
    /**
     * Every fee schedule version ops published, each in force from its `effectiveFrom` until the
     * next one's. Old versions stay: an agreement names the version it was issued under.
     */
    schedules: z
      .array(feeScheduleVersionSchema)
      .min(1)
      .refine((list) => new Set(list.map((s) => s.version)).size === list.length, 'versions must be unique')
      .refine(
        (list) => new Set(list.map((s) => s.effectiveFrom)).size === list.length,
        'two schedules cannot take effect on the same day',
      ),
  }),
});

export type RuleSettings = z.infer<typeof ruleSettingsSchema>;

export interface PerCategory<T> {
  default: T;
  byCategory: Partial<Record<Category, T>>;
}

/** The category's value, else the default. */
export function forCategory<T>(table: PerCategory<T>, category: Category): T {
  return table.byCategory[category] ?? table.default;
}

/** Parses a rules configuration; throws a ZodError naming every bad field. */
export function parseRuleSettings(json: unknown): RuleSettings {
  return ruleSettingsSchema.parse(json);
}
