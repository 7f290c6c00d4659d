/**
 * Document integrity (SPEC "Document integrity"): signs that a document was forged, edited or
 * borrowed, each a flag of step `integrity` with its evidence (the sign, the document, the page
 * and region, and for reuse the other application). Pure: the facts come from extraction
 * (integrity-facts.ts), earlier applications' fingerprints from the index, passed in.
 *
 * The seller's message names the document only; which sign was seen is in the evidence, for the
 * reviewer.
 */
import type { IntegrityFacts } from '../integrity-facts.js';
import type { DocumentType, Extraction, PageRegion, Reason } from '../model.js';
import { normaliseName } from '../names.js';
import { reason } from '../reasons.js';
import { DEFAULT_INTEGRITY_SETTINGS, type IntegritySettings } from '../settings.js';

export type IntegritySign =
  | 'same_file'
  | 'same_page_image'
  | 'same_account_number'
  | 'incremental_update'
  | 'text_over_filled_shape'
  | 'font_differs'
  | 'editor_producer'
  | 'image_editor'
  | 'bill_readings'
  | 'bill_amount'
  | 'statement_balance';

export type IntegrityCode = 'DOCUMENT_REUSED' | 'DOCUMENT_EDITED' | 'DOCUMENT_ARITHMETIC_INCONSISTENT';

export interface IntegrityEvidence {
  code: IntegrityCode;
  sign: IntegritySign;
  /** The file as uploaded, and its type. */
  document: string;
  documentType: DocumentType;
  page: number;
  box?: PageRegion;
  otherApplicationId?: string;
  /** What was seen, for the reviewer (never shown to the seller). */
  detail: string;
}

/** One fingerprint of an earlier application's document, as the index keeps it. */
export interface Fingerprint {
  kind: 'sha256' | 'account' | 'phash';
  /** The sha256, the account number (type-qualified) or the page hash. */
  value: string;
  applicationId: string;
  uscc: string;
  documentType: DocumentType;
  file: string;
  page?: number;
  /** The key fields read from that document, normalised (for a page-hash match to count). */
  keys: Record<string, string>;
  /** Order of confirmation: lower was confirmed earlier. */
  seq: number;
}

export interface IntegrityInput {
  applicationId: string;
  uscc: string;
  extractions: readonly Extraction[];
  /** Fingerprints the index holds for this application's keys (its own among them, or not). */
  fingerprints: readonly Fingerprint[];
  /** This application's own place in the confirmation order (Infinity when not recorded). */
  seq: number;
}

/** Documents presented as issued by a bank, a grid company or an authority. */
const ISSUED: ReadonlySet<DocumentType> = new Set([
  'business_licence',
  'legal_rep_id',
  'trademark',
  'bank_statement',
  'electricity_bill',
  'food_licence',
  'medical_device_filing',
]);

type Ok = Extract<Extraction, { ok: true }>;

const matches = (text: string | undefined, list: readonly string[]) => {
  const t = (text ?? '').toLowerCase();
  return t !== '' && list.find((e) => t.includes(e.toLowerCase()));
};

/** The key fields of a document (names, codes, account numbers), normalised for comparison. */
export function keyFields(e: Ok): Record<string, string> {
  const out: Record<string, string> = {};
  const put = (k: string, v: unknown) => {
    if (typeof v === 'string' && v.trim() !== '') out[k] = normaliseName(v);
  };
  const f = e.fields as Record<string, { value?: unknown } | undefined>;
  for (const k of [
    'companyName',
    'uscc',
    'name',
    'idNumber',
    'registrant',
    'authorizedParty',
    'registrationNumber',
    'accountName',
  ]) {
    put(k, f[k]?.value);
  }
  put('accountNumber', e.integrity?.accountNumber?.value);
  return out;
}

/** At least one key field read from both, and every such field the same. */
function keysAgree(a: Record<string, string>, b: Record<string, string>): boolean {
  const shared = Object.keys(a).filter((k) => k in b);
  return shared.length > 0 && shared.every((k) => a[k] === b[k]);
}

/** Hamming distance of two hex hashes of the same length. */
export function hashDistance(a: string, b: string): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let d = 0;
  for (let i = 0; i < a.length; i += 4) {
    let x = Number.parseInt(a.slice(i, i + 4), 16) ^ Number.parseInt(b.slice(i, i + 4), 16);
    while (x) {
      d += x & 1;
      x >>>= 1;
    }
  }
  return d;
}

