/**
 * Bank statement (银行流水): account name and one transaction per table row (date, signed amount
 * in integer fen). Rows that line up with the header are clean; others are read by shape, partly.
 */
import type { BankStatementFields, BankTransaction, Field } from '../../domain/model';
import {
  field,
  fieldOf,
  findLabelled,
  type LabelSpec,
  type Span,
  segments,
  type TextLine,
  tableRows,
} from './text';
import { parseAmountMinor, parseDate } from './values';

type LabelKey = 'accountName' | 'other';
type Column = 'date' | 'amount' | 'credit' | 'debit' | 'direction' | 'other';

export const BANK_LABELS: readonly LabelSpec<LabelKey>[] = [
  {
    key: 'accountName',
    labels: [
      '户名',
      '账户名称',
      '账户名',
      '客户名称',
      '户口名称',
      'Account Name',
      'Account Holder',
      'Account Holder Name',
    ],
  },
  {
    key: 'other',
    labels: [
      '账号',
      '卡号',
      '开户行',
      '开户银行',
      '币种',
      '查询期间',
      '起止日期',
      '打印日期',
      'Account No.',
      'Account Number',
      'Bank',
      'Currency',
      'Period',
      'Statement Period',
      'Print Date',
    ],
  },
];

export const BANK_COLUMNS: readonly LabelSpec<Column>[] = [
  {
    key: 'date',
    labels: [
      '交易日期',
      '记账日期',
      '入账日期',
      '日期',
      '交易时间',
      'Transaction Date',
      'Posting Date',
      'Value Date',
      'Date',
    ],
  },
  { key: 'amount', labels: ['交易金额', '发生额', '金额', 'Transaction Amount', 'Amount'] },
  // Money in and out in columns of their own: a row fills one of them.
  {
    key: 'credit',
    labels: [
      '收入金额',
      '贷方金额',
      '贷方发生额',
      '收入',
      '存入',
      '贷方',
      'Credit Amount',
      'Credit',
      'Deposit',
      'Deposits',
      'Money In',
    ],
  },
  {
    key: 'debit',
    labels: [
      '支出金额',
      '借方金额',
      '借方发生额',
      '支出',
      '支取',
      '借方',
      'Debit Amount',
      'Debit',
      'Withdrawal',
      'Withdrawals',
      'Money Out',
    ],
  },
  { key: 'direction', labels: ['借贷标志', '借贷', '收/支', '收支', 'Dr/Cr', 'D/C', 'Debit/Credit'] },
  {
    key: 'other',
    labels: [
      '余额',
      '摘要',
      '对方户名',
      '对方账号',
      '备注',
      'Balance',
      'Description',
      'Counterparty',
      'Remarks',
    ],
  },
];

const DEBIT = /^(?:借|支|支出|出|D|DR|DEBIT)$/i;

export function parseBankStatement(lines: readonly TextLine[], file: string): BankStatementFields {
  const out: BankStatementFields = { transactions: [] };
  const name = findLabelled(lines, BANK_LABELS).get('accountName')?.[0];
  if (name) out.accountName = fieldOf(name, name.value, true, file);

  const rows = tableRows(lines, BANK_COLUMNS, ['date'], { anyOf: ['amount', 'credit', 'debit'] });
  for (const row of rows) {
    const tx = row.cells ? alignedRow(row.cells, row.cellSpans ?? {}, file, row.at) : null;
    const read = tx ?? rowByShape(row.segments, file, row.at) ?? unreadRow(row.at, file);
    if (read) {
      out.transactions.push(read);
    }
  }
  if (rows.length === 0) {
    // No header: any line that starts with a date and carries an amount.
    for (const at of lines) {
      const read = rowByShape(segments(at.text), file, at);
      if (read) out.transactions.push(read);
    }
  }
  return out;
}

function alignedRow(
  cells: Partial<Record<Column, string>>,
  spans: Partial<Record<Column, Span>>,
  file: string,
  at: TextLine,
): Field<BankTransaction> | null {
  const date = parseDate(cells.date ?? '');
  if (!date) return null;
  const amount = signedAmount(cells);
  if (!amount) return null;
  // Its confidence is that of the cells it was read from, not of the whole row (balance, names).
  const used = amount.from.map((k) => spans[k]).filter((x): x is Span => x !== undefined);
  return field({ date: date.value, amountMinor: amount.value }, date.clean && amount.clean, file, at, [
    ...(spans.date ? [spans.date] : []),
    ...used,
  ]);
}

/** The row's signed amount: its amount column (negative when marked a debit), else credit − debit. */
export function signedAmount(
  cells: Partial<Record<Column, string>>,
): { value: number; clean: boolean; from: Column[] } | null {
  const amount = cells.amount !== undefined ? parseAmountMinor(cells.amount) : null;
  if (amount) {
    let value = amount.value;
    if (cells.direction !== undefined && DEBIT.test(cells.direction.trim()) && value > 0) value = -value;
    return { value, clean: amount.clean, from: ['amount', 'direction'] };
  }
  const credit = cells.credit !== undefined ? parseAmountMinor(cells.credit) : null;
  const debit = cells.debit !== undefined ? parseAmountMinor(cells.debit) : null;
  if (!credit && !debit) return null;
  const value = (credit?.value ?? 0) - Math.abs(debit?.value ?? 0);
  return {
    value,
    clean: (credit?.clean ?? true) && (debit?.clean ?? true),
    from: [...(credit ? (['credit'] as const) : []), ...(debit ? (['debit'] as const) : [])],
  };
}

/**
 * An OCR'd line under the header that looks like a row (cells, digits) but gives no date and amount:
 * a row that was there and could not be read. It is kept, empty and below any floor, so the rules
 * know a month may hide in it (they flag instead of deciding that the month has no transaction).
 */
function unreadRow(at: TextLine, file: string): Field<BankTransaction> | null {
  if (!at.confidences) return null;
  if (segments(at.text).length < 2 || (at.text.match(/\d/g) ?? []).length < 6) return null;
  return { ...field({ date: '', amountMinor: 0 }, false, file, at), confidence: 0 };
}

/** A row read by its shape only: a date first, then the first amount after it. Partial at best. */
function rowByShape(segs: string[], file: string, at: TextLine): Field<BankTransaction> | null {
  const date = parseDate(segs[0] ?? '');
  if (!date) return null;
  for (const s of segs.slice(1)) {
    const amount = parseAmountMinor(s);
    if (amount) return field({ date: date.value, amountMinor: amount.value }, false, file, at);
  }
  return null;
}
