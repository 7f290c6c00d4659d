/**
 * Consistency: the trademark is current and held by (or authorized to) the company, and the bank
 * and electricity accounts are in its name. "The company" is the name read from the licence,
 * never the declared one (SPEC). Unreadable trademark fields flag LICENCE_LOW_CONFIDENCE (the
 * qualification package's low-confidence code); an unreadable account name flags
 * ACCOUNT_NAME_MISMATCH itself, saying it could not be read.
 */
import { compareIsoDates } from '../dates.js';
import type { Application, Reason } from '../model.js';
import { sameName } from '../names.js';
import { reason } from '../reasons.js';
import type { RuleSettings } from '../settings.js';
import type { DocumentFields } from './documents.js';
import { lowConfidence, readDate, readField } from './fields.js';

export interface ConsistencyDocuments {
  licence: DocumentFields<'business_licence'>;
  trademarks: DocumentFields<'trademark'>[];
  bankStatements: DocumentFields<'bank_statement'>[];
  electricityBills: DocumentFields<'electricity_bill'>[];
}

export function consistencyRules(
  app: Application,
  docs: ConsistencyDocuments,
  settings: RuleSettings,
): Reason[] {
  const floor = settings.confidenceFloor;
  const reasons: Reason[] = [];
  const company = readField(docs.licence.fields.companyName, floor);
  if (!company.ok) {
    // Nothing to compare with: the reviewer reads the names from the files.
    reasons.push(
      lowConfidence('LICENCE_LOW_CONFIDENCE', 'business_licence', docs.licence.file, 'companyName', company),
    );
  }
  const companyName = company.ok ? company.value : null;

  for (const tm of docs.trademarks) {
    const until = readDate(tm.fields.validUntil, floor);
    if (!until.ok)
      reasons.push(lowConfidence('LICENCE_LOW_CONFIDENCE', 'trademark', tm.file, 'validUntil', until));
    else if (compareIsoDates(until.value, app.applicationDate) < 0) {
      const vars = { file: tm.file, validUntil: until.value, applicationDate: app.applicationDate };
      reasons.push(reason('TRADEMARK_EXPIRED', vars, { document: tm.file, field: 'validUntil' }));
    }

    // A brand authorization names the authorized party; a registration certificate, the registrant.
    const role = tm.fields.authorizedParty ? 'authorized_party' : 'registrant';
    const fieldName = role === 'authorized_party' ? 'authorizedParty' : 'registrant';
    const holder = readField(tm.fields[fieldName], floor);
    if (!holder.ok)
      reasons.push(lowConfidence('LICENCE_LOW_CONFIDENCE', 'trademark', tm.file, fieldName, holder));
    else if (companyName !== null && !sameName(holder.value, companyName)) {
      const vars = { file: tm.file, holder: holder.value, role, companyName } as const;
      reasons.push(reason('TRADEMARK_HOLDER_MISMATCH', vars, { document: tm.file, field: fieldName }));
    }
  }

  if (companyName === null) return reasons;
  const accounts = [
    ...docs.bankStatements.map((d) => ({ ...d, documentType: 'bank_statement' as const })),
    ...docs.electricityBills.map((d) => ({ ...d, documentType: 'electricity_bill' as const })),
  ];
  for (const doc of accounts) {
    const account = readField(doc.fields.accountName, floor);
    if (account.ok && sameName(account.value, companyName)) continue;
    const vars = {
      documentType: doc.documentType,
      file: doc.file,
      accountName: account.ok ? account.value : null,
      companyName,
    };
    reasons.push(reason('ACCOUNT_NAME_MISMATCH', vars, { document: doc.file, field: 'accountName' }));
  }
  return reasons;
}
