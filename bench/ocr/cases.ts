/**
 * The benchmark's documents: for each type, varied data drawn from a seed (Chinese and English
 * labels, layouts, date styles, values near the rules' limits, declarations that differ), the
 * text-layer PDF it is drawn from, the true value of each field, and the rules that decide on it.
 *
 * Names are drawn from characters common in Chinese enterprise and personal names, rare-looking
 * ones included where they are common in real names (鑫, 磊, 淼, 焱, 晟).
 */
import defaultRules from '../../config/rules.default.json' with { type: 'json' };
import { idCheckDigit, makeUscc } from '../../lambdas/domain/codes';
import type { Application, DocumentType, Extraction, Reason } from '../../lambdas/domain/model';
import { capacityRules } from '../../lambdas/domain/rules/capacity';
import { consistencyRules } from '../../lambdas/domain/rules/consistency';
import { identityRules } from '../../lambdas/domain/rules/identity';
import { licenceRules } from '../../lambdas/domain/rules/licence';
import { forCategory, parseRuleSettings } from '../../lambdas/domain/settings';
import {
  addYears,
  bankStatementPdf,
  type DateStyle,
  electricityBillPdf,
  idCardPdf,
  licencePdf,
  type MonthStyle,
  type Rng,
  trademarkPdf,
} from '../../test/support/docgen/index';

export const APPLICATION_DATE = '2026-11-20';
export const settings = parseRuleSettings(defaultRules);
/** The 6 full months before the application month. */
const WINDOW = ['2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10'];

export type DocKind = 'licence' | 'id' | 'trademark' | 'bank' | 'electricity';
export const DOC_KINDS: DocKind[] = ['licence', 'id', 'trademark', 'bank', 'electricity'];

export const DOCUMENT_TYPE: Record<DocKind, DocumentType> = {
  licence: 'business_licence',
  id: 'legal_rep_id',
  trademark: 'trademark',
  bank: 'bank_statement',
  electricity: 'electricity_bill',
};

export const FIELDS: Record<DocKind, string[]> = {
  licence: ['uscc', 'companyName', 'legalRepresentative', 'establishedOn', 'validUntil'],
  id: ['name', 'idNumber'],
  trademark: ['registrant', 'registrationNumber', 'validUntil'],
  bank: ['accountName', 'transactions'],
  electricity: ['accountName', 'months'],
};

export interface Case {
  kind: DocKind;
  pdf: Uint8Array;
  /** A red seal on the scan (licences carry one). */
  seal: boolean;
  /** The true value of each field, comparable with `readValues`. */
  truth: Record<string, unknown>;
  /** The rules' reasons for what was read (the truth's reasons: the same on the text layer). */
  rules: (read: Extraction) => Reason[];
}

const CITIES = [
  '义乌市',
  '宁波市',
  '温州市',
  '深圳市',
  '东莞市',
  '广州市',
  '金华市',
  '台州市',
  '佛山市',
  '苏州市',
  '泉州市',
  '汕头市',
];
const CITIES_EN = ['Yiwu', 'Ningbo', 'Wenzhou', 'Shenzhen', 'Dongguan', 'Guangzhou', 'Jinhua', 'Taizhou'];
const BRANDS = [
  '佳家',
  '恒远',
  '华美',
  '鑫源',
  '博达',
  '天宇',
  '金盛',
  '永康',
  '瑞丰',
  '新星',
  '嘉禾',
  '宏图',
  '兴隆',
  '晟泰',
  '森淼',
  '焱鑫',
  '凯越',
  '德利',
  '顺昌',
  '鹏程',
  '汇通',
  '富祥',
];
const BRANDS_EN = ['Jiajia', 'Hengyuan', 'Huamei', 'Xinyuan', 'Boda', 'Tianyu', 'Jinsheng', 'Ruifeng'];
const TRADES = [
  '日用品',
  '实业',
  '服饰',
  '电子科技',
  '家居用品',
  '五金制品',
  '塑料制品',
  '贸易',
  '玩具',
  '工艺品',
  '纺织品',
  '照明电器',
];
const TRADES_EN = ['Household Products', 'Industrial', 'Garments', 'Electronics', 'Hardware', 'Trading'];
const SUFFIXES = ['有限公司', '有限责任公司', '股份有限公司'];
const SURNAMES = [
  '张',
  '王',
  '李',
  '赵',
  '陈',
  '刘',
  '杨',
  '黄',
  '周',
  '吴',
  '徐',
  '孙',
  '胡',
  '朱',
  '高',
  '林',
  '何',
  '郭',
  '马',
  '罗',
  '梁',
  '郑',
];
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '涛',
  '明',
  '超',
  '秀英',
  '建华',
  '婷',
  '鹏',
  '霞',
  '辉',
  '晶',
  '淼',
];
const SURNAMES_EN = ['Zhang', 'Wang', 'Li', 'Zhao', 'Chen', 'Liu', 'Yang', 'Huang', 'Zhou', 'Wu'];
const GIVEN_EN = ['Wei', 'Fang', 'Na', 'Min', 'Jing', 'Qiang', 'Lei', 'Jun', 'Yang', 'Jianhua', 'Xiuying'];
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

function isoPlusDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function randomUscc(r: Rng): string {
  let body = '';
  for (let i = 0; i < 8; i++) body += r.pick([...USCC_CHARS]);
  return makeUscc(`91${r.pick(['330782', '330203', '440300', '441900', '330100', '320500'])}`, body);
}

function personName(r: Rng, zh: boolean): string {
  return zh
    ? r.pick(SURNAMES) + r.pick(GIVEN) + (r.next() < 0.5 ? r.pick(GIVEN) : '')
    : `${r.pick(SURNAMES_EN)} ${r.pick(GIVEN_EN)}`;
}

function companyName(r: Rng, zh: boolean): string {
  return zh
    ? r.pick(CITIES) + r.pick(BRANDS) + r.pick(TRADES) + r.pick(SUFFIXES)
    : `${r.pick(CITIES_EN)} ${r.pick(BRANDS_EN)} ${r.pick(TRADES_EN)} Co., Ltd.`;
}

function application(company: string, uscc: string, monthlyCapacity = 0): Application {
  return {
    applicationId: 'bench',
    applicationDate: APPLICATION_DATE,
    seller: { companyName: company, uscc },
    category: 'home',
    skus: monthlyCapacity > 0 ? [{ sku: 'SKU-1', monthlyCapacity } as Application['skus'][number]] : [],
    sampleSkus: [],
    documents: [],
  };
}

/** A licence's fields as read from a clean text layer, for the rules that compare with it. */
function licenceOf(company: string, legalRepresentative: string) {
  const field = <T>(value: T) => ({
    value,
    confidence: 0.99,
    source: { file: 'licence.pdf', page: 1, line: 1, method: 'text' as const },
  });
  return {
    file: 'licence.pdf',
    fields: { companyName: field(company), legalRepresentative: field(legalRepresentative) },
  };
}

function fieldsOf<T extends DocumentType>(e: Extraction, type: T) {
  return e.ok && e.type === type ? (e.fields as Extract<Extraction, { ok: true; type: T }>['fields']) : null;
}

async function licenceCase(r: Rng): Promise<Case> {
  const zh = r.next() < 0.75;
  const company = companyName(r, zh);
  // Mostly old enough, some within days of the 1-year line, some too young.
  const age = r.next() < 0.2 ? r.int(330, 400) : r.int(400, 365 * 12);
  const establishedOn = isoPlusDays(APPLICATION_DATE, -age);
  const termRoll = r.next();
  const validUntil =
    termRoll < 0.5
      ? null
      : termRoll < 0.6
        ? isoPlusDays(APPLICATION_DATE, -r.int(1, 400))
        : addYears(establishedOn, r.pick([10, 20, 30]));
  const uscc = randomUscc(r);
  const styles: DateStyle[] = zh
    ? ['cjk-padded', 'cjk-padded', 'cjk', 'iso', 'dot']
    : ['iso', 'slash', 'dot'];
  const legalRepresentative = personName(r, zh);
  const pdf = await licencePdf(
    {
      companyName: company,
      uscc,
      legalRepresentative,
      establishedOn,
      validUntil,
      registeredCapital: zh ? `${r.int(1, 99) * 10}万元` : `RMB ${r.int(1, 99)},000,000`,
    },
    {
      lang: zh ? 'zh' : 'en',
      layout: r.next() < 0.8 ? 'two-column' : 'single-column',
      dateStyle: r.pick(styles),
      termStyle: r.next() < 0.8 ? 'range' : 'end-only',
    },
  );
  const declaredUscc = r.next() < 0.15 ? randomUscc(r) : uscc;
  return {
    kind: 'licence',
    pdf,
    seal: true,
    truth: {
      uscc,
      companyName: company.normalize('NFKC'),
      legalRepresentative,
      establishedOn,
      validUntil,
    },
    rules: (read) =>
      licenceRules(
        application(company, declaredUscc),
        { file: 'doc', fields: fieldsOf(read, 'business_licence') ?? {} },
        settings,
      ),
  };
}

