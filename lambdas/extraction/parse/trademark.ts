/**
 * Trademark registration certificate (商标注册证) or brand authorization (授权书): registrant,
 * authorized party (authorization only), registration number, valid until.
 */
import type { TrademarkFields } from '../../domain/model';
import { field, fieldOf, findLabelled, type LabelSpec, segmentSpans, type TextLine } from './text';
import { parseDate, parseTermEnd } from './values';

type Key =
  | 'registrant'
  | 'authorizedParty'
  | 'authorizer'
  | 'registrationNumber'
  | 'validUntil'
  | 'term'
  | 'other';

export const TRADEMARK_LABELS: readonly LabelSpec<Key>[] = [
  {
    key: 'registrant',
    labels: [
      '注册人',
      '商标注册人',
      '商标所有人',
      '商标权人',
      '授权方(商标注册人)',
      '授权人(商标注册人)',
      '授权方(商标所有人)',
      'Registrant',
      'Trademark Owner',
      'Owner',
      'Licensor (Registrant)',
      'Licensor (Trademark Owner)',
    ],
  },
  {
    key: 'authorizedParty',
    labels: [
      '被授权方',
      '被授权人',
      '被授权单位',
      '被授权公司',
      'Authorized Party',
      'Authorised Party',
      'Licensee',
    ],
  },
  {
    key: 'authorizer',
    labels: ['授权方', '授权人', '授权单位', 'Authorizer', 'Authoriser', 'Licensor', 'Grantor'],
  },
  {
    key: 'registrationNumber',
    labels: [
      '注册号',
      '商标注册号',
      '注册证号',
      'Registration No.',
      'Registration Number',
      'Reg. No.',
      'Trademark Registration No.',
      'Trademark No.',
    ],
  },
  {
    key: 'validUntil',
    labels: [
      '有效期至',
      '授权期限至',
      '有效期截止',
      'Valid Until',
      'Valid Till',
      'Expiry Date',
      'Expires On',
    ],
  },
  {
    key: 'term',
    labels: [
      '注册有效期限',
      '有效期限',
      '授权期限',
      '有效期',
      'Period of Validity',
      'Validity Period',
      'Term',
    ],
  },
  {
    key: 'other',
    labels: [
      '核定使用商品',
      '类别',
      '核定使用商品/服务项目',
      '注册日期',
      '地址',
      'Class',
      'Goods',
      'Address',
      'Date',
    ],
  },
];

const REG_NO = /(?<![0-9A-Z])[0-9A-Z]{5,12}(?![0-9A-Z])/;
const UNDER_TITLE = /^第\s*([0-9A-Za-z]{5,12})\s*号$/;

export function parseTrademark(lines: readonly TextLine[], file: string): TrademarkFields {
  const found = findLabelled(lines, TRADEMARK_LABELS);
  const first = (k: Key) => found.get(k)?.[0];
  const out: TrademarkFields = {};

  // An authorization is granted by the trademark's owner: without a registrant label, the grantor.
  const registrant = first('registrant') ?? first('authorizer');
  if (registrant) out.registrant = fieldOf(registrant, registrant.value, true, file);

  const party = first('authorizedParty');
  if (party) out.authorizedParty = fieldOf(party, party.value, true, file);

  const reg = first('registrationNumber');
  if (reg) {
    const compact = reg.value
      .toUpperCase()
      .replace(/^(?:NO\.?|第)\s*/, '')
      .replace(/号$/, '')
      .replace(/\s+/g, '');
    const m = REG_NO.exec(compact);
    if (m) out.registrationNumber = fieldOf(reg, m[0], m[0] === compact, file);
  } else {
    // The certificate prints its number under the title, unlabelled: `第 12345678 号`.
    for (const at of lines) {
      // Per cell: a photo's margin can put a stray mark before it, apart by a wide gap.
      const cell = segmentSpans(at.text).find((c) => UNDER_TITLE.test(c.text));
      const m = cell && UNDER_TITLE.exec(cell.text);
      if (cell && m) {
        out.registrationNumber = field((m[1] as string).toUpperCase(), true, file, at, cell.span);
        break;
      }
    }
  }

  const until = first('validUntil');
  const term = first('term');
  if (until) {
    const parsed = parseDate(until.value);
    if (parsed) out.validUntil = fieldOf(until, parsed.value, parsed.clean, file);
  } else if (term) {
    const parsed = parseTermEnd(term.value);
    // A trademark always has an end date; a term with none is not read.
    if (parsed && parsed.value !== null) out.validUntil = fieldOf(term, parsed.value, parsed.clean, file);
  }
  return out;
}
