/**
 * Step 3, legal representative: the ID number's check digit (GB 11643) and the name on the ID
 * against the licence's legal representative. Fields read without confidence, and OCR-read ID
 * numbers that fail their check digit, flag LEGAL_REP_LOW_CONFIDENCE instead of deciding.
 */
import { checkIdNumber } from '../codes.js';
import type { Reason } from '../model.js';
import { sameName } from '../names.js';
import { reason } from '../reasons.js';
import type { RuleSettings } from '../settings.js';
import type { DocumentFields } from './documents.js';
import { lowConfidence, normaliseCode, readField } from './fields.js';

export function identityRules(
  id: DocumentFields<'legal_rep_id'>,
  licence: DocumentFields<'business_licence'>,
  settings: RuleSettings,
): Reason[] {
  const floor = settings.confidenceFloor;
  const reasons: Reason[] = [];

  const idNumber = readField(id.fields.idNumber, floor);
  if (!idNumber.ok) {
    reasons.push(lowConfidence('LEGAL_REP_LOW_CONFIDENCE', 'legal_rep_id', id.file, 'idNumber', idNumber));
  } else {
    const value = normaliseCode(idNumber.value);
    const check = checkIdNumber(value);
    if (!check.valid && idNumber.field.source.method === 'ocr') {
      const unread = { problem: 'check_failed' as const, value };
      reasons.push(lowConfidence('LEGAL_REP_LOW_CONFIDENCE', 'legal_rep_id', id.file, 'idNumber', unread));
    } else if (!check.valid) {
      const vars = { file: id.file, value, problem: check.problem };
      reasons.push(reason('LEGAL_REP_ID_INVALID', vars, { document: id.file, field: 'idNumber' }));
    }
  }

  const idName = readField(id.fields.name, floor);
  const licenceName = readField(licence.fields.legalRepresentative, floor);
  if (!idName.ok)
    reasons.push(lowConfidence('LEGAL_REP_LOW_CONFIDENCE', 'legal_rep_id', id.file, 'name', idName));
  if (!licenceName.ok) {
    const file = licence.file;
    reasons.push(
      lowConfidence('LEGAL_REP_LOW_CONFIDENCE', 'business_licence', file, 'legalRepresentative', licenceName),
    );
  }
  if (idName.ok && licenceName.ok && !sameName(idName.value, licenceName.value)) {
    const vars = {
      idFile: id.file,
      idName: idName.value,
      licenceFile: licence.file,
      licenceName: licenceName.value,
    };
    reasons.push(reason('LEGAL_REP_MISMATCH', vars, { document: id.file, field: 'name' }));
  }
  return reasons;
}
