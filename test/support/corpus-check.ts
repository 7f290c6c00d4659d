/**
 * Compares one `admit` record with a corpus application's expected.json the way the corpus's own
 * checker does (`../shared/corpus/tools/check.mjs`, `checkCase`), with the same mismatch texts:
 * status exact; reject and flag code sets exact (`mayInclude` may add); every reason with a step
 * and a zh and en message; the licence fields; the capacity score; the fee schedule when admitted.
 * An `ocrTolerant` folder may add only low-confidence or name flags, and then may only stop at
 * AWAITING_REVIEW or reject exactly as expected (its licence is not compared).
 */

export const STATUSES = [
  'ADMITTED',
  'REJECTED',
  'AWAITING_REVIEW',
  'AWAITING_LAB_RESULTS',
  'AWAITING_SIGNATURE',
] as const;

export const OCR_TOLERATED_FLAGS = [
  'LICENCE_LOW_CONFIDENCE',
  'LEGAL_REP_LOW_CONFIDENCE',
  'LICENCE_NAME_MISMATCH',
  'LEGAL_REP_MISMATCH',
] as const;

/** expected.json of an application (test/fixtures/corpus/README.md "Applications"). */
export interface CorpusExpectation {
  applicationId?: string;
  status: string;
  reject?: string[];
  flag?: string[];
  mayInclude?: { reject?: string[]; flag?: string[] };
  licence?: Record<string, unknown>;
  capacityScore?: number;
  feeSchedule?: { commissionRate: string; fulfilmentRate: string; settlementTermDays: number };
  ocrTolerant?: boolean;
  note?: string;
}

export interface CorpusVerdict {
  pass: boolean;
  /** The mismatches, each as check.mjs words it. */
  why: string[];
  /** Judged by the OCR-tolerant rule (only tolerated flags were added). */
  tolerated: boolean;
}

type Loose = Record<string, unknown>;

const isObject = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);
const nfkc = (s: unknown) =>
  String(s ?? '')
    .normalize('NFKC')
    .replace(/\s+/g, '');
const fmt = (s: Set<string>) => `{${[...s].sort().join(',')}}`;
const minus = (a: Set<string>, b: Set<string>) => new Set([...a].filter((x) => !b.has(x)));
const sub = (a: Set<string>, b: Set<string>) => [...a].every((x) => b.has(x));
const json = (v: unknown) => JSON.stringify(v);

/** "0.0450" → "0.045", "05" → "5"; null when not a plain decimal string. */
function decimal(s: unknown): string | null {
  if (typeof s !== 'string' || !/^-?\d+(\.\d+)?$/.test(s)) return null;
  const [i = '', f = ''] = s.split('.');
  const frac = f.replace(/0+$/, '');
  return `${String(BigInt(i))}${frac ? `.${frac}` : ''}`;
}

function reasonSets(rec: Loose, why: string[]): { rej: Set<string>; flg: Set<string> } {
  const rej = new Set<string>();
  const flg = new Set<string>();
  if (!Array.isArray(rec.reasons)) {
    why.push('reasons is not a list');
    return { rej, flg };
  }
  const bad = new Set<string>();
  for (const r of rec.reasons as unknown[]) {
    if (!isObject(r) || typeof r.code !== 'string') {
      why.push('a reason has no code');
      continue;
    }
    if (r.outcome === 'reject') rej.add(r.code);
    else if (r.outcome === 'flag') flg.add(r.code);
    else why.push(`reason ${r.code} has outcome ${json(r.outcome)}`);
    const m = r.message;
    const ok =
      typeof r.step === 'string' &&
      r.step !== '' &&
      isObject(m) &&
      typeof m.zh === 'string' &&
      m.zh.trim() !== '' &&
      typeof m.en === 'string' &&
      m.en.trim() !== '';
    if (!ok) bad.add(r.code);
  }
  if (bad.size) why.push(`reasons without step/message{zh,en}: ${fmt(bad)}`);
  return { rej, flg };
}

function sameDate(got: unknown, want: unknown): boolean {
  if (want === null) return got === null;
  return typeof got === 'string' && (got === want || got.startsWith(`${String(want)}T`));
}

