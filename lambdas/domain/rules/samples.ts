/**
 * Samples: the UN38.3 report check (before booking, on the uploaded files only) and the lab loop's
 * pure decisions (an attempt's outcome, the results deadline).
 */
import { addChinaWorkingDays } from '../calendar.js';
import type { Application, Reason } from '../model.js';
import { reason } from '../reasons.js';
import type { RuleSettings } from '../settings.js';
import { skuDocuments } from './documents.js';

/** UN38_3_REPORT_MISSING for each sample SKU with a battery and no un38_3 among its documents. */
export function un38_3Rules(app: Application): Reason[] {
  const reasons: Reason[] = [];
  for (const id of new Set(app.sampleSkus)) {
    const sku = app.skus.find((s) => s.sku === id);
    if (!sku?.hasBattery) continue;
    if (skuDocuments(app, sku).some((d) => d.type === 'un38_3')) continue;
    reasons.push(
      reason('UN38_3_REPORT_MISSING', { sku: id }, { document: 'un38_3', field: `skus[${id}].documents` }),
    );
  }
  return reasons;
}

export type LabOutcome = 'passed' | 'failed' | 'pending';

/**
 * A sample passes on its first passing attempt within `maxAttempts`, fails once `maxAttempts`
 * attempts have all failed, and is pending otherwise. Attempts past the maximum are ignored.
 */
export function labOutcome(attempts: { passed: boolean }[], maxAttempts: number): LabOutcome {
  const counted = attempts.slice(0, maxAttempts);
  if (counted.some((a) => a.passed)) return 'passed';
  return counted.length >= maxAttempts ? 'failed' : 'pending';
}

/** When a booking's results are due: N China working days after it, same time of day. */
export function labResultsDueAt(bookedAt: string, settings: RuleSettings): string {
  return addChinaWorkingDays(bookedAt, settings.lab.resultWorkingDays);
}

/** Results are overdue once the clock is past the due instant. */
export function isLabOverdue(bookedAt: string, now: string, settings: RuleSettings): boolean {
  return Date.parse(now) > Date.parse(labResultsDueAt(bookedAt, settings));
}
