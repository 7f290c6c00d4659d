/**
 * The figures of bills and statements that must add up, and account numbers, read from the same
 * positioned lines as the fields: per billed month the meter readings, multiplier, kWh, unit price
 * and amount (labelled blocks, a month table, or months as columns); per statement line its amount
 * and the balance after it. Integers only: readings in hundredths, prices in ten-thousandths of a
 * yuan, money in fen. A figure read by OCR below the confidence of a clean read is marked unclean,
 * and the rules do not decide on it.
 */
import type { AccountNumberFact, BankLineFigures, BillFigures } from '../../domain/integrity-facts';
import type { DocumentType } from '../../domain/model';
import { BANK_COLUMNS, signedAmount } from '../parse/bank-statement';
import {
  field,
  isHeaderCell,
  type LabelSpec,
  type Span,
  segmentSpans,
  squash,
  type TextLine,
  tableRows,
} from '../parse/text';
import { findMonths, parseAmountMinor, parseDate } from '../parse/values';

/** OCR'd figures at or above this confidence are decided on (a text layer's are). */
const CLEAN_CONFIDENCE = 0.9;

/** A decimal as an integer of `decimals` places: "0.6420" at 4 → 6420; null when it has more. */
export function scaled(text: string, decimals: number): number | null {
  const m = /^\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*$/.exec(text);
  if (!m) return null;
  const frac = m[2] ?? '';
  if (frac.length > decimals) return null;
  const value = Number((m[1] as string).replace(/,/g, '') + frac.padEnd(decimals, '0'));
  return Number.isSafeInteger(value) ? value : null;
}

function placeOf(
  at: TextLine,
  spans: readonly Span[],
): { page: number; box?: BillFigures['box']; clean: boolean } {
  const read = field(0, true, '', at, spans.length > 0 ? spans : undefined);
  return {
    page: at.page,
    ...(read.source.box ? { box: read.source.box } : {}),
    clean: read.source.method === 'text' || read.confidence >= CLEAN_CONFIDENCE,
  };
}

const NUM = String.raw`(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)`;
type BillKey = 'previous' | 'current' | 'multiplier' | 'kwh' | 'price' | 'amount';
const BILL_LABELS: Record<BillKey, RegExp> = {
  previous: new RegExp(
    String.raw`(?:上期示数|上期读数|上月示数|上次示数|起码|Previous reading|Previous)\s*[:：]?\s*${NUM}`,
    'i',
  ),
  current: new RegExp(
    String.raw`(?:本期示数|本期读数|本月示数|本次示数|止码|Current reading|Current)\s*[:：]?\s*${NUM}`,
    'i',
  ),
  multiplier: new RegExp(String.raw`(?:倍率|Multiplier)\s*[:：]?\s*${NUM}`, 'i'),
  kwh: new RegExp(
    String.raw`(?:用电量|本期电量|结算电量|Consumption)(?:\s*[(（](?:千瓦时|kWh|度)[)）])?\s*[:：]?\s*${NUM}`,
    'i',
  ),
  price: new RegExp(String.raw`(?:电价|单价|Unit price)(?:\s*[(（][^)）]*[)）])?\s*[:：]?\s*${NUM}`, 'i'),
  amount: new RegExp(
    String.raw`(?:电费金额|应缴金额|本期电费|Amount Due|Amount)(?:\s*[(（][^)）]*[)）])?\s*[:：]?\s*(?:CNY|RMB|¥|￥)?\s*${NUM}`,
    'i',
  ),
};
const MONTH_LABEL =
  /(?:账期|计费月份|电费年月|抄表月份|电费月份|结算月份|用电月份|Billing Period|Billing Month)\s*[:：]?\s*(\S+)/i;

function setFigure(out: BillFigures, key: BillKey, text: string): boolean {
  switch (key) {
    case 'previous':
    case 'current':
    case 'multiplier': {
      const v = scaled(text, 2);
      if (v === null) return false;
      out[key === 'previous' ? 'previousCenti' : key === 'current' ? 'currentCenti' : 'multiplierCenti'] = v;
      return true;
    }
    case 'kwh': {
      const v = scaled(text, 0);
      if (v === null) return false;
      out.kwh = v;
      return true;
    }
    case 'price': {
      const v = scaled(text, 4);
      if (v === null) return false;
      out.unitPriceE4 = v;
      return true;
    }
    case 'amount': {
      const v = scaled(text, 2);
      if (v === null) return false;
      out.amountMinor = v;
      return true;
    }
  }
}