function compareLicence(rec: Loose, want: Loose, why: string[]): void {
  const got = isObject(rec.extracted) ? rec.extracted.licence : undefined;
  if (!isObject(got)) {
    why.push('extracted.licence missing');
    return;
  }
  for (const [k, v] of Object.entries(want)) {
    const g = got[k];
    let ok: boolean;
    if (k === 'companyName' || k === 'legalRepresentative') ok = typeof g === 'string' && nfkc(g) === nfkc(v);
    else if (k === 'uscc') ok = typeof g === 'string' && nfkc(g).toUpperCase() === v;
    else if (k === 'establishedOn' || k === 'validUntil') ok = sameDate(g, v);
    else if (k === 'registeredCapital')
      ok = (typeof g === 'number' || (typeof g === 'string' && /^\d+$/.test(g))) && Number(g) === v;
    else ok = json(g) === json(v);
    if (!ok) why.push(`licence.${k} ${json(g)} != ${json(v)}`);
  }
}

/** One application: `id` is its folder name (the applicationId the record must carry). */
export function checkCorpusRecord(id: string, exp: CorpusExpectation, record: unknown): CorpusVerdict {
  const why: string[] = [];
  if (!isObject(record)) return { pass: false, why: ['no record'], tolerated: false };
  const rec = record;
  if (rec.applicationId !== id) why.push(`applicationId ${json(rec.applicationId)}`);
  if (!(STATUSES as readonly unknown[]).includes(rec.status))
    why.push(`status ${json(rec.status)} is not one of the five`);
  const { rej, flg } = reasonSets(rec, why);
  const wantRej = new Set(exp.reject ?? []);
  const wantFlg = new Set(exp.flag ?? []);
  const okRej = new Set([...wantRej, ...(exp.mayInclude?.reject ?? [])]);
  const okFlg = new Set([...wantFlg, ...(exp.mayInclude?.flag ?? [])]);
  const extraFlags = minus(flg, okFlg);
  const status = String(rec.status);
  const tolerated =
    exp.ocrTolerant === true && extraFlags.size > 0 && sub(extraFlags, new Set<string>(OCR_TOLERATED_FLAGS));
  if (tolerated) {
    // OCR may stop at review with only OCR flags added, or reject exactly as expected; never
    // another reject, never admitted.
    if (!sub(wantFlg, flg)) why.push(`flags ${fmt(flg)} lack ${fmt(minus(wantFlg, flg))}`);
    if (rej.size === 0) {
      if (status !== 'AWAITING_REVIEW')
        why.push(`status ${status} with OCR flags ${fmt(extraFlags)} (tolerated only at AWAITING_REVIEW)`);
    } else {
      if (!(sub(wantRej, rej) && sub(rej, okRej) && wantRej.size > 0))
        why.push(`reject ${fmt(rej)} != ${fmt(wantRej)}`);
      if (status !== 'REJECTED') why.push(`status ${status} with rejects`);
    }
  } else {
    if (status !== exp.status) why.push(`status ${status} != ${exp.status}`);
    const mayRej = okRej.size > wantRej.size ? ` (may add ${fmt(minus(okRej, wantRej))})` : '';
    const mayFlg = okFlg.size > wantFlg.size ? ` (may add ${fmt(minus(okFlg, wantFlg))})` : '';
    if (!(sub(wantRej, rej) && sub(rej, okRej))) why.push(`reject ${fmt(rej)} != ${fmt(wantRej)}${mayRej}`);
    if (!(sub(wantFlg, flg) && sub(flg, okFlg))) why.push(`flag ${fmt(flg)} != ${fmt(wantFlg)}${mayFlg}`);
    if (exp.licence) compareLicence(rec, exp.licence, why);
  }
  if (exp.capacityScore !== undefined) {
    const g = isObject(rec.capacity) ? rec.capacity.score : undefined;
    if (!(typeof g === 'number' && g === exp.capacityScore))
      why.push(`capacity.score ${json(g)} != ${exp.capacityScore}`);
  }
  if (exp.feeSchedule && status === 'ADMITTED') {
    const f = rec.feeSchedule;
    if (!isObject(f)) why.push('feeSchedule missing');
    else {
      for (const k of ['commissionRate', 'fulfilmentRate'] as const) {
        if (decimal(f[k]) === null || decimal(f[k]) !== decimal(exp.feeSchedule[k]))
          why.push(`feeSchedule.${k} ${json(f[k])} != "${exp.feeSchedule[k]}"`);
      }
      if (Number(f.settlementTermDays) !== exp.feeSchedule.settlementTermDays)
        why.push(
          `feeSchedule.settlementTermDays ${json(f.settlementTermDays)} != ${exp.feeSchedule.settlementTermDays}`,
        );
    }
  }
  return { pass: why.length === 0, why, tolerated };
}
