/** Scoring the benchmark: values read in a comparable form, wrong decisions, the report. */
import { repairOcrUscc } from '../../lambdas/domain/codes';
import type { Extraction, Field, Reason } from '../../lambdas/domain/model';
import { normaliseCode } from '../../lambdas/domain/rules/fields';
import { type DocKind, monthKey, txKey } from './cases';

export type Form = 'png' | 'jpeg' | 'scan-pdf';

export interface FieldScore {
  exact: number;
  confident: number;
  /** Read at or above the floor but wrong. */
  confidentWrong: number;
}

export interface GroupResult {
  kind: DocKind;
  form: Form;
  documents: number;
  pages: number;
  unreadable: number;
  /** Per document: seconds per page. */
  seconds: number[];
  fields: Record<string, FieldScore>;
  wrongDecisions: number;
  /** Documents whose read fields flag a rule. */
  flagged: number;
  /** Documents whose text layer flags a rule too (a flag OCR cannot avoid). */
  truthFlagged: number;
  misreads: { seed: number; field: string; truth: unknown; read: unknown; confidence: number }[];
  /** Every field read: whether it was exactly right, and its confidence (for calibrating). */
  reads: { seed: number; field: string; exact: boolean; confidence: number }[];
  wrong: { seed: number; truth: string[]; read: string[] }[];
}

export interface Read {
  value: unknown;
  confidence: number;
}

const one = (f: Field<unknown> | undefined, map: (v: unknown) => unknown = (v) => v): Read | undefined =>
  f ? { value: map(f.value), confidence: f.confidence } : undefined;

const text = (v: unknown) => (typeof v === 'string' ? v.normalize('NFKC') : v);

/** Rows as sorted keys; the confidence of the lot is its weakest row's (0 when none was read). */
function rows<T>(fields: Field<T>[], key: (v: T) => string): Read {
  return {
    value: fields.map((f) => key(f.value)).sort(),
    confidence: fields.length ? Math.min(...fields.map((f) => f.confidence)) : 0,
  };
}

/** The fields read, as the benchmark's truth writes them (OCR codes after the SPEC's repair). */
export function readValues(kind: DocKind, e: Extraction): Record<string, Read | undefined> {
  if (!e.ok) return {};
  const f = e.fields as Record<string, unknown>;
  const get = (name: string) => f[name] as Field<unknown> | undefined;
  switch (kind) {
    case 'licence': {
      const uscc = get('uscc');
      return {
        uscc: one(uscc, (v) =>
          uscc?.source.method === 'ocr' ? repairOcrUscc(normaliseCode(String(v))) : normaliseCode(String(v)),
        ),
        companyName: one(get('companyName'), text),
        legalRepresentative: one(get('legalRepresentative'), text),
        establishedOn: one(get('establishedOn')),
        validUntil: one(get('validUntil')),
      };
    }
    case 'id':
      return {
        name: one(get('name'), text),
        idNumber: one(get('idNumber'), (v) => normaliseCode(String(v))),
      };
    case 'trademark':
      return {
        registrant: one(get('registrant') ?? get('authorizedParty'), text),
        registrationNumber: one(get('registrationNumber')),
        validUntil: one(get('validUntil')),
      };
    case 'bank':
      return {
        accountName: one(get('accountName'), text),
        transactions: rows(f.transactions as Field<{ date: string; amountMinor: number }>[], txKey),
      };
    case 'electricity':
      return {
        accountName: one(get('accountName'), text),
        months: rows(f.months as Field<{ month: string; kwh: number }>[], monthKey),
      };
  }
}

export const codesOf = (reasons: Reason[], outcome: 'reject' | 'flag') =>
  [...new Set(reasons.filter((r) => r.outcome === outcome).map((r) => r.code))].sort();

/** A wrong decision: a reject the truth does not have, or a pass where the truth rejects or flags. */
export function isWrong(truth: Reason[], read: Reason[]): boolean {
  const truthRejects = codesOf(truth, 'reject');
  const readRejects = codesOf(read, 'reject');
  if (readRejects.some((c) => !truthRejects.includes(c))) return true;
  return read.length === 0 && truth.length > 0;
}

