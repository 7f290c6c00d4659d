/**
 * What a reader produced against a corpus document's truth (`<file>.truth.json`, the corpus
 * README's format), field by field. Each field is exact, flagged (missing, or read below the
 * confidence floor: the rules would flag) or confident and wrong (read at or above the floor with
 * another value: the number that must be 0). List fields (months, rows) count one field per item
 * of the truth; an item read that the truth lacks counts as wrong (confident or flagged by its own
 * confidence).
 */
import type { DocumentType, Extraction, Field } from '../../lambdas/domain/model';

export type Outcome = 'exact' | 'flagged' | 'wrong';

export interface FieldResult {
  field: string;
  outcome: Outcome;
  truth: unknown;
  read: unknown;
  confidence: number | null;
}

type Truth = Record<string, unknown>;

/** Strings compare as the outside checker compares names: after NFKC, without spaces. */
const normal = (v: unknown): unknown => (typeof v === 'string' ? v.normalize('NFKC').replace(/\s+/g, '') : v);
const iso = (v: unknown) => v;

function single<T>(
  name: string,
  truth: unknown,
  read: Field<T> | undefined,
  floor: number,
  map: (v: T) => unknown = iso as (v: T) => unknown,
): FieldResult {
  if (!read) return { field: name, outcome: 'flagged', truth, read: null, confidence: null };
  const value = map(read.value);
  const same = JSON.stringify(normal(value)) === JSON.stringify(normal(truth));
  const outcome: Outcome = same
    ? read.confidence >= floor
      ? 'exact'
      : 'flagged'
    : read.confidence >= floor
      ? 'wrong'
      : 'flagged';
  return { field: name, outcome, truth, read: value, confidence: read.confidence };
}

/** Items of a list field matched in order of the truth; extras read are wrong. */
function items<T>(
  name: string,
  truth: readonly unknown[],
  read: readonly Field<T>[],
  floor: number,
  key: (v: T) => string,
  truthKey: (t: unknown) => string,
  map: (v: T) => unknown,
): FieldResult[] {
  const out: FieldResult[] = [];
  const byKey = new Map<string, Field<T>[]>();
  for (const f of read) byKey.set(key(f.value), [...(byKey.get(key(f.value)) ?? []), f]);
  const used = new Set<Field<T>>();
  for (const t of truth) {
    const k = truthKey(t);
    const candidates = byKey.get(k) ?? [];
    const hit =
      candidates.find((c) => !used.has(c) && JSON.stringify(map(c.value)) === JSON.stringify(t)) ??
      candidates.find((c) => !used.has(c));
    if (hit) used.add(hit);
    out.push(single(`${name}[${k}]`, t, hit, floor, map));
  }
  for (const f of read) {
    if (used.has(f)) continue;
    out.push({
      field: `${name}[${key(f.value)}]`,
      outcome: f.confidence >= floor ? 'wrong' : 'flagged',
      truth: null,
      read: map(f.value),
      confidence: f.confidence,
    });
  }
  return out;
}

/** Months (YYYY-MM) with at least one transaction, ascending, at the lowest confidence of their lines. */
function monthsCovered(transactions: readonly Field<{ date: string }>[]): Field<string>[] {
  const byMonth = new Map<string, Field<string>>();
  for (const t of transactions) {
    const month = t.value.date.slice(0, 7);
    const seen = byMonth.get(month);
    // A month is read confidently when any of its transactions is.
    if (!seen || t.confidence > seen.confidence) byMonth.set(month, { ...t, value: month });
  }
  return [...byMonth.values()].sort((a, b) => a.value.localeCompare(b.value));
}

export function scoreDocument(
  type: DocumentType,
  truth: Truth,
  read: Extraction,
  floor: number,
): FieldResult[] {
  const fieldsOf = (): Record<string, unknown> => (read.ok ? (read.fields as Record<string, unknown>) : {});
  const f = fieldsOf() as Record<string, Field<unknown> | undefined> & Record<string, unknown>;
  const one = (name: string, t: unknown, key = name) =>
    single(name, t, f[key] as Field<unknown> | undefined, floor);
  switch (type) {
    case 'business_licence':
      return [
        'companyName',
        'uscc',
        'enterpriseType',
        'legalRepresentative',
        'registeredCapital',
        'establishedOn',
        'validUntil',
      ].map((k) => one(k, truth[k]));
    case 'legal_rep_id':
      return [one('name', truth.name), one('idNumber', truth.idNumber)];
    case 'trademark': {
      const out = [
        one('registrant', truth.registrant),
        one('registrationNo', truth.registrationNo, 'registrationNumber'),
        one('validUntil', truth.validUntil),
      ];
      if (truth.kind === 'authorization' || f.authorizedParty)
        out.push(one('authorizedParty', truth.authorizedParty ?? null));
      return out;
    }
    case 'bank_statement': {
      const tx = (f.transactions ?? []) as Field<{ date: string }>[];
      return [
        one('accountName', truth.accountName),
        ...items(
          'monthsCovered',
          (truth.monthsCovered ?? []) as string[],
          monthsCovered(tx),
          floor,
          (m) => m,
          (t) => String(t),
          (m) => m,
        ),
      ];
    }
    case 'electricity_bill': {
      const months = (f.months ?? []) as Field<{ month: string; kwh: number }>[];
      return [
        one('accountName', truth.accountName),
        ...items(
          'months',
          (truth.months ?? []) as unknown[],
          months,
          floor,
          (m) => m.month,
          (t) => (t as { month: string }).month,
          (m) => ({ month: m.month, kwh: m.kwh }),
        ),
      ];
    }
    case 'capacity_proof': {
      const rows = (f.rows ?? []) as Field<{ sku: string; monthlyCapacity: number }>[];
      return items(
        'rows',
        (truth.rows ?? []) as unknown[],
        rows,
        floor,
        (r) => r.sku,
        (t) => (t as { sku: string }).sku,
        (r) => ({ sku: r.sku, monthlyCapacity: r.monthlyCapacity }),
      );
    }
    default:
      return [];
  }
}
