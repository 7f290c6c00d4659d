/**
 * The governance event history (SPEC "After admission", "Driving it headless: governance"):
 * events are recorded, never edited; a seller's standing is a function of the events up to a day.
 * Dates are China calendar dates `YYYY-MM-DD` (they compare as strings).
 */

export type Severity = 'minor' | 'serious';

export interface AdmittedEvent {
  type: 'admitted';
  applicationId: string;
  uscc: string;
  date: string;
  category: string;
  skus: string[];
}

export interface ViolationEvent {
  type: 'violation';
  violationId: string;
  uscc: string;
  date: string;
  severity: Severity;
  impact?: 'egregious';
  skus?: string[];
  violationType?: string;
  note?: string;
}

export interface SpotCheckEvent {
  type: 'spot_check';
  uscc: string;
  sku: string;
  date: string;
  passed: boolean;
  findings: string[];
}

export interface FixConfirmedEvent {
  type: 'fix_confirmed';
  violationId: string;
  date: string;
}

export type AppealOutcome = 'uphold' | 'dismiss';

export interface AppealEvent {
  type: 'appeal';
  violationId: string;
  date: string;
  outcome: AppealOutcome;
}

export type GovernanceEvent =
  | AdmittedEvent
  | ViolationEvent
  | SpotCheckEvent
  | FixConfirmedEvent
  | AppealEvent;

export const EVENT_TYPES = ['admitted', 'violation', 'spot_check', 'fix_confirmed', 'appeal'] as const;

/** The id of the violation a failed spot check records (SPEC): `spot:<uscc>:<sku>:<date>`. */
export function spotViolationId(check: Pick<SpotCheckEvent, 'uscc' | 'sku' | 'date'>): string {
  return `spot:${check.uscc}:${check.sku}:${check.date}`;
}

/**
 * The violation a failed spot check records, dated the same day and naming the SKU: serious when
 * a finding is a safety one, else minor. A passed check records none.
 */
export function spotCheckViolation(
  check: SpotCheckEvent,
  safetyFindings: readonly string[],
): ViolationEvent | null {
  if (check.passed) return null;
  const serious = check.findings.some((f) => safetyFindings.includes(f));
  return {
    type: 'violation',
    violationId: spotViolationId(check),
    uscc: check.uscc,
    date: check.date,
    severity: serious ? 'serious' : 'minor',
    skus: [check.sku],
    violationType: 'spot_check_failed',
    note: check.findings.join(', '),
  };
}