function editedSigns(
  e: Ok,
  facts: IntegrityFacts,
  s: IntegritySettings,
): Omit<IntegrityEvidence, 'code' | 'document' | 'documentType'>[] {
  const out: Omit<IntegrityEvidence, 'code' | 'document' | 'documentType'>[] = [];
  for (const u of facts.pdf?.updates ?? []) {
    if (!u.changesContent) continue;
    out.push({
      sign: 'incremental_update',
      page: u.pages[0] ?? 1,
      detail: `revision ${u.revision} (re)defines ${u.objects} objects${u.pages.length > 0 ? `, pages ${u.pages.join(', ')}` : ''}`,
    });
  }
  for (const c of facts.covered) {
    out.push({
      sign: 'text_over_filled_shape',
      page: c.page,
      box: c.box,
      detail: `"${c.shown}" drawn over "${c.hidden}"`,
    });
  }
  // A value in a font that no other text of its page uses, on a page written in other fonts.
  const byPage = new Map<number, IntegrityFacts['valueItems']>();
  for (const v of facts.valueItems) byPage.set(v.page, [...(byPage.get(v.page) ?? []), v]);
  for (const [page, values] of byPage) {
    const counts = new Map<string, number>();
    for (const v of values) counts.set(v.font, (counts.get(v.font) ?? 0) + 1);
    const main = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
    if (!main || main[1] < s.fontMinPeers) continue;
    for (const v of values) {
      if (v.font === main[0] || (counts.get(v.font) ?? 0) > s.fontMaxOdd) continue;
      out.push({
        sign: 'font_differs',
        page,
        box: v.box,
        detail: `"${v.text}" in font ${v.font}; ${main[1]} values in ${main[0]}`,
      });
    }
  }
  if (ISSUED.has(e.type)) {
    const pdf = facts.pdf;
    const editor = matches(pdf?.producer, s.pdfEditors) || matches(pdf?.creator, s.pdfEditors);
    if (editor)
      out.push({
        sign: 'editor_producer',
        page: 1,
        detail: `producer "${pdf?.producer ?? ''}", creator "${pdf?.creator ?? ''}"`,
      });
  }
  const app = facts.imageSoftware.find((sw) => matches(sw, s.imageEditors));
  if (app) out.push({ sign: 'image_editor', page: 1, detail: `image metadata names "${app}"` });
  return out;
}

function readingsAddUp(b: IntegrityFacts['bills'][number]): boolean {
  const used = ((b.currentCenti ?? 0) - (b.previousCenti ?? 0)) * (b.multiplierCenti ?? 100);
  return Math.abs(used - (b.kwh ?? 0) * 10_000) < 10_000;
}

function amountAddsUp(b: IntegrityFacts['bills'][number]): boolean {
  return Math.abs((b.kwh ?? 0) * (b.unitPriceE4 ?? 0) - (b.amountMinor ?? 0) * 100) < 100;
}

function arithmeticSigns(
  facts: IntegrityFacts,
): Omit<IntegrityEvidence, 'code' | 'document' | 'documentType'>[] {
  const out: Omit<IntegrityEvidence, 'code' | 'document' | 'documentType'>[] = [];
  const metered = facts.bills.filter(
    (b) => b.clean && b.previousCenti !== undefined && b.currentCenti !== undefined && b.kwh !== undefined,
  );
  const priced = facts.bills.filter(
    (b) => b.clean && b.kwh !== undefined && b.unitPriceE4 !== undefined && b.amountMinor !== undefined,
  );
  for (const b of facts.bills) {
    if (!b.clean) continue;
    const where = { page: b.page, ...(b.box ? { box: b.box } : {}) };
    if (b.previousCenti !== undefined && b.currentCenti !== undefined && b.kwh !== undefined) {
      // (current − previous) × multiplier, in hundredths × hundredths: kWh × 10 000.
      const used = (b.currentCenti - b.previousCenti) * (b.multiplierCenti ?? 100);
      // As for amounts: losses billed on top (变损) are a format when no month follows its readings.
      if (!readingsAddUp(b) && (metered.length < 2 || metered.some((o) => o !== b && readingsAddUp(o)))) {
        out.push({
          sign: 'bill_readings',
          ...where,
          detail: `${b.month}: readings give ${used / 10_000} kWh, the bill says ${b.kwh}`,
        });
      }
    }
    if (b.kwh !== undefined && b.unitPriceE4 !== undefined && b.amountMinor !== undefined) {
      // kWh × price in 1/10 000 yuan against the amount in fen × 100: within one fen. A bill of
      // several months whose amounts never follow (a basic fee, a power-factor charge on top) is
      // an issuer's format, not an edit: its months are held to it only when another one adds up.
      if (!amountAddsUp(b) && (priced.length < 2 || priced.some((o) => o !== b && amountAddsUp(o)))) {
        out.push({
          sign: 'bill_amount',
          ...where,
          detail: `${b.month}: ${b.kwh} kWh × ${b.unitPriceE4 / 10_000} is not ${b.amountMinor / 100}`,
        });
      }
    }
  }
  // Balances run forward (oldest first) or backward (newest first); the direction most lines
  // follow is the statement's, and a line that breaks it is the sign.
  const lines = facts.bankLines;
  const pairs = lines.slice(1).map((l, i) => [lines[i] as (typeof lines)[number], l] as const);
  const forward = pairs.filter(([a, b]) => a.balanceMinor + b.amountMinor === b.balanceMinor).length;
  const backward = pairs.filter(([a, b]) => b.balanceMinor + a.amountMinor === a.balanceMinor).length;
  // Lines read in a way that mostly does not add up (columns misread, signs of another
  // convention) say nothing about the statement: it is decided on only when most lines add up.
  const trusted = Math.max(forward, backward) >= 2 && Math.max(forward, backward) > pairs.length / 2;
  for (const [a, b] of trusted ? pairs : []) {
    if (!a.clean || !b.clean) continue;
    const holds =
      forward >= backward
        ? a.balanceMinor + b.amountMinor === b.balanceMinor
        : b.balanceMinor + a.amountMinor === a.balanceMinor;
    if (holds) continue;
    const at = forward >= backward ? b : a;
    out.push({
      sign: 'statement_balance',
      page: at.page,
      ...(at.box ? { box: at.box } : {}),
      detail: `${at.date}: balance ${at.balanceMinor / 100} does not follow from the line before`,
    });
  }
  return out;
}

