/**
 * The governance settings: every number SPEC "After admission" marks *setting*. Versioned like the
 * rules configuration (settings.ts) so a computed tier can say which settings it was computed
 * with; parsed once with this schema, so a bad value fails fast instead of governing wrongly.
 */
import * as z from 'zod';

const count = (max: number) => z.number().int().positive().max(max);

export const governanceSettingsSchema = z.strictObject({
  version: z.string().min(1).max(64),
  /** The window RESTRICTED, WARNED, the health score and violationsCounted look at. */
  windowMonths: count(120),
  /** This many violations since admission (any age) ban the seller. */
  banThreshold: count(100),
  /** A RESTRICTED SKU is listed again this many days after its violation, once fixed. */
  restrictedRelistDays: count(366),
  /** A violation may be appealed once, at most this many days after its date. */
  appealWindowDays: count(366),
  deductions: z.strictObject({
    minor: z.number().int().nonnegative().max(100),
    serious: z.number().int().nonnegative().max(100),
    /** Replaces the severity's deduction for an egregious violation. */
    egregious: z.number().int().nonnegative().max(100),
  }),
  /** A health score below this puts the seller at risk (预警). */
  atRiskBelow: z.number().int().min(0).max(101),
  /** A failed spot check with any of these findings is a serious violation, else minor. */
  safetyFindings: z.array(z.string().min(1).max(64)).max(100),
  /** Settlement term of a seller not banned, and the days a ban adds to it (T+15 → T+75). */
  settlementTermDays: count(366),
  bannedExtraSettlementDays: count(366),
});

export type GovernanceSettings = z.infer<typeof governanceSettingsSchema>;

export const DEFAULT_GOVERNANCE_SETTINGS: GovernanceSettings = Object.freeze({
  version: 'governance-2026-12-01',
  windowMonths: 12,
  banThreshold: 4,
  restrictedRelistDays: 30,
  appealWindowDays: 14,
  deductions: Object.freeze({ minor: 10, serious: 25, egregious: 40 }),
  atRiskBelow: 85,
  safetyFindings: Object.freeze([
    'UN38_3',
    'FORMALDEHYDE',
    'EN71_3',
    'ELECTRICAL_SAFETY',
  ]) as unknown as string[],
  settlementTermDays: 15,
  bannedExtraSettlementDays: 60,
});

/** Parses governance settings; throws a ZodError naming every bad field. */
export function parseGovernanceSettings(json: unknown): GovernanceSettings {
  return governanceSettingsSchema.parse(json);
}
