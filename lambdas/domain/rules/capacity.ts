/**
 * Step 5, capacity evidence: bank statement coverage, the capacity proof against the declared
 * capacities, the category minimum, and the electricity ratio r and score (SPEC "Electricity
 * ratio", "Capacity score").
 *
 * r is computed exactly with decimal.js; the thresholds are compared by cross-multiplying, so
 * r = 0.3 exactly is never mistaken for 0.2999…. Rows read below the confidence floor are not
 * evidence and are left out. One month billed in several files (several meters) is summed.
 */
import Decimal from 'decimal.js';
import { fullMonthsBefore, monthOf, parseIsoDate, parseIsoMonth } from '../dates.js';
import type { Application, Reason } from '../model.js';
import { reason } from '../reasons.js';
import { forCategory, type RuleSettings } from '../settings.js';
import type { DocumentFields } from './documents.js';
import { lowConfidence } from './fields.js';

/** Enough digits that sums and products of the inputs stay exact. */
const D = Decimal.clone({ precision: 80, rounding: Decimal.ROUND_HALF_UP });

/** The 6 full months before the application month (source `003_*`). */
const WINDOW_MONTHS = 6;
/** Electricity bills must cover at least this many months of the window. */
const MINIMUM_BILLED_MONTHS = 3;
/** r below this rejects; from it to below WEAK_BELOW flags (source `003_*`). */
const INCONSISTENT_BELOW = new D('0.3');
const WEAK_BELOW = new D('0.6');

export interface CapacityEvidence {
  bankStatements: DocumentFields<'bank_statement'>[];
  electricityBills: DocumentFields<'electricity_bill'>[];
  capacityProofs: DocumentFields<'capacity_proof'>[];
  /** Files named when the proof is missing a SKU and none was read. */
  capacityProofFiles?: string[];
}

export interface CapacityResult {
  reasons: Reason[];
  /** 0–100: round half-up of 100 × min(r, 1) on the exact decimal; 0 under 3 billed months. */
  score: number;
  /** r truncated to 4 decimal places ("0.5999"), null when it cannot be computed. */
  ratio: string | null;
  /** Months of the window billed in the electricity bills, oldest first. */
  electricityMonths: string[];
  /** Months of the window with at least one bank transaction, oldest first. */
  bankMonths: string[];
}

const normaliseSku = (sku: string): string => sku.normalize('NFKC').replace(/\s+/gu, '');

export function capacityRules(
  app: Application,
  evidence: CapacityEvidence,
  settings: RuleSettings,
): CapacityResult {
  const floor = settings.confidenceFloor;
  const window = fullMonthsBefore(app.applicationDate, WINDOW_MONTHS);
  const reasons: Reason[] = [];

  const bankMonths = bankMonthsIn(evidence.bankStatements, window, floor);
  const missing = window.filter((m) => !bankMonths.includes(m));
  const shakyStatements = shaky(evidence.bankStatements, (f) => f.transactions, floor);
  if (missing.length > 0 && shakyStatements.length > 0) {
    // A row read below the floor may be the missing month: a reviewer reads it (SPEC "Documents").
    reasons.push(...shakyStatements);
  } else if (missing.length > 0) {
    reasons.push(
      reason('BANK_STATEMENTS_INCOMPLETE', { required: window, missing }, { document: 'bank_statement' }),
    );
  }

  reasons.push(...skuCapacityRules(app, evidence, settings));

  const kwhByMonth = electricityIn(evidence.electricityBills, window, floor);
  const electricityMonths = window.filter((m) => kwhByMonth.has(m));
  const shakyBills = shaky(evidence.electricityBills, (f) => f.months, floor);
  if (electricityMonths.length < MINIMUM_BILLED_MONTHS && shakyBills.length > 0) {
    reasons.push(...shakyBills);
    return { reasons, score: 0, ratio: null, electricityMonths, bankMonths };
  }
  if (electricityMonths.length < MINIMUM_BILLED_MONTHS) {
    const vars = { required: window, billed: electricityMonths, minimumMonths: MINIMUM_BILLED_MONTHS };
    reasons.push(reason('CAPACITY_EVIDENCE_MISSING', vars, { document: 'electricity_bill' }));
    return { reasons, score: 0, ratio: null, electricityMonths, bankMonths };
  }

  const total = [...kwhByMonth.values()].reduce((a, b) => a.plus(b), new D(0));
  const months = new D(electricityMonths.length);
  const kwhPerUnit = new D(forCategory(settings.capacity.kwhPerUnit, app.category));
  const expected = app.skus.reduce(
    (sum, s) => sum.plus(new D(finiteOrZero(s.monthlyCapacity)).times(kwhPerUnit)),
    new D(0),
  );
  if (expected.isZero()) {
    // No declared consumption to compare with; CAPACITY_BELOW_MINIMUM has already rejected.
    return { reasons, score: 0, ratio: null, electricityMonths, bankMonths };
  }

  // r = (total / months) / expected; compare total against threshold × months × expected.
  const denominator = months.times(expected);
  const ratioVars = {
    ratio: total.div(denominator).toDecimalPlaces(4, Decimal.ROUND_DOWN).toString(),
    averageKwh: total.div(months).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toString(),
    expectedKwh: expected.toString(),
  };
  if (total.lt(INCONSISTENT_BELOW.times(denominator)) && shakyBills.length > 0) {
    reasons.push(...shakyBills);
  } else if (total.lt(INCONSISTENT_BELOW.times(denominator))) {
    reasons.push(reason('CAPACITY_EVIDENCE_INCONSISTENT', ratioVars, { document: 'electricity_bill' }));
  } else if (total.lt(WEAK_BELOW.times(denominator))) {
    reasons.push(reason('CAPACITY_EVIDENCE_WEAK', ratioVars, { document: 'electricity_bill' }));
  }
  // round half-up of 100 × r, exactly: floor((200 × total + denominator) / (2 × denominator)).
  const score = total.gte(denominator)
    ? 100
    : total.times(200).plus(denominator).divToInt(denominator.times(2)).toNumber();
  return { reasons, score, ratio: ratioVars.ratio, electricityMonths, bankMonths };
}

