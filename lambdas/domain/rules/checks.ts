/**
 * Steps 3–6 with the consistency rules and the UN38.3 check: every rule runs on its own and every
 * match is reported, flags included, even when another rule rejects (SPEC "Rules and reason codes").
 * Intake has passed before this runs.
 */
import type { Application, Extraction, Reason } from '../model.js';
import { uniqueReasons } from '../reasons.js';
import type { RuleSettings } from '../settings.js';
import { attributeRules } from './attributes.js';
import { capacityRules } from './capacity.js';
import { consistencyRules } from './consistency.js';
import { type DocumentFields, declaredFile, declaredFiles, readDocuments } from './documents.js';
import { identityRules } from './identity.js';
import { type LicenceSummary, licenceRules, readUscc, summariseLicence, trustedUscc } from './licence.js';
import { un38_3Rules } from './samples.js';
import { type Violation, violationRules } from './violations.js';

export interface ChecksInput {
  app: Application;
  extractions: Extraction[];
  violations: Violation[];
  settings: RuleSettings;
}

export interface ChecksResult {
  reasons: Reason[];
  capacity: { score: number; ratio: string | null; electricityMonths: string[]; bankMonths: string[] };
  licence: LicenceSummary;
}

export function evaluateChecks({ app, extractions, violations, settings }: ChecksInput): ChecksResult {
  const licenceRead = readDocuments(extractions, 'business_licence')[0];
  const idRead = readDocuments(extractions, 'legal_rep_id')[0];
  // Not read at all (intake rejects that, but a rule must not crash): every field flags as unread.
  const licence: DocumentFields<'business_licence'> = licenceRead ?? {
    file: declaredFile(app, 'business_licence'),
    fields: {},
  };
  const id: DocumentFields<'legal_rep_id'> = idRead ?? {
    file: declaredFile(app, 'legal_rep_id'),
    fields: {},
  };
  const trademarks = readDocuments(extractions, 'trademark');
  const bankStatements = readDocuments(extractions, 'bank_statement');
  const electricityBills = readDocuments(extractions, 'electricity_bill');
  const capacityProofs = readDocuments(extractions, 'capacity_proof');
  const readCode = trustedUscc(readUscc(licence.fields.uscc, settings.confidenceFloor));

  const capacity = capacityRules(
    app,
    {
      bankStatements,
      electricityBills,
      capacityProofs,
      capacityProofFiles: declaredFiles(app, 'capacity_proof'),
    },
    settings,
  );
  const reasons = [
    ...licenceRules(app, licence, settings),
    ...identityRules(id, licence, settings),
    ...consistencyRules(app, { licence, trademarks, bankStatements, electricityBills }, settings),
    ...violationRules(app, violations, settings, readCode),
    ...capacity.reasons,
    ...attributeRules(app),
    ...un38_3Rules(app),
  ];
  return {
    // The licence and consistency rules may both flag the licence's unreadable company name.
    reasons: uniqueReasons(reasons),
    capacity: {
      score: capacity.score,
      ratio: capacity.ratio,
      electricityMonths: capacity.electricityMonths,
      bankMonths: capacity.bankMonths,
    },
    licence: summariseLicence(licence.fields),
  };
}
