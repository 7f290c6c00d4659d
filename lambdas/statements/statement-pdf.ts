/**
 * The seller's copy of a statement: a bilingual PDF (zh/en headings) with the fee schedule, the
 * totals, subtotals by kind (sale, refund, vas) and by settlement day, and the lines themselves
 * when they fit in MAX_PDF_LINES (about ten pages in all); past that it says that every line is in
 * the statement's CSV (and JSON) of the same name. Set with one font subset cut once and cached
 * (lambdas/pdf/subset-font.ts, lite.ts): no per-document font work. A statement whose text needs
 * a character outside that subset (an orderId in Chinese, say) is set by the general writer
 * (lambdas/pdf/writer.ts), which subsets the whole font for it: slow, but rare and still right.
 */
import { periodDays } from '../domain/settlement/days.js';
import type { FeeSchedule } from '../domain/settlement/settle.js';
import type { Totals } from '../domain/settlement/totals.js';
import { LitePdf } from '../pdf/lite.js';
import type { SubsetFont } from '../pdf/subset-font.js';
import type { StatementSummary } from './run.js';

/** Lines shown in the PDF at most: with the summary, about ten A4 pages. */
export const MAX_PDF_LINES = 450;

const ASCII = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');
const T = {
  title: '结算单 / Settlement statement',
  application: '申请编号 / Application',
  period: '结算期间 / Period',
  currency: '币种 / Currency',
  commissionRate: '佣金费率 / Commission rate',
  fulfilmentRate: '履约服务费率 / Fulfilment rate',
  term: '账期 / Settlement term',
  days: '天 days',
  totals: '合计 / Totals',
  item: '项目 / Item',
  amount: '金额 / Amount',
  lines: '订单行数 / Lines',
  gross: '交易总额 / Gross',
  commission: '佣金 / Commission',
  fulfilment: '履约服务费 / Fulfilment fee',
  vas: '增值服务费 / Value-added services',
  net: '应结净额 / Net payable',
  roundingZh:
    '每行费用按交易额乘以费率、四舍六入五成双至最小货币单位；合计为各行之和。退款按其负金额计算费用；增值服务按效果计费，不计佣金与履约服务费。',
  roundingEn:
    'Each line’s fees are its amount × the rate, rounded half to even to the minor unit; totals are the sums of the lines. Refunds bear fees on their own negative amount; value-added services are billed per result and bear no commission or fulfilment fee.',
  byKind: '按类型小计 / Subtotals by kind',
  kind: '类型 / Kind',
  kinds: ['销售 / Sale', '退款 / Refund', '增值服务 / VAS'],
  byDay: '按结算日小计 / Subtotals by settlement day',
  settles: '结算日 / Settles',
  count: '行数 / Lines',
  linesHeading: '明细 / Lines',
  columns: [
    '订单 / Order',
    '交易日 / Date',
    '结算日 / Settles',
    '金额 / Amount',
    '佣金 / Comm.',
    '履约 / Fulfil.',
    '增值 / VAS',
    '净额 / Net',
  ],
  shortColumns: ['金额 / Gross', '佣金 / Comm.', '履约 / Fulfil.', '增值 / VAS', '净额 / Net'],
  moreZh: (n: number, csv: string) =>
    `本结算单共 ${n} 行，超出本文件可列范围；全部明细见同名文件 ${csv}（及 .json）。`,
  moreEn: (n: number, csv: string) =>
    `All ${n} lines of this statement are in ${csv} (and the .json of the same name); they are too many to list here.`,
  noneZh: '本期无订单行。',
  noneEn: 'No order lines in this period.',
};

/** Every character the statement template can draw, whatever the statement: cut once. */
export const STATEMENT_PDF_CHARS = [
  ASCII,
  '·’×−',
  ...Object.values(T).flatMap((v) => (typeof v === 'string' ? [v] : Array.isArray(v) ? v : [v(0, ''), ''])),
].join('');

/**
 * The template's subset, from its cache (subset-font.ts; fontkit is loaded only to cut it when it
 * is missing: a fifth of a second to load). Imported here, when a font is first wanted: a writing
 * thread given the font by the run never loads it.
 */
export async function statementFont(): Promise<SubsetFont> {
  return (await import('../pdf/subset-font.js')).subsetFont(STATEMENT_PDF_CHARS);
}

const digitsCache = new Map<string, number>();
function currencyDigits(currency: string): number {
  let d = digitsCache.get(currency);
  if (d === undefined) {
    d = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits as number;
    digitsCache.set(currency, d);
  }
  return d;
}

/** Minor units as major units with the currency's own decimals (JPY 0, CNY 2). */
export function formatMinor(minor: number | bigint, currency: string): string {
  return formatMinorDigits(minor, currencyDigits(currency));
}

/** formatMinor with the currency's decimals known (a statement looks them up once). */
function formatMinorDigits(minor: number | bigint, digits: number): string {
  const neg = minor < 0;
  // A safe integer's digits without BigInt (the same text).
  const abs = (
    typeof minor === 'number' && Number.isSafeInteger(minor)
      ? String(neg ? -minor : minor)
      : (neg ? -BigInt(minor) : BigInt(minor)).toString()
  ).padStart(digits + 1, '0');
  const intEnd = abs.length - digits;
  // Thousands separators, from the left: the first group takes what is left over.
  let int = abs.slice(0, intEnd % 3 || 3);
  for (let at = intEnd % 3 || 3; at < intEnd; at += 3) int += `,${abs.slice(at, at + 3)}`;
  return `${neg ? '-' : ''}${int}${digits > 0 ? `.${abs.slice(intEnd)}` : ''}`;
}

