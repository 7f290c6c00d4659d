/**
 * Typed builders of text-layer PDFs for every document type, with Chinese or English labels,
 * each in the layout such a document usually has (a two-column business licence, an ID card's two
 * sides, statement and bill tables). Same data and options → same bytes.
 */
import type { DocumentType } from '../../../lambdas/domain/model';
import {
  addYears,
  type DateStyle,
  formatDate,
  formatFen,
  formatKwh,
  formatMonth,
  fullWidth,
  group,
  type MonthStyle,
} from './format';
import {
  A4,
  A4_LANDSCAPE,
  type Measure,
  measurer,
  type PageSpec,
  type Rule,
  renderPdf,
  type Size,
  type TextRun,
} from './pdf';

export type Lang = 'zh' | 'en';

export interface DocOptions {
  /** Labels in Chinese (default) or English. */
  lang?: Lang;
  /** How dates are written; default `cjk-padded` (2019年01月01日) in Chinese, `iso` in English. */
  dateStyle?: DateStyle;
  /** Write the values' digits, letters and punctuation full-width (２０２１，Ａ). */
  fullWidth?: boolean;
  /** Between label and value; default `：` in Chinese, `:` in English; `' '` for whitespace only. */
  separator?: '：' | ':' | ' ';
}

interface Ctx {
  lang: Lang;
  dateStyle: DateStyle;
  sep: string;
  fw: boolean;
}

function ctx(o: DocOptions = {}, defaults: Partial<DocOptions> = {}): Ctx {
  const lang = o.lang ?? defaults.lang ?? 'zh';
  const sepOpt = o.separator ?? defaults.separator ?? (lang === 'zh' ? '：' : ':');
  return {
    lang,
    dateStyle: o.dateStyle ?? defaults.dateStyle ?? (lang === 'zh' ? 'cjk-padded' : 'iso'),
    sep: sepOpt === ':' ? ': ' : sepOpt,
    fw: o.fullWidth ?? false,
  };
}

const val = (c: Ctx, s: string): string => (c.fw ? fullWidth(s) : s);
const date = (c: Ctx, iso: string): string => val(c, formatDate(iso, c.dateStyle));
const pair = (c: Ctx, label: string, value: string): string => `${label}${c.sep}${value}`;
const t = (c: Ctx, zh: string, en: string): string => (c.lang === 'zh' ? zh : en);

/** Splits text into lines no wider than `width` (character by character for CJK, by word otherwise). */
function wrap(m: Measure, text: string, size: number, width: number): string[] {
  const tokens = /[\u3400-\u9fff]/.test(text) ? [...text] : text.split(/(?<=\s)/);
  const lines: string[] = [];
  let line = '';
  for (const tok of tokens) {
    if (line !== '' && m.width(line + tok, size) > width) {
      lines.push(line.trimEnd());
      line = tok.trimStart();
    } else line += tok;
  }
  if (line.trim() !== '') lines.push(line.trimEnd());
  return lines;
}

// ---------------------------------------------------------------------------------------------
// Business licence (营业执照)

export interface LicenceData {
  companyName: string;
  uscc: string;
  enterpriseType?: string;
  legalRepresentative: string;
  /** As printed: `500万元`, `RMB 5,000,000`, `伍佰万元整`. */
  registeredCapital?: string;
  establishedOn: string;
  /** End of the business term, ISO; null = 长期 (no end). */
  validUntil: string | null;
  /** Printed verbatim instead of the term built from establishedOn and validUntil. */
  businessTerm?: string;
  address?: string;
  businessScope?: string;
  authority?: string;
  issuedOn?: string;
}

export interface LicenceOptions extends DocOptions {
  /** Two columns side by side (default, as on the real licence) or one label per line. */
  layout?: 'two-column' | 'single-column';
  /** `range`: `2019年01月01日至长期`; `end-only`: `至2039年12月31日` / `Long-term`. */
  termStyle?: 'range' | 'end-only';
}

export function licenceTerm(data: LicenceData, o: LicenceOptions = {}): string {
  const c = ctx(o);
  if (data.businessTerm !== undefined) return data.businessTerm;
  const end = data.validUntil === null ? t(c, '长期', 'Long-term') : date(c, data.validUntil);
  if (o.termStyle === 'end-only') return data.validUntil === null ? end : t(c, `至${end}`, `to ${end}`);
  return c.lang === 'zh'
    ? `${date(c, data.establishedOn)}至${end}`
    : `${date(c, data.establishedOn)} to ${end}`;
}