async function idCase(r: Rng): Promise<Case> {
  const zh = r.next() < 0.75;
  const first17 = `${r.pick(['330782', '330203', '440300', '110101'])}${1960 + r.int(0, 40)}${String(r.int(1, 12)).padStart(2, '0')}${String(r.int(1, 28)).padStart(2, '0')}${String(r.int(0, 999)).padStart(3, '0')}`;
  const name = personName(r, zh);
  const idNumber = first17 + idCheckDigit(first17);
  const pdf = await idCardPdf(
    { name, idNumber, sex: r.next() < 0.5 ? 'male' : 'female' },
    { lang: zh ? 'zh' : 'en' },
  );
  // The licence names the holder, or (1 in 10) someone else.
  const licenceRep = r.next() < 0.1 ? personName(r, zh) : name;
  return {
    kind: 'id',
    pdf,
    seal: false,
    truth: { name, idNumber },
    rules: (read) =>
      identityRules(
        { file: 'doc', fields: fieldsOf(read, 'legal_rep_id') ?? {} },
        licenceOf('义乌市佳家日用品有限公司', licenceRep),
        settings,
      ),
  };
}

async function trademarkCase(r: Rng): Promise<Case> {
  const zh = r.next() < 0.75;
  const company = companyName(r, zh);
  const registrant = r.next() < 0.1 ? companyName(r, zh) : company;
  const registrationNumber = String(r.int(10_000_000, 69_999_999));
  // Mostly current, some expired, some within days of the application date.
  const roll = r.next();
  const validUntil =
    roll < 0.15
      ? isoPlusDays(APPLICATION_DATE, -r.int(1, 700))
      : roll < 0.25
        ? isoPlusDays(APPLICATION_DATE, r.int(-3, 3))
        : isoPlusDays(APPLICATION_DATE, r.int(30, 3600));
  const pdf = await trademarkPdf(
    { registrant, registrationNumber, validUntil, niceClass: r.int(1, 45) },
    {
      lang: zh ? 'zh' : 'en',
      dateStyle: r.pick(
        zh ? (['cjk-padded', 'cjk', 'iso'] as DateStyle[]) : (['iso', 'slash', 'dot'] as DateStyle[]),
      ),
      validity: r.next() < 0.5 ? 'term' : 'until',
      // `第 12345678 号` under the title is the Chinese certificate's; English ones label it.
      number: r.next() < 0.5 && zh ? 'under-title' : 'labelled',
    },
  );
  return {
    kind: 'trademark',
    pdf,
    seal: false,
    truth: { registrant: registrant.normalize('NFKC'), registrationNumber, validUntil },
    rules: (read) =>
      consistencyRules(
        application(company, '91330782MA2ABCDE1X'),
        {
          licence: licenceOf(company, '张三'),
          trademarks: [{ file: 'doc', fields: fieldsOf(read, 'trademark') ?? {} }],
          bankStatements: [],
          electricityBills: [],
        },
        settings,
      ),
  };
}

// The reasons about the document itself (the capacity rules flag rows read below the floor with
// the low-confidence code).
const BANK_CODES = new Set(['BANK_STATEMENTS_INCOMPLETE', 'ACCOUNT_NAME_MISMATCH', 'LICENCE_LOW_CONFIDENCE']);
const ELECTRICITY_CODES = new Set([
  'LICENCE_LOW_CONFIDENCE',
  'ACCOUNT_NAME_MISMATCH',
  'CAPACITY_EVIDENCE_MISSING',
  'CAPACITY_EVIDENCE_INCONSISTENT',
  'CAPACITY_EVIDENCE_WEAK',
]);

function dayIn(r: Rng, month: string): string {
  return `${month}-${String(r.int(1, 28)).padStart(2, '0')}`;
}

