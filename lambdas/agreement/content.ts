/**
 * What the agreement says, in Chinese and English: the parties, the clauses and the fee schedule
 * appendix (SPEC "Fee schedule and settlement"). Pure: everything comes from the issue record, so
 * the same record always gives the same document.
 */
import { chinaDateOf } from '../domain/calendar.js';
import { type BoundFeeSchedule, formatPercent } from '../domain/fees.js';
import { CATEGORY_LABELS } from '../domain/labels.js';
import type { Category, Message, Seller } from '../domain/model.js';
import type { PerCategory } from '../domain/settings.js';

export interface AgreementInput {
  applicationId: string;
  round: number;
  /** ISO instants: the issue time fixes the PDF's dates too. */
  issuedAt: string;
  deadline: string;
  seller: Pick<Seller, 'companyName' | 'uscc' | 'legalRepresentative'>;
  feeSchedule: BoundFeeSchedule;
  /** The schedule version's fulfilment rates, for the by-category table of the appendix. */
  fulfilmentRates: PerCategory<string>;
}

export interface AgreementContent {
  title: Message;
  number: string;
  facts: [Message, string][];
  clauses: Message[];
  appendixTitle: Message;
  fees: [Message, string, Message][];
  byCategory: [Message, string][];
}

/** The instant as China time, `2026-12-04 09:00 (UTC+8)`. */
function chinaTime(iso: string): string {
  const shifted = new Date(Date.parse(iso) + 8 * 3_600_000).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 16)} (UTC+8)`;
}

function both(m: Message): string {
  return `${m.zh} ${m.en}`;
}

function fulfilmentRows(rates: PerCategory<string>): [Message, string][] {
  const listed = Object.entries(rates.byCategory) as [Category, string][];
  return [
    ...listed.map(([c, r]): [Message, string] => [CATEGORY_LABELS[c], formatPercent(r)]),
    [{ zh: '其他类目', en: 'other categories' }, formatPercent(rates.default)],
  ];
}

export function agreementContent(input: AgreementInput): AgreementContent {
  const fs = input.feeSchedule;
  const category = CATEGORY_LABELS[fs.category];
  const term = fs.settlementTermDays;
  const extended = fs.extendedSettlementTermDays;
  const after = fs.extendedAfterViolations;
  return {
    title: { zh: '全托管服务协议', en: 'Fully-Managed Program Service Agreement' },
    number: `${input.applicationId}-${input.round}`,
    facts: [
      [{ zh: '协议编号', en: 'Agreement No.' }, `${input.applicationId}-${input.round}`],
      [{ zh: '签发日期', en: 'Issued on' }, chinaDateOf(input.issuedAt)],
      [{ zh: '签署截止', en: 'Sign by' }, chinaTime(input.deadline)],
      [
        { zh: '甲方（平台）', en: 'Platform' },
        '全托管计划平台运营方 / the operator of the fully-managed program',
      ],
      [{ zh: '乙方（商家）', en: 'Seller' }, input.seller.companyName],
      [{ zh: '统一社会信用代码', en: 'USCC' }, input.seller.uscc],
      [{ zh: '法定代表人', en: 'Legal representative' }, input.seller.legalRepresentative ?? '—'],
      [{ zh: '经营类目', en: 'Category' }, both(category)],
      [
        { zh: '费用表版本', en: 'Fee schedule version' },
        `${fs.version}（${fs.effectiveFrom} 起生效 / effective from ${fs.effectiveFrom}; rules ${fs.rulesVersion}）`,
      ],
    ],
    clauses: [
      {
        zh: '一、合作内容：乙方向平台供货；平台负责店铺运营、跨境物流、仓储配送与售后服务（全托管）。',
        en: '1. Scope: the seller supplies the goods; the platform runs the store, cross-border logistics, warehousing, delivery and after-sales service (fully managed).',
      },
      {
        zh: '二、费用：乙方按附件一《费用表》支付基础佣金、履约服务费及所选增值服务费用。平台不收取保证金，不收取年费。',
        en: '2. Fees: the seller pays the base commission, the fulfilment service fee and the value-added services it chooses, as set out in Appendix 1 (Fee schedule). There is no deposit and no annual fee.',
      },
      {
        zh: `三、结算：每笔订单于交易日后第 ${term} 个自然日结算（T+${term}）。乙方入驻后违规记录累计达到 ${after} 次的，账期改为 ${extended} 天（T+${extended}）。金额以最小货币单位（分）计，每行费用按四舍六入五成双取整，合计为各行之和。`,
        en: `3. Settlement: each order settles ${term} calendar days after its transaction date (T+${term}). Once the seller reaches ${after} violations after admission, the term becomes ${extended} days (T+${extended}). Amounts are kept in minor units (fen/cents); each line's fee is rounded half to even and totals are the sums of the lines.`,
      },
      {
        zh: '四、费用表版本：本协议适用签发当日生效的费用表版本（见上）；平台此后发布的新版本仅适用于其后签发的协议。',
        en: '4. Fee schedule version: this agreement carries the fee schedule version in force on its issue day (above); a version published later applies only to agreements issued after it.',
      },
      {
        zh: '五、签署：乙方须于签署截止时间前签署；拒绝签署或逾期未签署的，本次入驻申请终止。签署记录签署人、签署时间及本文件的 SHA-256 摘要；已签署的文件不可更改。',
        en: '5. Signing: the seller signs before the deadline above; a refusal or no signature in time ends this application. The signature records the signer, the time and the SHA-256 digest of this file; a signed file is never changed.',
      },
      {
        zh: '六、语言：本协议以中文和英文书就，两种文本如有不一致，以中文文本为准。',
        en: '6. Language: this agreement is written in Chinese and English; where they differ, the Chinese text prevails.',
      },
    ],
    appendixTitle: { zh: '附件一：费用表', en: 'Appendix 1: Fee schedule' },
    fees: [
      [
        { zh: '基础佣金', en: 'Base commission' },
        formatPercent(fs.commissionRate),
        { zh: '按交易额计', en: 'of the transaction amount' },
      ],
      [
        { zh: `履约服务费（${category.zh}）`, en: `Fulfilment service fee (${category.en})` },
        formatPercent(fs.fulfilmentRate),
        {
          zh: '按交易额计，含头程运输、海外仓、尾程配送及退货',
          en: 'of the transaction amount; covers first-leg freight, overseas warehouse, last mile and returns',
        },
      ],
      [
        { zh: '增值服务', en: 'Value-added services' },
        '按效果计费 / per result',
        { zh: '广告、多语言商品信息优化等', en: 'ads, multilingual listing optimisation and the like' },
      ],
      [{ zh: '保证金', en: 'Deposit' }, '无 / none', { zh: '', en: '' }],
      [{ zh: '年费', en: 'Annual fee' }, '无 / none', { zh: '', en: '' }],
      [
        { zh: '结算账期', en: 'Settlement term' },
        `T+${term}`,
        {
          zh: `入驻后违规累计 ${after} 次起为 T+${extended}`,
          en: `T+${extended} once the seller reaches ${after} violations after admission`,
        },
      ],
    ],
    byCategory: fulfilmentRows(input.fulfilmentRates),
  };
}
