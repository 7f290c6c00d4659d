/**
 * Steps 3–6 with the consistency rules and the UN38.3 check: every rule runs on its own and every
 * match is reported, flags included, even when another rule rejects (SPEC "Rules and reason codes").
 * Intake has passed before this runs. The state machine runs the four parts side by side
 * (check-parts.ts); this is the same evaluation in one call.
 */
import type { Reason } from '../model.js';
import {
  type CapacitySummary,
  CHECK_PARTS,
  type CheckPartInput,
  evaluateCheckPart,
  mergeCheckParts,
} from './check-parts.js';
import type { LicenceSummary } from './licence.js';

export type ChecksInput = CheckPartInput;

export interface ChecksResult {
  reasons: Reason[];
  capacity: CapacitySummary;
  licence: LicenceSummary;
}

export function evaluateChecks(input: ChecksInput): ChecksResult {
  const merged = mergeCheckParts(CHECK_PARTS.map((part) => evaluateCheckPart(part, input)));
  // Both parts always produce these; the merge only types them optional for stored partials.
  return {
    reasons: merged.reasons,
    capacity: merged.capacity as CapacitySummary,
    licence: merged.licence as LicenceSummary,
  };
}
