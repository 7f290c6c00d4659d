/** Legal representative's ID card (居民身份证): name and ID number. */
import type { IdCardFields } from '../../domain/model';
import { checkedIdNumber } from './checked';
import { fieldOf, findLabelled, type LabelSpec, type TextLine } from './text';

type Key = 'name' | 'idNumber' | 'other';

export const ID_CARD_LABELS: readonly LabelSpec<Key>[] = [
  { key: 'name', labels: ['姓名', 'Name', 'Full Name'] },
  {
    key: 'idNumber',
    labels: [
      '公民身份号码',
      '身份证号码',
      '身份证号',
      '证件号码',
      'ID Number',
      'ID No.',
      'Citizen ID Number',
      'Identity Card Number',
      'ID Card Number',
    ],
  },
  {
    key: 'other',
    labels: [
      '性别',
      '民族',
      '出生',
      '出生日期',
      '住址',
      '签发机关',
      '有效期限',
      'Sex',
      'Gender',
      'Ethnicity',
      'Nationality',
      'Date of Birth',
      'Birth',
      'Address',
      'Issuing Authority',
      'Valid Period',
    ],
  },
];

const ID_SHAPE = /(?<!\d)\d{17}[\dX](?![\dX])/;

export function parseIdCard(lines: readonly TextLine[], file: string): IdCardFields {
  const found = findLabelled(lines, ID_CARD_LABELS);
  const out: IdCardFields = {};
  const name = found.get('name')?.[0];
  if (name) out.name = fieldOf(name, name.value, true, file);
  const id = found.get('idNumber')?.[0];
  if (id) {
    const upper = id.value.toUpperCase();
    const compact = upper.replace(/\s+/g, '');
    const m = ID_SHAPE.exec(upper) ?? ID_SHAPE.exec(compact);
    if (m) out.idNumber = checkedIdNumber(fieldOf(id, m[0], m[0] === compact, file), m[0] === compact);
    else {
      // Not 18 characters. When the value is nothing but ID characters, the text layer shows
      // exactly this malformed number and the rule decides on it (LEGAL_REP_ID_INVALID); with
      // anything else around it, it is a partial read.
      const partial = compact.replace(/[^0-9X]/g, '');
      if (partial) out.idNumber = fieldOf(id, partial, partial === compact, file);
    }
  }
  return out;
}
