/**
 * Electricity bill (电费单): account name and one (month, kWh) per billed month, from a table
 * (账期 | 用电量) or from labelled lines (`账期: 2026年5月  用电量(千瓦时): 12,345`).
 */
import type { ElectricityBillFields, ElectricityMonth, Field } from '../../domain/model';
import { spanBox, xOverlap } from './geometry';
import {
  field,
  fieldOf,
  findLabelled,
  isHeaderCell,
  type LabelHit,
  type LabelSpec,
  type Span,
  segmentSpans,
  segments,
  squash,
  type TextLine,
  tableRows,
} from './text';
import { findMonths, parseQuantity } from './values';

type Key = 'accountName' | 'month' | 'kwh' | 'other';

const MONTH_LABELS = [
  '账期',
  '计费月份',
  '电费年月',
  '抄表月份',
  '电费月份',
  '结算月份',
  '用电月份',
  '电费所属期',
  '所属期',
  '月份',
  'Billing Period',
  'Billing Month',
  'Period',
  'Month',
];
const KWH_LABELS = [
  '用电量(千瓦时)',
  '用电量(kWh)',
  '用电量(度)',
  '本期用电量',
  '用电量',
  '本期电量',
  '本月电量',
  '结算电量',
  '抄见电量',
  '有功电量',
  '合计电量',
  '总电量',
  '电量',
  'Consumption (kWh)',
  'Consumption',
  'Electricity Consumption',
  'Usage (kWh)',
  'Usage',
  'Units Consumed',
  'Energy Consumption',
  'kWh',
];

export const ELECTRICITY_LABELS: readonly LabelSpec<Key>[] = [
  { key: 'accountName', labels: ['户名', '用户名称', '户主', '客户名称', 'Account Name', 'Customer Name'] },
  { key: 'month', labels: MONTH_LABELS },
  { key: 'kwh', labels: KWH_LABELS },
  {
    key: 'other',
    labels: [
      '户号',
      '用电地址',
      '地址',
      '电费',
      '电费金额',
      '应缴金额',
      '电价',
      'Account No.',
      'Account Number',
      'Address',
      'Amount',
      'Amount Due',
      'Tariff',
    ],
  },
];

const COLUMNS: readonly LabelSpec<'month' | 'kwh' | 'other'>[] = [
  { key: 'month', labels: MONTH_LABELS },
  { key: 'kwh', labels: KWH_LABELS },
  {
    key: 'other',
    labels: [
      '电费',
      '金额',
      '电费金额',
      '上期读数',
      '本期读数',
      '单价',
      'Amount',
      'Previous',
      'Current',
      'Rate',
    ],
  },
];

function monthOf(text: string): { month: string; clean: boolean } | null {
  const months = findMonths(text);
  const first = months[0];
  if (!first) return null;
  const rest = (text.slice(0, first.index) + text.slice(first.index + first.length)).replace(/[\s份]/g, '');
  return { month: first.month, clean: months.length === 1 && rest === '' };
}

