/** Business licence (营业执照): name, USCC, type, legal representative, capital, dates, term. */
import type { LicenceFields } from '../../domain/model';
import { checkedUscc } from './checked';
import { field, fieldOf, findLabelled, type LabelSpec, type TextLine } from './text';
import { parseCapitalYuan, parseDate, parseTermEnd } from './values';

type Key =
  | 'companyName'
  | 'uscc'
  | 'enterpriseType'
  | 'legalRepresentative'
  | 'registeredCapital'
  | 'establishedOn'
  | 'businessTerm'
  | 'other';

export const LICENCE_LABELS: readonly LabelSpec<Key>[] = [
  { key: 'companyName', labels: ['名称', '企业名称', '公司名称', 'Name', 'Company Name', 'Enterprise Name'] },
  { key: 'uscc', labels: ['统一社会信用代码', 'Unified Social Credit Code', 'USCC'] },
  {
    key: 'enterpriseType',
    labels: [
      '类型',
      '企业类型',
      '主体类型',
      '公司类型',
      'Type',
      'Enterprise Type',
      'Company Type',
      'Entity Type',
    ],
  },
  {
    key: 'legalRepresentative',
    labels: ['法定代表人', '经营者', '负责人', '执行事务合伙人', 'Legal Representative', 'Legal Rep.'],
  },
  { key: 'registeredCapital', labels: ['注册资本', '出资额', '注册资金', 'Registered Capital'] },
  {
    key: 'establishedOn',
    labels: [
      '成立日期',
      '注册日期',
      '成立时间',
      'Date of Establishment',
      'Establishment Date',
      'Established On',
      'Date of Incorporation',
    ],
  },
  {
    key: 'businessTerm',
    labels: [
      '营业期限',
      '经营期限',
      '营业期限自',
      'Business Term',
      'Term of Operation',
      'Operating Period',
      'Valid Until',
    ],
  },
  // Labels read only so that they end the value before them.
  {
    key: 'other',
    labels: [
      '住所',
      '经营场所',
      '主要经营场所',
      '经营范围',
      '登记机关',
      '发照日期',
      '核准日期',
      '注册号',
      '组成形式',
      'Address',
      'Domicile',
      'Business Scope',
      'Registration Authority',
      'Date of Issue',
      'Issue Date',
    ],
  },
];

const USCC_SHAPE = /(?<![0-9A-Z])[0-9A-Z]{18}(?![0-9A-Z])/;

export function parseLicence(lines: readonly TextLine[], file: string): LicenceFields {
  const found = findLabelled(lines, LICENCE_LABELS);
  const first = (k: Key) => found.get(k)?.[0];
  const out: LicenceFields = {};

  const name = first('companyName');
  if (name) out.companyName = fieldOf(name, name.value, true, file);

  const uscc = first('uscc');
  if (uscc) {
    const compact = uscc.value.toUpperCase().replace(/\s+/g, '');
    const m = USCC_SHAPE.exec(uscc.value.toUpperCase()) ?? USCC_SHAPE.exec(compact);
    if (m) {
      // The code standing alone as a word is read cleanly, whatever a scan left beside it (a mark
      // of the QR code, a stray digit apart); its confidence is that of its own characters.
      const alone = uscc.value.toUpperCase().split(/\s+/).includes(m[0]);
      const clean = m[0] === compact || alone;
      const at = uscc.at.text.toUpperCase().indexOf(m[0], uscc.span[0]);
      const read =
        at >= 0
          ? field(m[0], clean, file, uscc.at, [at, at + m[0].length])
          : fieldOf(uscc, m[0], clean, file);
      out.uscc = checkedUscc(read, clean);
    } else {
      // Not 18 characters. When the value is nothing but code characters, the text layer shows
      // exactly this malformed code and the rule decides on it (LICENCE_USCC_INVALID); with
      // anything else around it, it is a partial read.
      const partial = compact.replace(/[^0-9A-Z]/g, '');
      if (partial) out.uscc = fieldOf(uscc, partial, partial === compact, file);
    }
  }

  const type = first('enterpriseType');
  if (type) out.enterpriseType = fieldOf(type, type.value, true, file);

  const rep = first('legalRepresentative');
  if (rep) out.legalRepresentative = fieldOf(rep, rep.value, true, file);

  const capital = first('registeredCapital');
  if (capital) {
    const parsed = parseCapitalYuan(capital.value);
    if (parsed) out.registeredCapital = fieldOf(capital, parsed.value, parsed.clean, file);
  }

  const established = first('establishedOn');
  if (established) {
    const parsed = parseDate(established.value);
    if (parsed) out.establishedOn = fieldOf(established, parsed.value, parsed.clean, file);
  }

  const term = first('businessTerm');
  if (term) {
    const parsed = parseTermEnd(term.value);
    if (parsed) out.validUntil = fieldOf(term, parsed.value, parsed.clean, file);
  }
  return out;
}