const pct = (n: number, d: number) => (d === 0 ? '–' : `${((100 * n) / d).toFixed(1)}%`);

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
}

export interface Target {
  target: string;
  met: boolean;
  detail: string;
}

/** Prints the table and the targets; returns the targets. */
export function report(results: GroupResult[], totalSeconds: number, concurrency: number): Target[] {
  const rows: string[][] = [
    ['type', 'form', 'docs', 'field', 'exact', 'confident', 'confident+wrong', 's/page mean', 's/page p95'],
  ];
  for (const g of results) {
    const mean = g.seconds.reduce((a, b) => a + b, 0) / Math.max(1, g.seconds.length);
    Object.entries(g.fields).forEach(([name, s], i) => {
      rows.push([
        i === 0 ? g.kind : '',
        i === 0 ? g.form : '',
        i === 0 ? String(g.documents) : '',
        name,
        pct(s.exact, g.documents),
        pct(s.confident, g.documents),
        String(s.confidentWrong),
        i === 0 ? mean.toFixed(2) : '',
        i === 0 ? quantile(g.seconds, 0.95).toFixed(2) : '',
      ]);
    });
    rows.push([
      '',
      '',
      '',
      `wrong decisions ${g.wrongDecisions}`,
      `flagged ${pct(g.flagged, g.documents)}`,
      `(text layer ${pct(g.truthFlagged, g.documents)})`,
      `unreadable ${g.unreadable}`,
      '',
      '',
    ]);
  }
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => [...(r[c] ?? '')].length))) ?? [];
  for (const [i, r] of rows.entries()) {
    console.log(r.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join('  '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }

  const targets: Target[] = [];
  const clean = results.find((g) => g.kind === 'licence' && g.form === 'png');
  if (clean) {
    const worst = Math.min(
      ...['uscc', 'establishedOn', 'validUntil', 'companyName', 'legalRepresentative'].map(
        (f) => (clean.fields[f]?.exact ?? 0) / clean.documents,
      ),
    );
    targets.push({
      target: 'clean PNG licences: USCC, dates, name, legal rep exact ≥ 98%',
      met: worst >= 0.98,
      detail: `lowest ${(100 * worst).toFixed(1)}%`,
    });
  }
  const photos = results.filter((g) => g.form === 'jpeg');
  if (photos.length > 0) {
    const wrong = photos.reduce((s, g) => s + g.wrongDecisions, 0);
    const docs = photos.reduce((s, g) => s + g.documents, 0);
    targets.push({
      target: 'phone photos: zero wrong decisions',
      met: wrong === 0,
      detail: `${wrong} wrong in ${docs}`,
    });
    const lic = photos.find((g) => g.kind === 'licence');
    if (lic) {
      const rate = (lic.fields.uscc?.exact ?? 0) / lic.documents;
      targets.push({
        target: 'phone-photo licences: USCC exact ≥ 80%',
        met: rate >= 0.8,
        detail: `${(100 * rate).toFixed(1)}%`,
      });
    }
  }
  const all = results.flatMap((g) => g.seconds);
  const mean = all.reduce((a, b) => a + b, 0) / Math.max(1, all.length);
  const worstGroup = Math.max(
    ...results.map((g) => g.seconds.reduce((a, b) => a + b, 0) / Math.max(1, g.seconds.length)),
  );
  targets.push({
    target: '≤ 2.5 s per page (mean, 2 cores)',
    met: mean <= 2.5,
    detail: `${mean.toFixed(2)} s overall, slowest group ${worstGroup.toFixed(2)} s`,
  });
  console.log('');
  for (const t of targets) console.log(`${t.met ? 'MET    ' : 'NOT MET'}  ${t.target}  (${t.detail})`);
  const docs = results.reduce((s, g) => s + g.documents, 0);
  console.log(`\n${docs} documents in ${totalSeconds.toFixed(0)} s, ${concurrency} at a time`);
  return targets;
}