export async function licencePdf(data: LicenceData, o: LicenceOptions = {}): Promise<Uint8Array> {
  const c = ctx(o);
  const m = await measurer();
  const zh = c.lang === 'zh';
  const rows = {
    uscc: pair(c, t(c, '统一社会信用代码', 'Unified Social Credit Code'), val(c, data.uscc)),
    name: pair(c, t(c, '名称', 'Name'), data.companyName),
    type: pair(
      c,
      t(c, '类型', 'Type'),
      data.enterpriseType ?? t(c, '有限责任公司（自然人投资或控股）', 'Limited Liability Company'),
    ),
    rep: pair(c, t(c, '法定代表人', 'Legal Representative'), data.legalRepresentative),
    capital: pair(
      c,
      t(c, '注册资本', 'Registered Capital'),
      val(c, data.registeredCapital ?? t(c, '500万元', 'RMB 5,000,000')),
    ),
    established: pair(c, t(c, '成立日期', 'Date of Establishment'), date(c, data.establishedOn)),
    term: pair(c, t(c, '营业期限', 'Business Term'), licenceTerm(data, o)),
    address: pair(
      c,
      t(c, '住所', 'Address'),
      data.address ??
        t(c, '浙江省金华市义乌市稠城街道工人北路88号', 'No. 88 Gongren North Road, Yiwu, Zhejiang'),
    ),
  };
  const scope = pair(
    c,
    t(c, '经营范围', 'Business Scope'),
    data.businessScope ??
      t(
        c,
        '一般项目：日用百货销售；塑料制品制造；家居用品销售；货物进出口；技术进出口（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）。',
        'General items: sale of daily necessities; manufacture of plastic products; sale of household goods; import and export of goods and technology.',
      ),
  );
  const size = A4_LANDSCAPE;
  const runs: TextRun[] = [
    { x: size.width / 2, y: 80, text: t(c, '营 业 执 照', 'BUSINESS LICENCE'), size: 30, align: 'center' },
    {
      x: size.width / 2,
      y: 108,
      text: t(c, '（副　本）', '(Duplicate)'),
      size: 12,
      align: 'center',
      grey: true,
    },
  ];
  const step = 30;
  let y = 160;
  if ((o.layout ?? 'two-column') === 'two-column') {
    const left = [rows.uscc, rows.name, rows.type, rows.rep];
    const right = [rows.capital, rows.established, rows.term, rows.address];
    const leftEnd = Math.max(...left.map((s) => 60 + m.width(s, 11)));
    const rightX = Math.max(450, leftEnd + 40);
    left.forEach((text, i) => {
      runs.push({ x: 60, y: y + i * step, text, size: 11 });
    });
    right.forEach((text, i) => {
      runs.push({ x: rightX, y: y + i * step, text, size: 11 });
    });
    y += left.length * step;
  } else {
    for (const text of Object.values(rows)) {
      runs.push({ x: 60, y, text, size: 11 });
      y += step;
    }
  }
  for (const line of wrap(m, scope, 11, size.width - 120)) {
    runs.push({ x: 60, y, text: line, size: 11 });
    y += 20;
  }
  const authority =
    data.authority ?? t(c, '义乌市市场监督管理局', 'Yiwu Administration for Market Regulation');
  runs.push({
    x: 500,
    y: 500,
    text: pair(c, t(c, '登记机关', 'Registration Authority'), authority),
    size: 11,
  });
  runs.push({ x: 560, y: 525, text: date(c, data.issuedOn ?? addYears(data.establishedOn, 1)), size: 11 });
  runs.push({
    x: 60,
    y: 565,
    text: zh
      ? '国家企业信用信息公示系统网址：www.gsxt.gov.cn'
      : 'National Enterprise Credit Information Publicity System: www.gsxt.gov.cn',
    size: 8,
    grey: true,
  });
  const rules: Rule[] = [
    { x1: 30, y1: 30, x2: size.width - 30, y2: 30, width: 2 },
    { x1: 30, y1: size.height - 20, x2: size.width - 30, y2: size.height - 20, width: 2 },
  ];
  return renderPdf([{ size, runs, rules }], { title: t(c, '营业执照', 'Business Licence') });
}