function reuseSigns(
  e: Ok,
  facts: IntegrityFacts,
  input: IntegrityInput,
  s: IntegritySettings,
): Omit<IntegrityEvidence, 'code' | 'document' | 'documentType'>[] {
  const out: Omit<IntegrityEvidence, 'code' | 'document' | 'documentType'>[] = [];
  const others = input.fingerprints.filter(
    (f) => f.applicationId !== input.applicationId && f.uscc !== input.uscc && f.seq < input.seq,
  );
  const seen = new Set<string>();
  const add = (sign: IntegritySign, f: Fingerprint, page: number, detail: string, box?: PageRegion) => {
    const key = `${sign}|${f.applicationId}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ sign, page, ...(box ? { box } : {}), otherApplicationId: f.applicationId, detail });
  };
  for (const f of others) {
    if (f.kind === 'sha256' && f.value === facts.sha256)
      add('same_file', f, 1, `the same file as ${f.file} of ${f.applicationId}`);
    const account = facts.accountNumber;
    if (f.kind === 'account' && account && f.value === `${e.type}:${account.value}`) {
      add(
        'same_account_number',
        f,
        account.page,
        `account ${account.value} also on ${f.file} of ${f.applicationId}`,
        account.box,
      );
    }
    if (f.kind === 'phash' && f.documentType === e.type) {
      const page = facts.pageHashes.find((p) => hashDistance(p.hash, f.value) <= s.phashMaxDistance);
      if (page && keysAgree(keyFields(e), f.keys)) {
        add(
          'same_page_image',
          f,
          page.page,
          `page ${page.page} looks like page ${f.page ?? 1} of ${f.file} of ${f.applicationId}`,
        );
      }
    }
  }
  return out;
}

/** Every integrity sign of the application's documents, one reason per code and document. */
export function integrityRules(
  input: IntegrityInput,
  settings: IntegritySettings = DEFAULT_INTEGRITY_SETTINGS,
): { reasons: Reason[]; evidence: IntegrityEvidence[] } {
  const evidence: IntegrityEvidence[] = [];
  for (const e of input.extractions) {
    if (!e.ok || !e.integrity) continue;
    const doc = { document: e.file, documentType: e.type };
    for (const x of reuseSigns(e, e.integrity, input, settings))
      evidence.push({ code: 'DOCUMENT_REUSED', ...doc, ...x });
    for (const x of editedSigns(e, e.integrity, settings))
      evidence.push({ code: 'DOCUMENT_EDITED', ...doc, ...x });
    for (const x of arithmeticSigns(e.integrity))
      evidence.push({ code: 'DOCUMENT_ARITHMETIC_INCONSISTENT', ...doc, ...x });
  }
  const reasons: Reason[] = [];
  const raised = new Set<string>();
  for (const x of evidence) {
    const key = `${x.code}|${x.document}`;
    if (raised.has(key)) continue;
    raised.add(key);
    reasons.push(
      reason(x.code, { documentType: x.documentType, file: x.document }, { document: x.document }),
    );
  }
  return { reasons, evidence };
}

/** What the index keeps of an application's documents: file hashes, account numbers, page hashes. */
export function fingerprintsOf(
  extractions: readonly Extraction[],
): Omit<Fingerprint, 'seq' | 'applicationId' | 'uscc'>[] {
  const out: Omit<Fingerprint, 'seq' | 'applicationId' | 'uscc'>[] = [];
  for (const e of extractions) {
    if (!e.ok || !e.integrity) continue;
    const base = { documentType: e.type, file: e.file, keys: keyFields(e) };
    out.push({ kind: 'sha256', value: e.integrity.sha256, ...base });
    const account = e.integrity.accountNumber;
    if (account)
      out.push({ kind: 'account', value: `${e.type}:${account.value}`, page: account.page, ...base });
    for (const p of e.integrity.pageHashes) out.push({ kind: 'phash', value: p.hash, page: p.page, ...base });
  }
  return out;
}