/** Labelled blocks: a month label, then the figures under it until the next month or page. */
function labelledBills(lines: readonly TextLine[]): BillFigures[] {
  const out: BillFigures[] = [];
  let block: { figures: BillFigures; lines: Map<TextLine, Span[]> } | null = null;
  const close = () => {
    if (!block) return;
    const spans = [...block.lines.entries()];
    const places = spans.map(([at, s]) => placeOf(at, s));
    const first = spans[0];
    if (first && (block.figures.amountMinor !== undefined || block.figures.previousCenti !== undefined)) {
      const boxes = places.flatMap((p) => (p.box ? [p.box] : []));
      out.push({
        ...block.figures,
        clean: places.every((p) => p.clean),
        ...(boxes.length > 0
          ? {
              box: {
                x0: Math.min(...boxes.map((b) => b.x0)),
                y0: Math.min(...boxes.map((b) => b.y0)),
                x1: Math.max(...boxes.map((b) => b.x1)),
                y1: Math.max(...boxes.map((b) => b.y1)),
              },
            }
          : {}),
      });
    }
    block = null;
  };
  for (const at of lines) {
    const month = MONTH_LABEL.exec(at.text);
    const found = month ? findMonths(month[1] ?? '')[0] : undefined;
    if (found || (block && block.figures.page !== at.page)) close();
    if (found) block = { figures: { page: at.page, month: found.month, clean: true }, lines: new Map() };
    if (!block) continue;
    for (const key of Object.keys(BILL_LABELS) as BillKey[]) {
      const m = BILL_LABELS[key].exec(at.text);
      if (!m || m.index === undefined) continue;
      // The first of each figure in the block (a repeated label belongs to the next notice).
      const had = { ...block.figures };
      if (key === 'previous' && had.previousCenti !== undefined) continue;
      if (key === 'current' && had.currentCenti !== undefined) continue;
      if (key === 'multiplier' && had.multiplierCenti !== undefined) continue;
      if (key === 'kwh' && had.kwh !== undefined) continue;
      if (key === 'price' && had.unitPriceE4 !== undefined) continue;
      if (key === 'amount' && had.amountMinor !== undefined) continue;
      const value = m[1] as string;
      if (!setFigure(block.figures, key, value)) continue;
      const start = m.index + m[0].length - value.length;
      block.lines.set(at, [...(block.lines.get(at) ?? []), [start, start + value.length]]);
    }
  }
  close();
  return out;
}

type Col = 'month' | 'kwh' | 'price' | 'amount' | 'previous' | 'current' | 'multiplier';
const BILL_COLUMNS: readonly LabelSpec<Col>[] = [
  {
    key: 'month',
    labels: ['账期', '计费月份', '电费年月', '抄表月份', '月份', 'Billing Period', 'Billing Month', 'Month'],
  },
  { key: 'kwh', labels: ['用电量', '电量', 'Consumption', 'Usage'] },
  { key: 'price', labels: ['电价', '单价', 'Unit price', 'Rate'] },
  { key: 'amount', labels: ['电费金额', '电费', '金额', 'Amount', 'Amount Due'] },
  { key: 'previous', labels: ['上期示数', '上期读数', 'Previous reading', 'Previous'] },
  { key: 'current', labels: ['本期示数', '本期读数', 'Current reading', 'Current'] },
  { key: 'multiplier', labels: ['倍率', 'Multiplier'] },
];
const COL_KEY: Record<Exclude<Col, 'month'>, BillKey> = {
  kwh: 'kwh',
  price: 'price',
  amount: 'amount',
  previous: 'previous',
  current: 'current',
  multiplier: 'multiplier',
};

/** A month table: a header naming the month, kWh and amount columns, one row per month. */
function tableBills(lines: readonly TextLine[]): BillFigures[] {
  const out: BillFigures[] = [];
  for (const row of tableRows(lines, BILL_COLUMNS, ['month', 'kwh', 'amount'])) {
    if (!row.cells) continue;
    const month = findMonths(row.cells.month ?? '')[0];
    if (!month) continue;
    const figures: BillFigures = { page: row.at.page, month: month.month, clean: true };
    const spans: Span[] = [];
    for (const [col, key] of Object.entries(COL_KEY) as [Exclude<Col, 'month'>, BillKey][]) {
      const cell = row.cells[col];
      if (cell === undefined) continue;
      if (setFigure(figures, key, cell.replace(/^(?:CNY|RMB|¥|￥)\s*/i, ''))) {
        const span = row.cellSpans?.[col];
        if (span) spans.push(span);
      }
    }
    out.push({ ...figures, ...placeOf(row.at, spans) });
  }
  return out;
}

