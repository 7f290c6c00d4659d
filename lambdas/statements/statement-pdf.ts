/**
 * The seller's copy of a statement: a bilingual PDF (zh/en headings) with the fee schedule, the
 * totals and the lines, set in the shared CJK writer (lambdas/pdf). Lines come from the run's part
 * files; past MAX_PDF_LINES the PDF says so and the CSV holds them all.
 */
import { closeSync, openSync, readSync, writeFileSync } from 'node:fs';
import { periodDays } from '../domain/settlement/days.js';
import type { FeeSchedule } from '../domain/settlement/settle.js';
import { PdfWriter } from '../pdf/index.js';
import type { StatementSummary } from './run.js';

export const MAX_PDF_LINES = 2000;

/** Minor units as major units with the currency's own decimals (JPY 0, CNY 2). */
export function formatMinor(minor: number | bigint, currency: string): string {
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
    .maximumFractionDigits as number;
  const neg = BigInt(minor) < 0n;
  const abs = (neg ? -BigInt(minor) : BigInt(minor)).toString().padStart(digits + 1, '0');
  const int = abs.slice(0, abs.length - digits).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '-' : ''}${int}${digits > 0 ? `.${abs.slice(abs.length - digits)}` : ''}`;
}

/** The first `max` rows of the CSV parts (orderId first, maybe quoted; the other 7 fields plain). */
function readRows(parts: string[], max: number): { rows: string[][]; more: boolean } {
  const rows: string[][] = [];
  const chunk = Buffer.allocUnsafe(1 << 20);
  for (const part of parts) {
    const fd = openSync(part, 'r');
    try {
      let pos = 0;
      let tail = '';
      for (;;) {
        const n = readSync(fd, chunk, 0, chunk.length, pos);
        if (n === 0) break;
        pos += n;
        const text = tail + chunk.toString('utf8', 0, n);
        const lines = text.split('\n');
        tail = lines.pop() ?? '';
        for (const l of lines) {
          if (rows.length === max) return { rows, more: true };
          const cells = l.split(',');
          const rest = cells.slice(-7);
          let id = cells.slice(0, -7).join(',');
          if (id.startsWith('"')) id = id.slice(1, -1).replace(/""/g, '"');
          rows.push([id, ...rest]);
        }
      }
    } finally {
      closeSync(fd);
    }
  }
  return { rows, more: false };
}

export async function writeStatementPdf(
  path: string,
  input: { summary: StatementSummary; period: string; schedule: FeeSchedule; csvParts: string[] },
): Promise<void> {
  const { summary, period, schedule } = input;
  const money = (m: number | bigint) => formatMinor(m, summary.currency);
  const last = periodDays(period)?.last ?? 0;
  const pdf = await PdfWriter.create({
    title: `结算单 Settlement statement ${summary.applicationId} ${period} ${summary.currency}`,
    subject: 'Settlement statement',
    date: new Date(last * 86_400_000),
  });
  pdf.heading('结算单 / Settlement statement', 16);
  pdf.table(
    [
      ['申请编号 / Application', summary.applicationId],
      ['结算期间 / Period', period],
      ['币种 / Currency', summary.currency],
      ['佣金费率 / Commission rate', schedule.commissionRate],
      ['履约服务费率 / Fulfilment rate', schedule.fulfilmentRate],
      ['账期 / Settlement term', `T+${schedule.settlementTermDays} 天 days`],
    ],
    { widths: [0.4, 0.6] },
  );
  pdf.heading('合计 / Totals');
  pdf.table(
    [
      ['项目 / Item', `金额 / Amount (${summary.currency})`],
      ['订单行数 / Lines', String(summary.lines)],
      ['交易总额 / Gross', money(summary.grossMinor)],
      ['佣金 / Commission', money(summary.commissionMinor)],
      ['履约服务费 / Fulfilment fee', money(summary.fulfilmentMinor)],
      ['增值服务费 / Value-added services', money(summary.vasMinor)],
      ['应结净额 / Net payable', money(summary.netMinor)],
    ],
    { widths: [0.5, 0.5], header: true },
  );
  pdf.bilingual({
    zh: '每行费用按交易额乘以费率、四舍六入五成双至最小货币单位；合计为各行之和。退款按其负金额计算费用；增值服务按效果计费，不计佣金与履约服务费。',
    en: 'Each line’s fees are its amount × the rate, rounded half to even to the minor unit; totals are the sums of the lines. Refunds bear fees on their own negative amount; value-added services are billed per result and bear no commission or fulfilment fee.',
  });
  pdf.heading('明细 / Lines');
  const { rows, more } = readRows(input.csvParts, MAX_PDF_LINES);
  pdf.table(
    [
      [
        '订单 / Order',
        '交易日 / Date',
        '结算日 / Settles',
        '金额 / Amount',
        '佣金 / Comm.',
        '履约 / Fulfil.',
        '增值 / VAS',
        '净额 / Net',
      ],
      ...rows.map(([id, tx, settles, ...m]) => [
        id ?? '',
        tx ?? '',
        settles ?? '',
        ...m.map((v) => money(BigInt(v))),
      ]),
    ],
    { widths: [0.16, 0.12, 0.12, 0.12, 0.12, 0.12, 0.12, 0.12], size: 7.5, header: true },
  );
  if (more)
    pdf.bilingual({
      zh: `仅列出前 ${MAX_PDF_LINES} 行；全部 ${summary.lines} 行见同名 CSV 文件。`,
      en: `The first ${MAX_PDF_LINES} lines are shown; all ${summary.lines} are in the CSV of the same name.`,
    });
  pdf.setFooter(
    (page, pages) => `${summary.applicationId} · ${period} · ${summary.currency} · ${page}/${pages}`,
  );
  writeFileSync(path, await pdf.save());
}
