/**
 * Step 3, business licence: code, enterprise type, declared code and name, age, business term.
 * Each rule decides only on fields read with confidence; otherwise it flags LICENCE_LOW_CONFIDENCE.
 */
import { type CodeProblem, checkUscc, repairOcrUscc } from '../codes.js';
import { compareIsoDates, yearsBefore } from '../dates.js';
import type { Application, Field, LicenceFields, Reason } from '../model.js';
import { sameName } from '../names.js';
import { type LowConfidenceProblem, reason } from '../reasons.js';
import type { RuleSettings } from '../settings.js';
import type { DocumentFields } from './documents.js';
import { lowConfidence, normaliseCode, readDate, readField } from './fields.js';

/** Enterprises' codes start with 91 (92 is an individual business). */
const ENTERPRISE_PREFIX = '91';
/** Minimum age of the company at the application date, in years (source `003_*`). */
const MINIMUM_AGE_YEARS = 1;

/**
 * What the licence's USCC says:
 * valid; invalid (text layer: decided on); unverified (OCR, still failing after the repair: flagged);
 * unread (absent or below the floor).
 */
export type UsccReading =
  | { status: 'valid'; value: string }
  | { status: 'invalid'; value: string; problem: CodeProblem }
  | { status: 'unverified'; value: string }
  | { status: 'unread'; problem: LowConfidenceProblem; value?: string };

export function readUscc(field: Field<string> | undefined, floor: number): UsccReading {
  const read = readField(field, floor);
  if (!read.ok) return { status: 'unread', ...read };
  const normalised = normaliseCode(read.value);
  const value = read.field.source.method === 'ocr' ? repairOcrUscc(normalised) : normalised;
  const check = checkUscc(value);
  if (check.valid) return { status: 'valid', value };
  return read.field.source.method === 'ocr'
    ? { status: 'unverified', value }
    : { status: 'invalid', value, problem: check.problem };
}

/** The read code when it can be decided on (valid, or exact from a text layer), else null. */
export function trustedUscc(reading: UsccReading): string | null {
  return reading.status === 'valid' || reading.status === 'invalid' ? reading.value : null;
}

export function licenceRules(
  app: Application,
  licence: DocumentFields<'business_licence'>,
  settings: RuleSettings,
): Reason[] {
  const { file, fields } = licence;
  const floor = settings.confidenceFloor;
  const where = (field: keyof LicenceFields) => ({ document: file, field });
  const flag = (field: keyof LicenceFields, unread: { problem: LowConfidenceProblem; value?: string }) =>
    lowConfidence('LICENCE_LOW_CONFIDENCE', 'business_licence', file, field, unread);
  const reasons: Reason[] = [];

  const uscc = readUscc(fields.uscc, floor);
  if (uscc.status === 'unread') reasons.push(flag('uscc', uscc));
  if (uscc.status === 'unverified')
    reasons.push(flag('uscc', { problem: 'check_failed', value: uscc.value }));
  if (uscc.status === 'invalid') {
    reasons.push(
      reason('LICENCE_USCC_INVALID', { file, value: uscc.value, problem: uscc.problem }, where('uscc')),
    );
  }
  const code = trustedUscc(uscc);
  if (code !== null && !code.startsWith(ENTERPRISE_PREFIX)) {
    reasons.push(reason('LICENCE_NOT_ENTERPRISE', { file, value: code }, where('uscc')));
  }
  const declared = normaliseCode(app.seller.uscc);
  if (code !== null && code !== declared) {
    reasons.push(reason('LICENCE_MISMATCH', { file, read: code, declared: app.seller.uscc }, where('uscc')));
  }

  const name = readField(fields.companyName, floor);
  if (!name.ok) reasons.push(flag('companyName', name));
  else if (!sameName(name.value, app.seller.companyName)) {
    reasons.push(
      reason(
        'LICENCE_NAME_MISMATCH',
        { file, read: name.value, declared: app.seller.companyName },
        where('companyName'),
      ),
    );
  }

  const established = readDate(fields.establishedOn, floor);
  if (!established.ok) reasons.push(flag('establishedOn', established));
  else {
    const latestAllowed = yearsBefore(app.applicationDate, MINIMUM_AGE_YEARS);
    if (compareIsoDates(established.value, latestAllowed) > 0) {
      const vars = {
        file,
        establishedOn: established.value,
        latestAllowed,
        applicationDate: app.applicationDate,
      };
      reasons.push(reason('LICENCE_TOO_YOUNG', vars, where('establishedOn')));
    }
  }

  reasons.push(...businessTermRules(app, file, fields.validUntil, floor));
  return reasons;
}

/** LICENCE_EXPIRED: the term ended before the application date; null (长期) never ends. */
function businessTermRules(
  app: Application,
  file: string,
  validUntil: Field<string | null> | undefined,
  floor: number,
): Reason[] {
  const term = readField(validUntil, floor);
  if (!term.ok)
    return [lowConfidence('LICENCE_LOW_CONFIDENCE', 'business_licence', file, 'validUntil', term)];
  if (term.value === null) return [];
  const until = readDate({ ...term.field, value: term.value }, floor);
  if (!until.ok)
    return [lowConfidence('LICENCE_LOW_CONFIDENCE', 'business_licence', file, 'validUntil', until)];
  if (compareIsoDates(until.value, app.applicationDate) >= 0) return [];
  return [
    reason(
      'LICENCE_EXPIRED',
      { file, validUntil: until.value, applicationDate: app.applicationDate },
      { document: file, field: 'validUntil' },
    ),
  ];
}

/** `extracted.licence` of the output: the values read (OCR codes after the repair), or null. */
export interface LicenceSummary {
  companyName: string | null;
  uscc: string | null;
  legalRepresentative: string | null;
  establishedOn: string | null;
  /** null for 长期 (no end), and when not read. */
  validUntil: string | null;
  /** Integer yuan. */
  registeredCapital: number | null;
}

export function summariseLicence(fields: LicenceFields): LicenceSummary {
  const uscc = fields.uscc;
  return {
    companyName: fields.companyName?.value ?? null,
    uscc: uscc
      ? uscc.source.method === 'ocr'
        ? repairOcrUscc(normaliseCode(uscc.value))
        : normaliseCode(uscc.value)
      : null,
    legalRepresentative: fields.legalRepresentative?.value ?? null,
    establishedOn: fields.establishedOn?.value ?? null,
    validUntil: fields.validUntil?.value ?? null,
    registeredCapital: fields.registeredCapital?.value ?? null,
  };
}
