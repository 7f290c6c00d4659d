/**
 * The rules configuration: every number SPEC marks *setting* (and the per-category tables the
 * lead asked to keep beside them). Platform ops own `config/rules.default.json`; it is parsed
 * with this schema once, at start-up, so a bad file fails fast instead of deciding wrongly.
 * Rates and kWh factors are decimal strings: they feed exact decimal arithmetic, never floats.
 */
import * as z from 'zod';
import { isIsoDate } from './dates.js';
import { spotCheckSettingsSchema } from './governance/spot-checks.js';
import { CATEGORIES, type Category } from './model.js';

/**
 * A non-negative decimal written as a string: "0.05", "1", "0.3"; at most 9 digits before the
 * point and 8 after (a rate of a hundred thousand digits is not a setting, it is an attack).
 */
const decimalString = z
  .string()
  .max(18)
  .regex(/^(0|[1-9]\d{0,8})(\.\d{1,8})?$/, 'expected a non-negative decimal string such as "0.05"');

const rate = decimalString.refine((s) => Number(s) <= 1, 'a rate is at most 1');

/**
 * A whole number of something within what a program could mean: every setting has a ceiling,
 * so no published value can make the calendar walk two million working days.
 */
const count = (max: number) => z.number().int().positive().max(max);
const DAYS = count(366);
const WORKING_DAYS = count(60);
const version = z.string().min(1).max(64);

/** A value per category, with a default for the categories not listed ("other categories"). */
function perCategory<T extends z.ZodType>(value: T) {
  return z.strictObject({
    default: value,
    byCategory: z.partialRecord(z.enum(CATEGORIES), value),
  });
}

/** One version of the fee schedule (SPEC "Fee schedule and settlement"). */
export const feeScheduleVersionSchema = z.strictObject({
  version,
  /** The first day (China date) an agreement issued under it carries it. */
  effectiveFrom: z.string().refine(isIsoDate, 'expected a real YYYY-MM-DD date'),
  commissionRate: rate,
  fulfilmentRate: perCategory(rate),
  settlementTermDays: DAYS,
  /** Settlement term once an admitted seller reaches `extendedAfterViolations` violations. */
  extendedSettlementTermDays: DAYS,
  extendedAfterViolations: count(100),
});

export type FeeScheduleVersion = z.infer<typeof feeScheduleVersionSchema>;

export const ruleSettingsSchema = z.strictObject({
  version,
  /** A field read below this confidence flags instead of deciding. */
  confidenceFloor: z.number().min(0).max(1),
  skus: z.strictObject({ max: count(10_000) }),
  capacity: z.strictObject({
    /** Minimum monthly capacity per SKU. */
    minimumMonthly: perCategory(z.number().int().nonnegative().max(100_000_000)),
    /** kWh one unit takes to make, for the electricity ratio. */
    kwhPerUnit: perCategory(decimalString),
  }),
  violations: z.strictObject({
    windowMonths: count(120),
    /** This many violations or more, any age or severity, bar the seller. */
    banThreshold: count(100),
  }),
  review: z.strictObject({ slaWorkingDays: WORKING_DAYS }),
  lab: z.strictObject({ resultWorkingDays: WORKING_DAYS, maxAttempts: count(10) }),
  agreement: z.strictObject({ signatureDays: DAYS }),
  /** Days after a rejection within which the seller may appeal. */
  appeal: z.strictObject({ windowDays: DAYS }),
  /** Integrity signals; absent in versions published before them (the defaults apply). */
  integrity: z.lazy(() => integritySettingsSchema).optional(),
  /** Spot-check rounds (SPEC "After admission"); absent in versions before them (the defaults apply). */
  spotChecks: z.lazy(() => spotCheckSettingsSchema).optional(),
  fees: z.strictObject({
    /**
     * Every fee schedule version ops published, each in force from its `effectiveFrom` until the
     * next one's. Old versions stay: an agreement names the version it was issued under.
     */
    schedules: z
      .array(feeScheduleVersionSchema)
      .min(1)
      .max(500)
      .refine((list) => new Set(list.map((s) => s.version)).size === list.length, 'versions must be unique')
      .refine(
        (list) => new Set(list.map((s) => s.effectiveFrom)).size === list.length,
        'two schedules cannot take effect on the same day',
      ),
  }),
});

export type RuleSettings = z.infer<typeof ruleSettingsSchema>;

/**
 * Document integrity (SPEC "Document integrity"), versioned on its own: the page-hash distance,
 * the font sign's thresholds and the editor lists. PDF libraries and report engines (pdf-lib,
 * iText, PDFBox, FPDF, ReportLab, JasperReports, wkhtmltopdf, Skia, Quartz PDFContext…) are not
 * editors and are not listed; what is listed edits a finished document by hand.
 */
export const integritySettingsSchema = z.strictObject({
  version,
  /** Page hashes (64-bit pHash) within this Hamming distance are the same page (≤ 7: the index's 8 bands). */
  phashMaxDistance: z.number().int().min(0).max(7),
  /** A page's main value font needs this many values before another font stands out. */
  fontMinPeers: count(1000),
  /** A font used by at most this many values of a page (and not its main one) stands out. */
  fontMaxOdd: count(10),
  pdfEditors: z.array(z.string().min(2).max(64)).max(200),
  imageEditors: z.array(z.string().min(2).max(64)).max(200),
});

export type IntegritySettings = z.infer<typeof integritySettingsSchema>;

export const DEFAULT_INTEGRITY_SETTINGS: IntegritySettings = {
  version: 'integrity-2026-12-04',
  phashMaxDistance: 6,
  fontMinPeers: 3,
  fontMaxOdd: 2,
  pdfEditors: [
    'Photoshop',
    'WPS',
    'Foxit PhantomPDF',
    'Foxit PDF Editor',
    '福昕',
    'PDFelement',
    'Wondershare',
    '万兴',
    'Adobe Acrobat Pro',
    'PDF-XChange Editor',
    'Nitro Pro',
    'Sejda',
    'Smallpdf',
    'iLovePDF',
    'PDF Expert',
    'PDFescape',
    'Canva',
    'Microsoft Paint',
    'GIMP',
    '美图',
  ],
  imageEditors: [
    'Photoshop',
    'Lightroom',
    'GIMP',
    'Meitu',
    '美图',
    'MTXX',
    'Snapseed',
    'PicsArt',
    'Canva',
    'Pixlr',
    'Paint.NET',
    'Microsoft Paint',
    'Affinity Photo',
    'Photopea',
    'VSCO',
    '醒图',
    'Hypic',
    'PhotoScape',
    'Fotor',
  ],
};

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