/** Months as columns: a row of months under its label, rows of figures under theirs. */
function sidewaysBills(lines: readonly TextLine[]): BillFigures[] {
  const out: BillFigures[] = [];
  const labelOf = (seg: string | undefined): Col | null => {
    if (seg === undefined) return null;
    const s = squash(seg);
    for (const c of BILL_COLUMNS) if (c.labels.some((l) => isHeaderCell(s, squash(l)))) return c.key;
    return null;
  };
  lines.forEach((at, i) => {
    const segs = segmentSpans(at.text);
    if (labelOf(segs[0]?.text) !== 'month') return;
    const months = segs.slice(1).map((c) => findMonths(c.text)[0]);
    if (months.length < 2 || months.some((m) => !m)) return;
    const bills = months.map((m) => ({
      figures: { page: at.page, month: m?.month ?? '', clean: true } as BillFigures,
      places: [] as { at: TextLine; span: Span }[],
    }));
    for (const below of lines.slice(i + 1, i + 8)) {
      if (below.page !== at.page) break;
      const cells = segmentSpans(below.text);
      const col = labelOf(cells[0]?.text);
      if (!col || col === 'month' || cells.length - 1 !== months.length) continue;
      cells.slice(1).forEach((c, j) => {
        const bill = bills[j];
        if (bill && setFigure(bill.figures, COL_KEY[col], c.text))
          bill.places.push({ at: below, span: c.span });
      });
    }
    for (const b of bills) {
      const placed = b.places.map((p) => placeOf(p.at, [p.span]));
      const boxes = placed.flatMap((p) => (p.box ? [p.box] : []));
      out.push({
        ...b.figures,
        clean: placed.every((p) => p.clean),
        ...(boxes.length > 0
          ? {
              box: {
                x0: Math.min(...boxes.map((x) => x.x0)),
                y0: Math.min(...boxes.map((x) => x.y0)),
                x1: Math.max(...boxes.map((x) => x.x1)),
                y1: Math.max(...boxes.map((x) => x.y1)),
              },
            }
          : {}),
      });
    }
  });
  return out;
}

export function billFigures(lines: readonly TextLine[]): BillFigures[] {
  const table = tableBills(lines);
  const sideways = sidewaysBills(lines);
  return [...labelledBills(lines), ...table, ...sideways];
}

type BankCol = 'date' | 'amount' | 'credit' | 'debit' | 'direction' | 'balance' | 'other';
const BALANCE_LABELS = ['余额', '账户余额', '交易后余额', 'Balance'];
const BANK_LINE_COLUMNS: readonly LabelSpec<BankCol>[] = [
  ...BANK_COLUMNS.filter((c) => c.key !== 'other'),
  { key: 'balance', labels: BALANCE_LABELS },
  {
    key: 'other',
    labels: (BANK_COLUMNS.find((c) => c.key === 'other')?.labels ?? []).filter(
      (l) => !BALANCE_LABELS.includes(l),
    ),
  },
];

/** Statement lines with both an amount and the balance after it, in printed order. */
export function bankLineFigures(lines: readonly TextLine[]): BankLineFigures[] {
  const out: BankLineFigures[] = [];
  for (const row of tableRows(lines, BANK_LINE_COLUMNS, ['date', 'balance'], {
    anyOf: ['amount', 'credit', 'debit'],
  })) {
    if (!row.cells) continue;
    const date = parseDate(row.cells.date ?? '');
    const amount = signedAmount(row.cells);
    // A balance cell may run on into the next column (`999,640.14 杭州…`): its leading amount.
    const balanceText = /^\s*-?[¥￥]?\s*-?[\d,]+\.\d{2}/.exec(row.cells.balance ?? '')?.[0];
    const balance = balanceText ? parseAmountMinor(balanceText) : null;
    if (!date || !amount || !balance) continue;
    const spans = [row.cellSpans?.balance, ...amount.from.map((k) => row.cellSpans?.[k])].filter(
      (s): s is Span => s !== undefined,
    );
    const place = placeOf(row.at, spans);
    out.push({
      ...place,
      clean: place.clean && date.clean && amount.clean && balance.clean,
      date: date.value,
      amountMinor: amount.value,
      balanceMinor: balance.value,
    });
  }
  return out;
}

const ACCOUNT_LABELS: Partial<Record<DocumentType, RegExp>> = {
  bank_statement: /(?:账号|卡号|账户号码|Account Number|Account No\.?)\s*[:：]?\s*(\d(?:[ -]?\d){5,31})/i,
  electricity_bill:
    /(?:户号|用户编号|客户编号|用电户号|Account Number|Account No\.?)\s*[:：]?\s*(\d(?:[ -]?\d){5,31})/i,
};

/** The account number (户号 / 账号) of a statement or a bill, digits only. */
export function accountNumber(type: DocumentType, lines: readonly TextLine[]): AccountNumberFact | undefined {
  const re = ACCOUNT_LABELS[type];
  if (!re) return undefined;
  for (const at of lines) {
    const m = re.exec(at.text);
    if (!m || m.index === undefined) continue;
    const raw = m[1] as string;
    const value = raw.replace(/[\s-]/g, '');
    if (!/^\d{6,32}$/.test(value)) continue;
    const start = m.index + m[0].length - (m[1] as string).length;
    return { value, ...placeOf(at, [[start, start + raw.length]]) };
  }
  return undefined;
}