export function parseElectricityBill(lines: readonly TextLine[], file: string): ElectricityBillFields {
  const out: ElectricityBillFields = { months: [] };
  const found = findLabelled(lines, ELECTRICITY_LABELS);
  const name = found.get('accountName')?.[0];
  if (name) out.accountName = fieldOf(name, name.value, true, file);

  const byMonth = new Map<string, Field<ElectricityMonth>>();
  const unread: Field<ElectricityMonth>[] = [];
  const add = (f: Field<ElectricityMonth>) => {
    if (!byMonth.has(f.value.month)) byMonth.set(f.value.month, f);
  };

  // 1. A table under a header naming both columns.
  const rows = tableRows(lines, COLUMNS, ['month', 'kwh']);
  for (const row of rows) {
    if (row.cells) {
      const month = monthOf(row.cells.month ?? '');
      const kwh = parseQuantity(row.cells.kwh ?? '');
      if (month && kwh) {
        // Its confidence is that of its two cells, not of the row's readings and amount.
        const used = [row.cellSpans?.month, row.cellSpans?.kwh].filter((x): x is Span => x !== undefined);
        add(field({ month: month.month, kwh: kwh.value }, month.clean && kwh.clean, file, row.at, used));
        continue;
      }
    }
    const shaped = rowByShape(row.segments, file, row.at);
    if (shaped) add(shaped);
    else if (row.at.confidences && row.segments.length >= 2 && /\d{4}/.test(row.at.text)) {
      // An OCR'd row that gives no month and consumption: kept, empty and at confidence 0, so the
      // rules know a billed month may hide in it (as bank-statement.ts's unreadRow).
      unread.push({ ...field({ month: '', kwh: 0 }, false, file, row.at), confidence: 0 });
    }
  }

  // 2. A table turned on its side: a row of months under their label, a row of kWh under theirs.
  for (const f of sidewaysTable(lines, file)) add(f);

  // 3. Labelled values: each month with the consumption that follows it on its page, before the
  // next month (one notice per page or per block: 账期, readings, 用电量).
  const months = found.get('month') ?? [];
  const kwhs = found.get('kwh') ?? [];
  const order = (h: LabelHit<Key>) => [h.at.page, h.at.line, h.span[0]] as const;
  const before = (a: LabelHit<Key>, b: LabelHit<Key>) => {
    const [pa, la, sa] = order(a);
    const [pb, lb, sb] = order(b);
    return pa !== pb ? pa < pb : la !== lb ? la < lb : sa < sb;
  };
  months.forEach((m, i) => {
    const next = months[i + 1];
    const k = kwhs.find((x) => x.at.page === m.at.page && !before(x, m) && (!next || before(x, next)));
    if (!k) return;
    const month = monthOf(m.value);
    const kwh = parseQuantity(k.value);
    if (month && kwh) {
      add(field({ month: month.month, kwh: kwh.value }, month.clean && kwh.clean, file, k.at, [k.span]));
    }
  });
  if (rows.length === 0 && byMonth.size === 0) {
    // No header and no labelled months (a header OCR could not read): any line that starts with
    // a month and carries a number, partly read at best.
    for (const at of lines) {
      const shaped = rowByShape(segments(at.text), file, at);
      if (shaped) add(shaped);
    }
  }
  out.months = [...byMonth.values(), ...unread];
  return out;
}

/**
 * Months as columns: a line that starts with a month label followed by two or more months, and
 * below it on the same page a line that starts with a consumption label followed by numbers; each
 * month takes the number in its column (the one under it, or the same position without boxes).
 */
function sidewaysTable(lines: readonly TextLine[], file: string): Field<ElectricityMonth>[] {
  const monthLabels = MONTH_LABELS.map(squash);
  const kwhLabels = KWH_LABELS.map(squash);
  const startsWith = (seg: string | undefined, labels: string[]) =>
    seg !== undefined && labels.some((l) => isHeaderCell(squash(seg), l));
  const out: Field<ElectricityMonth>[] = [];
  lines.forEach((at, i) => {
    const segs = segmentSpans(at.text);
    if (!startsWith(segs[0]?.text, monthLabels)) return;
    const monthCells = segs.slice(1).map((c) => ({ ...c, month: monthOf(c.text) }));
    if (monthCells.length < 2 || monthCells.some((c) => !c.month)) return;
    const below = lines
      .slice(i + 1, i + 6)
      .find((l) => l.page === at.page && startsWith(segmentSpans(l.text)[0]?.text, kwhLabels));
    if (!below) return;
    const kwhCells = segmentSpans(below.text).slice(1);
    monthCells.forEach((m, j) => {
      const box = spanBox(at, m.span);
      const under = box
        ? kwhCells.find((k) => {
            const kb = spanBox(below, k.span);
            return kb !== null && xOverlap(kb, box) > 0.3;
          })
        : kwhCells.length === monthCells.length
          ? kwhCells[j]
          : undefined;
      const kwh = under ? parseQuantity(under.text) : null;
      if (!m.month || !under || !kwh) return;
      const read = field({ month: m.month.month, kwh: kwh.value }, m.month.clean && kwh.clean, file, below, [
        under.span,
      ]);
      // The month's own characters count too (an OCR misread of it lowers the confidence).
      out.push({
        ...read,
        confidence: Math.min(read.confidence, field(0, true, file, at, [m.span]).confidence),
      });
    });
  });
  return out;
}

/** A row read by shape: a month first, then the first number after it. Partial at best. */
function rowByShape(segs: string[], file: string, at: TextLine): Field<ElectricityMonth> | null {
  const month = monthOf(segs[0] ?? '');
  if (!month) return null;
  for (const s of segs.slice(1)) {
    const kwh = parseQuantity(s);
    if (kwh) return field({ month: month.month, kwh: kwh.value }, false, file, at);
  }
  return null;
}