export interface StatementPdfInput {
  summary: StatementSummary;
  period: string;
  schedule: FeeSchedule;
  /** Subtotals by kind (sale, refund, vas) and by settlement date (YYYY-MM-DD, ascending). */
  byKind: Totals[];
  byDay: [string, Totals][];
  /** The lines as cells (orderId, dates, then the five amounts in minor units), when they fit. */
  rows: string[][] | null;
  /** The CSV's file name, named when the lines do not fit. */
  csvName: string;
}

/** What both writers offer (PdfWriter ignores `align`). */
interface Doc {
  heading(text: string, size?: number): unknown;
  table(
    rows: string[][],
    options: { widths: number[]; size?: number; header?: boolean; align?: ('l' | 'r')[] },
  ): unknown;
  bilingual(m: { zh: string; en: string }): unknown;
  setFooter(f: (page: number, pages: number) => string): unknown;
}

function lay(pdf: Doc, input: StatementPdfInput): void {
  const { summary, period, schedule } = input;
  const digits = currencyDigits(summary.currency);
  const money = (m: number | bigint) => formatMinorDigits(m, digits);
  pdf.heading(T.title, 16);
  pdf.table(
    [
      [T.application, summary.applicationId],
      [T.period, period],
      [T.currency, summary.currency],
      [T.commissionRate, schedule.commissionRate],
      [T.fulfilmentRate, schedule.fulfilmentRate],
      [T.term, `T+${schedule.settlementTermDays} ${T.days}`],
    ],
    { widths: [0.4, 0.6] },
  );
  pdf.heading(T.totals);
  pdf.table(
    [
      [T.item, `${T.amount} (${summary.currency})`],
      [T.lines, String(summary.lines)],
      [T.gross, money(summary.grossMinor)],
      [T.commission, money(summary.commissionMinor)],
      [T.fulfilment, money(summary.fulfilmentMinor)],
      [T.vas, money(summary.vasMinor)],
      [T.net, money(summary.netMinor)],
    ],
    { widths: [0.5, 0.5], header: true, align: ['l', 'r'] },
  );
  pdf.bilingual({ zh: T.roundingZh, en: T.roundingEn });
  const subtotal = (label: string, t: Totals) => {
    const j = t.toJson();
    return [
      label,
      String(j.lines),
      money(j.grossMinor),
      money(j.commissionMinor),
      money(j.fulfilmentMinor),
      money(j.vasMinor),
      money(j.netMinor),
    ];
  };
  const subWidths = [0.2, 0.1, 0.14, 0.14, 0.14, 0.14, 0.14];
  const subAlign: ('l' | 'r')[] = ['l', 'r', 'r', 'r', 'r', 'r', 'r'];
  pdf.heading(T.byKind);
  pdf.table(
    [
      [T.kind, T.count, ...T.shortColumns],
      ...input.byKind.flatMap((t, k) => (t.lines > 0 ? [subtotal(T.kinds[k] as string, t)] : [])),
    ],
    { widths: subWidths, size: 8, header: true, align: subAlign },
  );
  pdf.heading(T.byDay);
  pdf.table([[T.settles, T.count, ...T.shortColumns], ...input.byDay.map(([d, t]) => subtotal(d, t))], {
    widths: subWidths,
    size: 8,
    header: true,
    align: subAlign,
  });
  pdf.heading(T.linesHeading);
  if (summary.lines === 0) pdf.bilingual({ zh: T.noneZh, en: T.noneEn });
  else if (input.rows)
    pdf.table(
      [
        T.columns,
        ...input.rows.map(([id, tx, settles, ...m]) => [
          id ?? '',
          tx ?? '',
          settles ?? '',
          ...m.map((v) => money(Number(v))),
        ]),
      ],
      {
        widths: [0.16, 0.12, 0.12, 0.12, 0.12, 0.12, 0.12, 0.12],
        size: 7.5,
        header: true,
        align: ['l', 'l', 'l', 'r', 'r', 'r', 'r', 'r'],
      },
    );
  else
    pdf.bilingual({
      zh: T.moreZh(summary.lines, input.csvName),
      en: T.moreEn(summary.lines, input.csvName),
    });
  pdf.setFooter(
    (page, pages) => `${summary.applicationId} · ${period} · ${summary.currency} · ${page}/${pages}`,
  );
}

function info(input: StatementPdfInput) {
  const { summary, period } = input;
  const last = periodDays(period)?.last ?? 0;
  return {
    title: `结算单 Settlement statement ${summary.applicationId} ${period} ${summary.currency}`,
    subject: 'Settlement statement',
    date: new Date(last * 86_400_000),
  };
}

/** The PDF's bytes: from the cached subset, or (a character outside it) the general writer. */
export async function statementPdf(font: SubsetFont, input: StatementPdfInput): Promise<Uint8Array> {
  return Buffer.concat(await statementPdfParts(font, input));
}

/** statementPdf as parts to write in order (the cached font's bytes shared, not copied). */
export async function statementPdfParts(font: SubsetFont, input: StatementPdfInput): Promise<Uint8Array[]> {
  const pdf = new LitePdf(font, info(input));
  const ok =
    pdf.covers(input.summary.applicationId) &&
    pdf.covers(input.summary.currency) &&
    pdf.covers(input.csvName) &&
    (input.rows?.every((r) => pdf.covers(r[0] ?? '')) ?? true);
  if (ok) {
    lay(pdf, input);
    return pdf.saveParts();
  }
  const { PdfWriter } = await import('../pdf/writer.js');
  const slow = await PdfWriter.create(info(input));
  lay(slow, input);
  return [await slow.save()];
}
