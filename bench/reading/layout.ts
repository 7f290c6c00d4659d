/**
 * Which layout a corpus document is in, told from the lines read from it (the corpus index names
 * type and form, not layout): only for grouping the report, never used by the readers.
 */
import type { DocumentType } from '../../lambdas/domain/model';
import type { TextLine } from '../../lambdas/extraction/parse/text';

const has = (lines: readonly TextLine[], re: RegExp) => lines.some((l) => re.test(l.text));

export function layoutOf(type: DocumentType, lines: readonly TextLine[], pages: number): string {
  const first = lines[0]?.pageSize;
  const landscape = first ? first.width > first.height : false;
  switch (type) {
    case 'business_licence':
      if (has(lines, /Social Credit|Business Licen[cs]e|Legal Rep/i)) return 'en translation';
      return landscape ? '2019 副本 (landscape)' : 'earlier 副本 (portrait)';
    case 'legal_rep_id':
      return has(lines, /ID Number|Translation|Name\s*:/i) ? 'en translation' : 'card copy';
    case 'trademark':
      if (has(lines, /授权/)) return 'authorisation (zh)';
      if (has(lines, /Authori[sz]|Licen[cs]/i)) return 'authorisation (en)';
      return has(lines, /Registrant|Certificate/i) ? 'certificate (en)' : 'certificate (zh)';
    case 'bank_statement':
      if (has(lines, /Debit|Credit/i)) return 'en debit/credit';
      return has(lines, /(收入|贷方)(金额|发生额)?\s+(支出|借方)/) ? 'zh in/out columns' : 'zh one amount';
    case 'electricity_bill':
      if (has(lines, /Billing Period/i)) return 'en months as columns';
      if (has(lines, /(账期|计费月份).*用电量/)) return 'month table';
      return pages > 1 ? 'one month per page' : 'one month per file';
    case 'capacity_proof':
      if (has(lines, /Annual/i)) return 'en certificate';
      return has(lines, /Monthly Capacity/i) ? 'plain table (en)' : 'plain table (zh)';
    default:
      return '-';
  }
}
