/**
 * What a person wants to know of each kind of document, from the fields the server read: a
 * licence's name, code, dates and term; how many of the 6 months the bank statements cover; the
 * kWh billed per month; which declared SKUs the capacity proof covers. Pure (tested as tables);
 * the raw fields stay one click away on the page.
 */
import type { DocumentType, DocumentView, Sku } from '../../api/types';

/** SPEC: the 6 full months before the application month. */
export const EVIDENCE_MONTHS = 6;

/** The 6 months (YYYY-MM, oldest first) before the month of `date` (YYYY-MM-DD). */
export function evidenceWindow(date: string): string[] {
  const [y, m] = date.split('-').map(Number) as [number, number];
  const months: string[] = [];
  for (let back = EVIDENCE_MONTHS; back >= 1; back--) {
    const i = y * 12 + (m - 1) - back;
    months.push(`${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
  }
  return months;
}

/** Today in China (the server dates an application by the China date of its submission). */
export function chinaToday(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(now);
}

/** Integer fen as yuan with thousands separators, exactly (no floating point): 1234567 → "12,345.67". */
export function formatYuan(minor: number): string {
  const sign = minor < 0 ? '−' : '';
  const abs = Math.abs(minor);
  const yuan = Math.floor(abs / 100);
  const fen = abs % 100;
  return `${sign}${String(yuan).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${String(fen).padStart(2, '0')}`;
}

/** An ID number shown with its first 3 and last 4 characters only. */
export function maskId(id: string): string {
  return id.length <= 7 ? id : `${id.slice(0, 3)}${'*'.repeat(id.length - 7)}${id.slice(-4)}`;
}

type Values = Record<string, unknown>;

/** Each field's value by name (`months[2]` as it comes), from every readable file given. */
function valuesOf(docs: DocumentView[]): Values[] {
  return docs
    .filter((d) => d.read?.ok)
    .map((d) => Object.fromEntries(Object.entries(d.read?.fields ?? {}).map(([k, f]) => [k, f.value])));
}

/** The values of an array field (`rows[0]`, `rows[1]`…) across files. */
function listOf<T>(all: Values[], name: string): T[] {
  const out: T[] = [];
  for (const v of all)
    for (const [k, value] of Object.entries(v)) if (k.startsWith(`${name}[`) && value) out.push(value as T);
  return out;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

export type DocumentSummary =
  | {
      kind: 'licence';
      companyName?: string;
      uscc?: string;
      legalRepresentative?: string;
      establishedOn?: string;
      /** null: 长期 (no end); undefined: not read. */
      validUntil?: string | null;
      registeredCapitalYuan?: number;
    }
  | { kind: 'id'; name?: string; idNumber?: string }
  | { kind: 'trademark'; holder?: string; registrationNumber?: string; validUntil?: string }
  | {
      kind: 'bank';
      window: string[];
      covered: string[];
      inflowMinor: number;
      outflowMinor: number;
      accountName?: string;
    }
  | {
      kind: 'electricity';
      window: string[];
      kwhByMonth: { month: string; kwh: number }[];
      accountName?: string;
    }
  | { kind: 'capacity'; declared: string[]; proven: string[]; missing: string[] };

/**
 * The summary of one slot's readable files (several bank statements or bills make one picture),
 * or null for documents that carry no fields. `asOf` is the application date (or today for a
 * draft): it fixes the 6-month window.
 */
export function summarise(
  type: DocumentType,
  docs: DocumentView[],
  asOf: string,
  skus: Pick<Sku, 'sku'>[],
): DocumentSummary | null {
  const all = valuesOf(docs);
  if (all.length === 0) return null;
  const first = (name: string) => all.map((v) => v[name]).find((v) => v !== undefined);
  switch (type) {
    case 'business_licence': {
      const until = first('validUntil');
      const capital = first('registeredCapital');
      return {
        kind: 'licence',
        ...opt('companyName', text(first('companyName'))),
        ...opt('uscc', text(first('uscc'))),
        ...opt('legalRepresentative', text(first('legalRepresentative'))),
        ...opt('establishedOn', text(first('establishedOn'))),
        ...(until === null ? { validUntil: null } : opt('validUntil', text(until))),
        ...(typeof capital === 'number' ? { registeredCapitalYuan: capital } : {}),
      };
    }
    case 'legal_rep_id': {
      const id = text(first('idNumber'));
      return { kind: 'id', ...opt('name', text(first('name'))), ...opt('idNumber', id && maskId(id)) };
    }
    case 'trademark':
      return {
        kind: 'trademark',
        ...opt('holder', text(first('authorizedParty')) ?? text(first('registrant'))),
        ...opt('registrationNumber', text(first('registrationNumber'))),
        ...opt('validUntil', text(first('validUntil'))),
      };
    case 'bank_statement': {
      const window = evidenceWindow(asOf);
      const lines = listOf<{ date: string; amountMinor: number }>(all, 'transactions');
      const months = new Set(lines.map((l) => l.date.slice(0, 7)));
      let inflowMinor = 0;
      let outflowMinor = 0;
      for (const l of lines) {
        if (!window.includes(l.date.slice(0, 7))) continue;
        if (l.amountMinor >= 0) inflowMinor += l.amountMinor;
        else outflowMinor -= l.amountMinor;
      }
      return {
        kind: 'bank',
        window,
        covered: window.filter((m) => months.has(m)),
        inflowMinor,
        outflowMinor,
        ...opt('accountName', text(first('accountName'))),
      };
    }
    case 'electricity_bill': {
      const window = evidenceWindow(asOf);
      const kwh = new Map<string, number>();
      for (const m of listOf<{ month: string; kwh: number }>(all, 'months'))
        if (window.includes(m.month)) kwh.set(m.month, (kwh.get(m.month) ?? 0) + m.kwh);
      return {
        kind: 'electricity',
        window,
        kwhByMonth: window.filter((m) => kwh.has(m)).map((month) => ({ month, kwh: kwh.get(month) ?? 0 })),
        ...opt('accountName', text(first('accountName'))),
      };
    }
    case 'capacity_proof': {
      const norm = (s: string) => s.normalize('NFKC').replace(/\s+/gu, '');
      const rows = new Set(listOf<{ sku: string }>(all, 'rows').map((r) => norm(r.sku)));
      const declared = skus.map((s) => s.sku);
      return {
        kind: 'capacity',
        declared,
        proven: declared.filter((s) => rows.has(norm(s))),
        missing: declared.filter((s) => !rows.has(norm(s))),
      };
    }
    default:
      return null;
  }
}

function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
