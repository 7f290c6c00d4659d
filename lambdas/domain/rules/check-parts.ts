/**
 * The checks of steps 3–6 split into the four concerns the state machine runs side by side
 * (RunChecks branches), and their merge into one result. Every rule still runs on its own and
 * every match is reported together.
 */
import type { Application, Extraction, Reason } from '../model.js';
import { uniqueReasons } from '../reasons.js';
import { DEFAULT_INTEGRITY_SETTINGS, type RuleSettings } from '../settings.js';
import { attributeRules } from './attributes.js';
import { capacityRules } from './capacity.js';
import { consistencyRules } from './consistency.js';
import { type DocumentFields, declaredFile, declaredFiles, readDocuments } from './documents.js';
import { identityRules } from './identity.js';
import { type Fingerprint, type IntegrityEvidence, integrityRules } from './integrity.js';
import { type LicenceSummary, licenceRules, readUscc, summariseLicence, trustedUscc } from './licence.js';
import { un38_3Rules } from './samples.js';
import { type Violation, violationRules } from './violations.js';

export type CheckPart = 'licence' | 'violations' | 'capacity' | 'attributes' | 'integrity';

/** In the order the SPEC's rule table lists their rules. */
export const CHECK_PARTS: readonly CheckPart[] = [
  'licence',
  'violations',
  'capacity',
  'attributes',
  'integrity',
];

export interface CheckPartInput {
  app: Application;
  extractions: Extraction[];
  violations: Violation[];
  settings: RuleSettings;
  /** Earlier applications' fingerprints under this application's keys (none: nothing is reused). */
  fingerprints?: Fingerprint[];
  /** This application's place in the confirmation order (absent: after every recorded one). */
  seq?: number;
}

/** The integrity evidence the decision keeps (the reviewer's outline), with the settings' version. */
export interface IntegritySummary {
  version: string;
  evidence: IntegrityEvidence[];
  /** What reuse was decided on (a replay gives them back): the index's answer and this place. */
  fingerprints: Fingerprint[];
  seq: number | null;
}

export interface CapacitySummary {
  score: number;
  ratio: string | null;
  electricityMonths: string[];
  bankMonths: string[];
}

export interface CheckPartResult {
  part: CheckPart;
  reasons: Reason[];
  licence?: LicenceSummary;
  capacity?: CapacitySummary;
  integrity?: IntegritySummary;
}

function licenceOf(input: Pick<CheckPartInput, 'app' | 'extractions'>): DocumentFields<'business_licence'> {
  // Not read at all (intake rejects that, but a rule must not crash): every field flags as unread.
  return (
    readDocuments(input.extractions, 'business_licence')[0] ?? {
      file: declaredFile(input.app, 'business_licence'),
      fields: {},
    }
  );
}

/** The USCC read from the licence, when it can be decided on (violations are also kept under it). */
export function readLicenceUscc(
  input: Pick<CheckPartInput, 'app' | 'extractions' | 'settings'>,
): string | null {
  return trustedUscc(readUscc(licenceOf(input).fields.uscc, input.settings.confidenceFloor));
}

export function evaluateCheckPart(part: CheckPart, input: CheckPartInput): CheckPartResult {
  const { app, extractions, settings } = input;
  const licence = licenceOf(input);
  switch (part) {
    case 'licence': {
      const id = readDocuments(extractions, 'legal_rep_id')[0] ?? {
        file: declaredFile(app, 'legal_rep_id'),
        fields: {},
      };
      const reasons = [
        ...licenceRules(app, licence, settings),
        ...identityRules(id, licence, settings),
        ...consistencyRules(
          app,
          {
            licence,
            trademarks: readDocuments(extractions, 'trademark'),
            bankStatements: readDocuments(extractions, 'bank_statement'),
            electricityBills: readDocuments(extractions, 'electricity_bill'),
          },
          settings,
        ),
      ];
      return { part, reasons, licence: summariseLicence(licence.fields) };
    }
    case 'violations': {
      return { part, reasons: violationRules(app, input.violations, settings, readLicenceUscc(input)) };
    }
    case 'capacity': {
      const result = capacityRules(
        app,
        {
          bankStatements: readDocuments(extractions, 'bank_statement'),
          electricityBills: readDocuments(extractions, 'electricity_bill'),
          capacityProofs: readDocuments(extractions, 'capacity_proof'),
          capacityProofFiles: declaredFiles(app, 'capacity_proof'),
        },
        settings,
      );
      return {
        part,
        reasons: result.reasons,
        capacity: {
          score: result.score,
          ratio: result.ratio,
          electricityMonths: result.electricityMonths,
          bankMonths: result.bankMonths,
        },
      };
    }
    case 'attributes':
      return { part, reasons: [...attributeRules(app), ...un38_3Rules(app)] };
    case 'integrity': {
      const integrity = settings.integrity ?? DEFAULT_INTEGRITY_SETTINGS;
      const result = integrityRules(
        {
          applicationId: app.applicationId,
          uscc: app.seller.uscc,
          extractions,
          fingerprints: input.fingerprints ?? [],
          seq: input.seq ?? Number.POSITIVE_INFINITY,
        },
        integrity,
      );
      return {
        part,
        reasons: result.reasons,
        integrity: {
          version: integrity.version,
          evidence: result.evidence,
          fingerprints: input.fingerprints ?? [],
          seq: input.seq ?? null,
        },
      };
    }
  }
}

export interface MergedChecks {
  reasons: Reason[];
  licence: LicenceSummary | null;
  capacity: CapacitySummary | null;
  integrity: IntegritySummary | null;
}

export function mergeCheckParts(parts: CheckPartResult[]): MergedChecks {
  return {
    // The licence and consistency rules may both flag the licence's unreadable company name.
    reasons: uniqueReasons(parts.flatMap((p) => p.reasons)),
    licence: parts.find((p) => p.licence)?.licence ?? null,
    capacity: parts.find((p) => p.capacity)?.capacity ?? null,
    integrity: parts.find((p) => p.integrity)?.integrity ?? null,
  };
}