async function bankCase(r: Rng): Promise<Case> {
  const zh = r.next() < 0.75;
  const company = companyName(r, zh);
  const accountName = r.next() < 0.1 ? companyName(r, zh) : company;
  // Every month of the window, or (1 in 5) one of them without a transaction.
  const skip = r.next() < 0.2 ? r.pick(WINDOW) : null;
  const dates: string[] = [dayIn(r, '2026-04')];
  for (const m of WINDOW) {
    if (m === skip) continue;
    for (let i = r.int(1, 2); i > 0; i--) dates.push(dayIn(r, m));
  }
  dates.push(dayIn(r, '2026-11'));
  dates.sort();
  const transactions = dates.map((date) => ({
    date,
    amountMinor: (r.next() < 0.7 ? 1 : -1) * r.int(1_000, 9_999_999),
  }));
  const pdf = await bankStatementPdf(
    { accountName, transactions },
    {
      lang: zh ? 'zh' : 'en',
      dateStyle: r.pick(zh ? (['cjk-padded', 'iso'] as DateStyle[]) : (['iso', 'slash'] as DateStyle[])),
    },
  );
  return {
    kind: 'bank',
    pdf,
    seal: false,
    truth: { accountName: accountName.normalize('NFKC'), transactions: transactions.map(txKey).sort() },
    rules: (read) => {
      const fields = fieldsOf(read, 'bank_statement') ?? { transactions: [] };
      const app = application(company, '91330782MA2ABCDE1X');
      const docs = [{ file: 'doc', fields }];
      return [
        ...consistencyRules(
          app,
          { licence: licenceOf(company, '张三'), trademarks: [], bankStatements: docs, electricityBills: [] },
          settings,
        ),
        ...capacityRules(app, { bankStatements: docs, electricityBills: [], capacityProofs: [] }, settings)
          .reasons,
      ].filter((x) => BANK_CODES.has(x.code));
    },
  };
}

export const txKey = (t: { date: string; amountMinor: number }) => `${t.date} ${t.amountMinor}`;
export const monthKey = (m: { month: string; kwh: number }) => `${m.month} ${m.kwh}`;

async function electricityCase(r: Rng): Promise<Case> {
  const zh = r.next() < 0.75;
  const company = companyName(r, zh);
  const accountName = r.next() < 0.1 ? companyName(r, zh) : company;
  // 3 to 6 months of the window, or (1 in 10) only 2.
  const count = r.next() < 0.1 ? 2 : r.int(3, 6);
  const months = WINDOW.slice(WINDOW.length - count).map((month) => ({
    month,
    kwh: r.next() < 0.3 ? r.int(1_000, 99_999) + r.int(1, 9) / 10 : r.int(1_000, 99_999),
  }));
  // A declared capacity that puts r below 0.3, between 0.3 and 0.6, or above.
  const average = months.reduce((s, m) => s + m.kwh, 0) / months.length;
  const target = r.pick([0.2, 0.45, 0.8, 1.2]);
  const kwhPerUnit = Number(forCategory(settings.capacity.kwhPerUnit, 'home'));
  const capacity = Math.max(1, Math.round(average / (kwhPerUnit * target)));
  const pdf = await electricityBillPdf(
    { accountName, months },
    {
      lang: zh ? 'zh' : 'en',
      monthStyle: r.pick(zh ? (['cjk', 'iso'] as MonthStyle[]) : (['iso', 'slash'] as MonthStyle[])),
      layout: r.next() < 0.8 ? 'table' : 'labelled',
    },
  );
  return {
    kind: 'electricity',
    pdf,
    seal: false,
    truth: { accountName: accountName.normalize('NFKC'), months: months.map(monthKey).sort() },
    rules: (read) => {
      const fields = fieldsOf(read, 'electricity_bill') ?? { months: [] };
      const app = application(company, '91330782MA2ABCDE1X', capacity);
      const docs = [{ file: 'doc', fields }];
      return [
        ...consistencyRules(
          app,
          { licence: licenceOf(company, '张三'), trademarks: [], bankStatements: [], electricityBills: docs },
          settings,
        ),
        ...capacityRules(app, { bankStatements: [], electricityBills: docs, capacityProofs: [] }, settings)
          .reasons,
      ].filter((x) => ELECTRICITY_CODES.has(x.code));
    },
  };
}

export const CASES: Record<DocKind, (r: Rng) => Promise<Case>> = {
  licence: licenceCase,
  id: idCase,
  trademark: trademarkCase,
  bank: bankCase,
  electricity: electricityCase,
};