/**
 * LICENCE_LOW_CONFIDENCE (the qualification package's low-confidence code, as for trademarks) for
 * each document with a row read below the floor: such a row is not evidence, but neither is it
 * proof of absence, so a reject that it could overturn becomes a flag.
 */
function shaky<T extends 'bank_statement' | 'electricity_bill'>(
  docs: DocumentFields<T>[],
  rows: (fields: DocumentFields<T>['fields']) => { confidence: number }[],
  floor: number,
): Reason[] {
  return docs
    .filter((d) => rows(d.fields).some((r) => r.confidence < floor))
    .map((d) =>
      lowConfidence(
        'LICENCE_LOW_CONFIDENCE',
        'transactions' in d.fields ? 'bank_statement' : 'electricity_bill',
        d.file,
        'transactions' in d.fields ? 'transactions' : 'months',
        { problem: 'low_confidence' },
      ),
    );
}

function finiteOrZero(n: number): number {
  return Number.isFinite(n) ? n : 0;
}

/** Months of the window holding at least one transaction read with confidence. */
function bankMonthsIn(
  statements: DocumentFields<'bank_statement'>[],
  window: string[],
  floor: number,
): string[] {
  const months = new Set<string>();
  for (const statement of statements) {
    for (const tx of statement.fields.transactions) {
      if (tx.confidence >= floor && parseIsoDate(tx.value.date)) months.add(monthOf(tx.value.date));
    }
  }
  return window.filter((m) => months.has(m));
}

/** kWh per billed month of the window, summed over files. */
function electricityIn(
  bills: DocumentFields<'electricity_bill'>[],
  window: string[],
  floor: number,
): Map<string, Decimal> {
  const kwh = new Map<string, Decimal>();
  for (const bill of bills) {
    for (const row of bill.fields.months) {
      const { month, kwh: value } = row.value;
      if (row.confidence < floor || !parseIsoMonth(month) || !window.includes(month)) continue;
      if (!Number.isFinite(value) || value < 0) continue;
      kwh.set(month, (kwh.get(month) ?? new D(0)).plus(new D(value)));
    }
  }
  return kwh;
}

/**
 * CAPACITY_PROOF_MISMATCH per SKU the proof lacks or understates; CAPACITY_BELOW_MINIMUM per SKU
 * whose min(declared, proven) (declared when not proven) is under its category minimum.
 * A SKU listed twice in the proof is held to its lower row.
 */
function skuCapacityRules(app: Application, evidence: CapacityEvidence, settings: RuleSettings): Reason[] {
  const floor = settings.confidenceFloor;
  const proven = new Map<string, number>();
  for (const proof of evidence.capacityProofs) {
    for (const row of proof.fields.rows) {
      const { sku, monthlyCapacity } = row.value;
      if (row.confidence < floor || !Number.isFinite(monthlyCapacity)) continue;
      const key = normaliseSku(sku);
      proven.set(key, Math.min(proven.get(key) ?? Number.POSITIVE_INFINITY, monthlyCapacity));
    }
  }
  const files =
    evidence.capacityProofs.length > 0
      ? evidence.capacityProofs.map((p) => p.file)
      : (evidence.capacityProofFiles ?? ['capacity_proof']);
  const minimum = forCategory(settings.capacity.minimumMonthly, app.category);
  const reasons: Reason[] = [];
  for (const sku of app.skus) {
    const declared = sku.monthlyCapacity;
    const proof = proven.get(normaliseSku(sku.sku));
    const field = `skus[${sku.sku}].monthlyCapacity`;
    if (proof === undefined || proof < declared) {
      const vars = { sku: sku.sku, declared, proven: proof ?? null, files };
      reasons.push(reason('CAPACITY_PROOF_MISMATCH', vars, { document: files[0], field }));
    }
    const capacity = proof === undefined ? declared : Math.min(declared, proof);
    if (!(capacity >= minimum)) {
      const vars = { sku: sku.sku, capacity, minimum, category: app.category };
      reasons.push(reason('CAPACITY_BELOW_MINIMUM', vars, { field }));
    }
  }
  return reasons;
}