// ---------------------------------------------------------------------------------------------
// Legal representative's ID card (居民身份证), both sides on one page

export interface IdCardData {
  name: string;
  idNumber: string;
  sex?: 'male' | 'female';
  ethnicity?: string;
  birthDate?: string;
  address?: string;
  authority?: string;
  validFrom?: string;
  validTo?: string | null;
}

function birthFromId(id: string): string | undefined {
  const m = /^\d{6}(\d{4})(\d{2})(\d{2})/.exec(id);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

export async function idCardPdf(data: IdCardData, o: DocOptions = {}): Promise<Uint8Array> {
  const c = ctx(o, { separator: o.lang === 'en' ? ':' : ' ' });
  const birth = data.birthDate ?? birthFromId(data.idNumber) ?? '1985-03-12';
  const sex = data.sex ?? 'male';
  const from = data.validFrom ?? '2015-03-12';
  const to = data.validTo === undefined ? addYears(from, 20) : data.validTo;
  const runs: TextRun[] = [
    { x: 60, y: 90, text: pair(c, t(c, '姓名', 'Name'), data.name), size: 12 },
    { x: 60, y: 120, text: pair(c, t(c, '性别', 'Sex'), t(c, sex === 'male' ? '男' : '女', sex)), size: 11 },
    {
      x: 170,
      y: 120,
      text: pair(c, t(c, '民族', 'Ethnicity'), data.ethnicity ?? t(c, '汉', 'Han')),
      size: 11,
    },
    { x: 60, y: 150, text: pair(c, t(c, '出生', 'Date of Birth'), date(c, birth)), size: 11 },
    {
      x: 60,
      y: 180,
      text: pair(
        c,
        t(c, '住址', 'Address'),
        data.address ?? t(c, '浙江省义乌市稠城街道某某路88号', 'No. 88, Yiwu, Zhejiang'),
      ),
      size: 11,
    },
    {
      x: 60,
      y: 230,
      text: pair(c, t(c, '公民身份号码', 'ID Number'), val(c, data.idNumber)),
      size: 13,
    },
    { x: 200, y: 330, text: t(c, '中华人民共和国', "People's Republic of China"), size: 16, align: 'center' },
    { x: 200, y: 360, text: t(c, '居民身份证', 'Resident Identity Card'), size: 20, align: 'center' },
    {
      x: 60,
      y: 420,
      text: pair(
        c,
        t(c, '签发机关', 'Issuing Authority'),
        data.authority ?? t(c, '义乌市公安局', 'Yiwu Public Security Bureau'),
      ),
      size: 11,
    },
    {
      x: 60,
      y: 450,
      text: pair(
        c,
        t(c, '有效期限', 'Valid Period'),
        to === null
          ? `${val(c, formatDate(from, 'dot'))}-${t(c, '长期', 'Long-term')}`
          : val(c, `${formatDate(from, 'dot')}-${formatDate(to, 'dot')}`),
      ),
      size: 11,
    },
  ];
  const box = (y1: number, y2: number): Rule[] => [
    { x1: 40, y1, x2: 360, y2: y1 },
    { x1: 40, y1: y2, x2: 360, y2 },
    { x1: 40, y1, x2: 40, y2 },
    { x1: 360, y1, x2: 360, y2: y2 },
  ];
  return renderPdf([{ runs, rules: [...box(60, 250), ...box(300, 470)] }], {
    title: t(c, '法定代表人身份证', "Legal representative's ID card"),
  });
}

// ---------------------------------------------------------------------------------------------
// Trademark registration certificate (商标注册证) and brand authorization (授权书)

export interface TrademarkData {
  registrant: string;
  registrationNumber: string;
  validUntil: string;
  validFrom?: string;
  mark?: string;
  niceClass?: number;
  address?: string;
}

export interface TrademarkOptions extends DocOptions {
  /** `term`: 注册有效期限 自…至… (default in Chinese); `until`: 有效期至 … (default in English). */
  validity?: 'term' | 'until';
  /** The number under the title as on the certificate (`第 12345678 号`, default in Chinese) or labelled. */
  number?: 'under-title' | 'labelled';
}

export async function trademarkPdf(data: TrademarkData, o: TrademarkOptions = {}): Promise<Uint8Array> {
  const c = ctx(o);
  const zh = c.lang === 'zh';
  const from = data.validFrom ?? addYears(data.validUntil, -10);
  const runs: TextRun[] = [
    {
      x: A4.width / 2,
      y: 90,
      text: t(c, '商 标 注 册 证', 'TRADEMARK REGISTRATION CERTIFICATE'),
      size: zh ? 26 : 18,
      align: 'center',
    },
  ];
  let y = 190;
  const line = (text: string) => {
    runs.push({ x: 70, y, text, size: 11 });
    y += 30;
  };
  if ((o.number ?? (zh ? 'under-title' : 'labelled')) === 'under-title') {
    runs.push({
      x: A4.width / 2,
      y: 130,
      text: `第 ${val(c, data.registrationNumber)} 号`,
      size: 14,
      align: 'center',
    });
  } else line(pair(c, t(c, '注册号', 'Registration No.'), val(c, data.registrationNumber)));
  runs.push({ x: A4.width / 2, y: 160, text: data.mark ?? 'ACME', size: 22, align: 'center' });
  line(pair(c, t(c, '注册人', 'Registrant'), data.registrant));
  line(
    pair(
      c,
      t(c, '注册地址', 'Address'),
      data.address ?? t(c, '浙江省义乌市稠城街道工人北路88号', 'No. 88 Gongren North Road, Yiwu, Zhejiang'),
    ),
  );
  line(
    t(
      c,
      `核定使用商品（第${data.niceClass ?? 21}类）：家用容器；收纳盒；塑料杯`,
      `Class ${data.niceClass ?? 21}: household containers; storage boxes; plastic cups`,
    ),
  );
  if ((o.validity ?? (zh ? 'term' : 'until')) === 'term') {
    line(
      pair(
        c,
        t(c, '注册有效期限', 'Period of Validity'),
        zh
          ? `自${date(c, from)}至${date(c, data.validUntil)}`
          : `${date(c, from)} to ${date(c, data.validUntil)}`,
      ),
    );
  } else line(pair(c, t(c, '有效期至', 'Valid Until'), date(c, data.validUntil)));
  runs.push({
    x: A4.width / 2,
    y: 520,
    text: t(c, '国家知识产权局商标局', 'Trademark Office of CNIPA'),
    size: 12,
    align: 'center',
  });
  return renderPdf([{ runs }], { title: t(c, '商标注册证', 'Trademark Registration Certificate') });
}

export interface BrandAuthorizationData {
  authorizer: string;
  authorizedParty: string;
  registrationNumber: string;
  validUntil: string;
  mark?: string;
  issuedOn?: string;
}

export async function brandAuthorizationPdf(
  data: BrandAuthorizationData,
  o: DocOptions = {},
): Promise<Uint8Array> {
  const c = ctx(o);
  const runs: TextRun[] = [
    { x: A4.width / 2, y: 90, text: t(c, '品牌授权书', 'BRAND AUTHORIZATION'), size: 22, align: 'center' },
  ];
  const m = await measurer();
  let y = 150;
  const line = (text: string, size = 11) => {
    for (const part of wrap(m, text, size, A4.width - 140)) {
      runs.push({ x: 70, y, text: part, size });
      y += 28;
    }
  };
  line(pair(c, t(c, '授权方', 'Authorizer'), data.authorizer));
  line(pair(c, t(c, '被授权方', 'Authorized Party'), data.authorizedParty));
  line(pair(c, t(c, '商标名称', 'Trademark'), data.mark ?? 'ACME'));
  line(pair(c, t(c, '商标注册号', 'Trademark Registration No.'), val(c, data.registrationNumber)));
  line(
    pair(
      c,
      t(c, '授权范围', 'Scope'),
      t(
        c,
        '在全托管平台销售带有上述商标的商品',
        'selling goods bearing the trademark on the fully-managed program',
      ),
    ),
  );
  line(pair(c, t(c, '有效期至', 'Valid Until'), date(c, data.validUntil)));
  y += 20;
  line(
    t(
      c,
      '兹授权被授权方在授权范围及有效期内使用上述商标，特此证明。',
      'The authorizer hereby authorizes the authorized party to use the trademark within the scope and period above.',
    ),
  );
  y += 40;
  runs.push({
    x: 330,
    y,
    text: t(c, `授权方（盖章）${data.authorizer}`, `For the authorizer: ${data.authorizer}`),
    size: 11,
  });
  runs.push({ x: 330, y: y + 25, text: date(c, data.issuedOn ?? addYears(data.validUntil, -3)), size: 11 });
  return renderPdf([{ runs }], { title: t(c, '品牌授权书', 'Brand Authorization') });
}

// ---------------------------------------------------------------------------------------------
// Bank statement (银行流水)

export interface BankTransactionData {
  date: string;
  /** Signed, integer fen. */
  amountMinor: number;
  description?: string;
  counterparty?: string;
}

export interface BankStatementData {
  accountName: string;
  accountNo?: string;
  bankName?: string;
  openingBalanceMinor?: number;
  period?: { from: string; to: string };
  transactions: BankTransactionData[];
}

const ROWS_PER_PAGE = 32;

export async function bankStatementPdf(data: BankStatementData, o: DocOptions = {}): Promise<Uint8Array> {
  const c = ctx(o);
  const m = await measurer();
  const plain = { ...c, fw: false };
  const txs = [...data.transactions];
  const from = data.period?.from ?? txs[0]?.date ?? '2026-01-01';
  const to = data.period?.to ?? txs[txs.length - 1]?.date ?? from;
  let balance = data.openingBalanceMinor ?? 1_000_000_00;
  const chunks: BankTransactionData[][] = [];
  for (let i = 0; i < Math.max(1, txs.length); i += ROWS_PER_PAGE)
    chunks.push(txs.slice(i, i + ROWS_PER_PAGE));
  const pages: PageSpec[] = chunks.map((chunk, p) => {
    const runs: TextRun[] = [
      {
        x: A4.width / 2,
        y: 60,
        text: data.bankName ?? t(c, '中国工商银行 单位账户交易明细', 'ICBC Account Statement'),
        size: 16,
        align: 'center',
      },
      { x: 50, y: 100, text: pair(c, t(c, '户名', 'Account Name'), data.accountName), size: 10 },
      {
        x: 350,
        y: 100,
        text: pair(c, t(c, '账号', 'Account No.'), data.accountNo ?? '6222 0212 0800 1234 567'),
        size: 10,
      },
      { x: 50, y: 120, text: pair(c, t(c, '币种', 'Currency'), t(c, '人民币', 'CNY')), size: 10 },
      {
        x: 350,
        y: 120,
        text: pair(
          c,
          t(c, '查询期间', 'Statement Period'),
          t(c, `${date(plain, from)} 至 ${date(plain, to)}`, `${date(plain, from)} to ${date(plain, to)}`),
        ),
        size: 10,
      },
    ];
    const header = 155;
    // Columns as wide as their widest cell (full-width digits take a whole em each).
    const widest = (texts: string[]) => Math.max(...texts.map((x) => m.width(x, 9)));
    const descX = 50 + Math.max(80, widest(txs.map((tx) => date(c, tx.date))) + 20);
    const amountRight = descX + 90 + Math.max(60, widest(txs.map((tx) => val(c, formatFen(tx.amountMinor)))));
    const balanceRight = amountRight + 20 + Math.max(70, widest([val(c, formatFen(balance * 10, false))]));
    const cols = { date: 50, desc: descX, amountRight, balanceRight, counterparty: balanceRight + 20 };
    runs.push(
      { x: cols.date, y: header, text: t(c, '交易日期', 'Date'), size: 9 },
      { x: cols.desc, y: header, text: t(c, '摘要', 'Description'), size: 9 },
      { x: cols.amountRight, y: header, text: t(c, '金额', 'Amount'), size: 9, align: 'right' },
      { x: cols.balanceRight, y: header, text: t(c, '余额', 'Balance'), size: 9, align: 'right' },
      { x: cols.counterparty, y: header, text: t(c, '对方户名', 'Counterparty'), size: 9 },
    );
    const rules: Rule[] = [
      { x1: 45, y1: header - 13, x2: 560, y2: header - 13 },
      { x1: 45, y1: header + 6, x2: 560, y2: header + 6 },
    ];
    chunk.forEach((tx, i) => {
      balance += tx.amountMinor;
      const y = header + 22 + i * 19;
      runs.push(
        { x: cols.date, y, text: date(c, tx.date), size: 9 },
        {
          x: cols.desc,
          y,
          text:
            tx.description ??
            t(
              c,
              tx.amountMinor >= 0 ? '货款' : '采购付款',
              tx.amountMinor >= 0 ? 'Sales receipt' : 'Purchase',
            ),
          size: 9,
        },
        { x: cols.amountRight, y, text: val(c, formatFen(tx.amountMinor)), size: 9, align: 'right' },
        { x: cols.balanceRight, y, text: val(c, formatFen(balance, false)), size: 9, align: 'right' },
        {
          x: cols.counterparty,
          y,
          text: tx.counterparty ?? t(c, '义乌市某某贸易公司', 'Yiwu Trading Co.'),
          size: 8,
        },
      );
    });
    runs.push({
      x: A4.width / 2,
      y: 815,
      text: t(c, `第 ${p + 1} 页 / 共 ${chunks.length} 页`, `Page ${p + 1} of ${chunks.length}`),
      size: 8,
      align: 'center',
      grey: true,
    });
    return { runs, rules };
  });
  return renderPdf(pages, { title: t(c, '账户交易明细', 'Account Statement') });
}

// ---------------------------------------------------------------------------------------------
// Electricity bill (电费单)

export interface ElectricityMonthData {
  /** YYYY-MM */
  month: string;
  kwh: number;
}

export interface ElectricityBillData {
  accountName: string;
  accountNo?: string;
  address?: string;
  months: ElectricityMonthData[];
}

export interface ElectricityOptions extends DocOptions {
  monthStyle?: MonthStyle;
  /** One table (default), or one labelled line per month. */
  layout?: 'table' | 'labelled';
}

export async function electricityBillPdf(
  data: ElectricityBillData,
  o: ElectricityOptions = {},
): Promise<Uint8Array> {
  const c = ctx(o);
  const monthStyle = o.monthStyle ?? (c.lang === 'zh' ? 'cjk' : 'iso');
  const runs: TextRun[] = [
    {
      x: A4.width / 2,
      y: 60,
      text: t(c, '国网浙江省电力有限公司', 'State Grid Zhejiang Electric Power Co., Ltd.'),
      size: 14,
      align: 'center',
    },
    { x: A4.width / 2, y: 85, text: t(c, '电费账单', 'ELECTRICITY BILL'), size: 18, align: 'center' },
    { x: 50, y: 125, text: pair(c, t(c, '户名', 'Account Name'), data.accountName), size: 10 },
    {
      x: 370,
      y: 125,
      text: pair(c, t(c, '户号', 'Account No.'), val(c, data.accountNo ?? '3301234567')),
      size: 10,
    },
    {
      x: 50,
      y: 145,
      text: pair(
        c,
        t(c, '用电地址', 'Address'),
        data.address ??
          t(c, '浙江省义乌市佛堂镇工业园区8号', 'No. 8 Industrial Park, Fotang, Yiwu, Zhejiang'),
      ),
      size: 10,
    },
  ];
  const fee = (kwh: number) => Math.round(kwh * 10) * 6; // 0.60 yuan per kWh, in fen
  let reading = 120_000;
  if ((o.layout ?? 'table') === 'table') {
    const header = 185;
    const cols = [50, 150, 250, 345, 470];
    [
      t(c, '账期', 'Billing Period'),
      t(c, '上期读数', 'Previous'),
      t(c, '本期读数', 'Current'),
      t(c, '用电量(千瓦时)', 'Consumption (kWh)'),
      t(c, '电费(元)', 'Amount (CNY)'),
    ].forEach((text, i) => {
      runs.push({ x: cols[i] as number, y: header, text, size: 9 });
    });
    data.months.forEach((mo, i) => {
      const y = header + 24 + i * 20;
      const prev = reading;
      reading += Math.round(mo.kwh);
      [
        val(c, formatMonth(mo.month, monthStyle)),
        val(c, group(String(prev))),
        val(c, group(String(reading))),
        val(c, formatKwh(mo.kwh)),
        val(c, formatFen(fee(mo.kwh), false)),
      ].forEach((text, j) => {
        runs.push({ x: cols[j] as number, y, text, size: 9 });
      });
    });
  } else {
    data.months.forEach((mo, i) => {
      const y = 190 + i * 24;
      runs.push(
        {
          x: 50,
          y,
          text: pair(c, t(c, '账期', 'Billing Period'), val(c, formatMonth(mo.month, monthStyle))),
          size: 10,
        },
        {
          x: 230,
          y,
          text: pair(c, t(c, '用电量(千瓦时)', 'Consumption (kWh)'), val(c, formatKwh(mo.kwh))),
          size: 10,
        },
        { x: 420, y, text: pair(c, t(c, '电费', 'Amount'), val(c, formatFen(fee(mo.kwh), false))), size: 10 },
      );
    });
  }
  return renderPdf([{ runs }], { title: t(c, '电费账单', 'Electricity Bill') });
}

// ---------------------------------------------------------------------------------------------
// Capacity proof (产能证明表)

export interface CapacityRowData {
  sku: string;
  monthlyCapacity: number;
  productName?: string;
}

export interface CapacityProofData {
  companyName: string;
  rows: CapacityRowData[];
  issuedOn?: string;
}

export async function capacityProofPdf(data: CapacityProofData, o: DocOptions = {}): Promise<Uint8Array> {
  const c = ctx(o);
  const runs: TextRun[] = [
    { x: A4.width / 2, y: 70, text: t(c, '产能证明表', 'CAPACITY PROOF'), size: 20, align: 'center' },
    { x: 50, y: 115, text: pair(c, t(c, '企业名称', 'Company Name'), data.companyName), size: 10 },
  ];
  const header = 155;
  const cols = [50, 100, 220, 420];
  [
    t(c, '序号', 'No.'),
    'SKU',
    t(c, '产品名称', 'Product Name'),
    t(c, '月产能(件)', 'Monthly Capacity (pcs)'),
  ].forEach((text, i) => {
    runs.push({ x: cols[i] as number, y: header, text, size: 10 });
  });
  data.rows.forEach((row, i) => {
    const y = header + 24 + i * 20;
    [
      val(c, String(i + 1)),
      row.sku,
      row.productName ?? t(c, '产品', 'Product'),
      val(c, group(String(row.monthlyCapacity))),
    ].forEach((text, j) => {
      runs.push({ x: cols[j] as number, y, text, size: 10 });
    });
  });
  const end = header + 24 + data.rows.length * 20 + 30;
  runs.push(
    {
      x: 50,
      y: end,
      text: t(c, '以上产能数据真实有效，特此证明。', 'We certify that the capacities above are true.'),
      size: 10,
    },
    {
      x: 330,
      y: end + 40,
      text: t(c, `${data.companyName}（盖章）`, `${data.companyName} (seal)`),
      size: 10,
    },
    { x: 330, y: end + 62, text: date(c, data.issuedOn ?? '2026-11-01'), size: 10 },
  );
  return renderPdf([{ runs }], { title: t(c, '产能证明表', 'Capacity Proof') });
}

// ---------------------------------------------------------------------------------------------
// Documents whose text only needs to be readable

export type SimpleDocumentType = Extract<
  DocumentType,
  'sds' | 'rohs' | 'un38_3' | 'food_licence' | 'medical_device_filing' | 'appeal_evidence'
>;

export interface SimpleDocData {
  companyName: string;
  sku?: string;
  productName?: string;
  /** Extra lines of body text. */
  lines?: string[];
  issuedOn?: string;
}

const SIMPLE_TITLES: Record<
  SimpleDocumentType,
  { zh: string; en: string; body: { zh: string[]; en: string[] } }
> = {
  sds: {
    zh: '化学品安全技术说明书（SDS）',
    en: 'SAFETY DATA SHEET (SDS)',
    body: {
      zh: ['第1部分 化学品及企业标识', '第2部分 危险性概述：本品不属于危险化学品。', '第3部分 成分/组成信息'],
      en: [
        'Section 1 Identification',
        'Section 2 Hazards: not classified as hazardous.',
        'Section 3 Composition',
      ],
    },
  },
  rohs: {
    zh: 'RoHS 符合性声明',
    en: 'RoHS DECLARATION OF CONFORMITY',
    body: {
      zh: [
        '本产品符合欧盟 RoHS 指令 2011/65/EU 及 (EU) 2015/863 的要求。',
        '铅、汞、镉、六价铬、多溴联苯、多溴二苯醚均未超过限值。',
      ],
      en: [
        'This product complies with Directive 2011/65/EU and (EU) 2015/863.',
        'Restricted substances are below the limits.',
      ],
    },
  },
  un38_3: {
    zh: 'UN38.3 锂电池运输测试报告',
    en: 'UN38.3 TEST REPORT',
    body: {
      zh: [
        '测试项目：T1 高度模拟；T2 温度试验；T3 振动；T4 冲击；T5 外短路；T6 撞击；T7 过充；T8 强制放电',
        '结论：通过',
      ],
      en: [
        'Tests: T1 altitude; T2 thermal; T3 vibration; T4 shock; T5 short circuit; T6 impact; T7 overcharge; T8 forced discharge',
        'Result: PASS',
      ],
    },
  },
  food_licence: {
    zh: '食品经营许可证',
    en: 'FOOD BUSINESS LICENCE',
    body: {
      zh: ['许可证编号：JY13307820012345', '经营项目：预包装食品销售', '有效期至：2030年12月31日'],
      en: ['Licence No.: JY13307820012345', 'Scope: sale of pre-packaged food', 'Valid Until: 2030-12-31'],
    },
  },
  medical_device_filing: {
    zh: '第二类医疗器械经营备案凭证',
    en: 'CLASS II MEDICAL DEVICE BUSINESS FILING CERTIFICATE',
    body: {
      zh: ['备案编号：浙金食药监械经营备20230001号', '经营范围：第二类医疗器械'],
      en: ['Filing No.: ZJ-2023-0001', 'Scope: class II medical devices'],
    },
  },
  appeal_evidence: {
    zh: '申诉材料',
    en: 'APPEAL EVIDENCE',
    body: {
      zh: ['附：生产许可证、采购发票、履约合同复印件。', '申诉理由：我司产能数据真实，附件可证明。'],
      en: [
        'Enclosed: production licence, purchase invoices, fulfilment contract.',
        'Grounds: our capacity figures are true.',
      ],
    },
  },
};

export async function simpleDocumentPdf(
  type: SimpleDocumentType,
  data: SimpleDocData,
  o: DocOptions = {},
): Promise<Uint8Array> {
  const c = ctx(o);
  const spec = SIMPLE_TITLES[type];
  const runs: TextRun[] = [{ x: A4.width / 2, y: 80, text: spec[c.lang], size: 18, align: 'center' }];
  let y = 130;
  const line = (text: string) => {
    runs.push({ x: 60, y, text, size: 11 });
    y += 24;
  };
  line(pair(c, t(c, '企业名称', 'Company'), data.companyName));
  if (data.sku) line(pair(c, 'SKU', data.sku));
  if (data.productName) line(pair(c, t(c, '产品名称', 'Product'), data.productName));
  for (const text of [...spec.body[c.lang], ...(data.lines ?? [])]) line(text);
  line(pair(c, t(c, '日期', 'Date'), date(c, data.issuedOn ?? '2026-06-01')));
  return renderPdf([{ runs }], { title: spec[c.lang] });
}

export const sdsPdf = (d: SimpleDocData, o?: DocOptions) => simpleDocumentPdf('sds', d, o);
export const rohsPdf = (d: SimpleDocData, o?: DocOptions) => simpleDocumentPdf('rohs', d, o);
export const un38_3Pdf = (d: SimpleDocData, o?: DocOptions) => simpleDocumentPdf('un38_3', d, o);
export const foodLicencePdf = (d: SimpleDocData, o?: DocOptions) => simpleDocumentPdf('food_licence', d, o);
export const medicalDeviceFilingPdf = (d: SimpleDocData, o?: DocOptions) =>
  simpleDocumentPdf('medical_device_filing', d, o);
export const appealEvidencePdf = (d: SimpleDocData, o?: DocOptions) =>
  simpleDocumentPdf('appeal_evidence', d, o);

/** A PDF whose only page is an image: a "scan" with no text layer. */
export async function scannedPdf(image: Uint8Array, pages = 1, size?: Size): Promise<Uint8Array> {
  return renderPdf(
    Array.from({ length: pages }, () => ({ runs: [], image, ...(size ? { size } : {}) })),
    { title: 'Scan' },
  );
}

/** A text-layer PDF with `pages` pages (for the page limit). */
export async function manyPagesPdf(pages: number): Promise<Uint8Array> {
  return renderPdf(
    Array.from({ length: pages }, (_, i) => ({
      runs: [{ x: 60, y: 80, text: `第 ${i + 1} 页 Page ${i + 1}` }],
    })),
    { title: 'Pages' },
  );
}
