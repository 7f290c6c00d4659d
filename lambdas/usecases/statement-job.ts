/**
 * The deployed statement job (lib/statement-job.ts), step by step: Prepare snapshots the fee
 * schedules once for the run; each Distributed Map batch sums its order objects into a partial
 * and keeps their lines in the period, per statement, in one binary object (statement-lines.ts);
 * Reduce merges the partials (order-free: sums are exact) into the run's summary and the list of
 * statements with where their lines are; a second Distributed Map writes each statement's JSON,
 * CSV and PDF (statement-files.ts, the CLI's writer); Issue publishes what finance reads, last.
 * The same scanner, domain and file formats as the local CLI.
 */

import { currencyCode } from '../domain/settlement/currency.js';
import type { FeeSchedule } from '../domain/settlement/settle.js';
import { stringifyMoney, Totals, type TotalsJson } from '../domain/settlement/totals.js';
import type { ApplicationRepository, ViolationRepository } from '../ports/repository.js';
import { keyApp, keyCurrency } from '../statements/context.js';
import { LineStore, StoreReader } from '../statements/line-store.js';
import { issuedPrefix, issuedSummaryKey, statementBaseName } from '../statements/names.js';
import type { RunSummary } from '../statements/run.js';
import { encodeStatementLines, scanStreamLines } from './statement-lines.js';
import { admittedFeeSchedules } from './statements.js';

/** The S3 objects the job reads and writes. */
export interface StatementObjects {
  stream(key: string): AsyncIterable<Uint8Array>;
  getJson<T>(key: string): Promise<T>;
  putJson(key: string, json: string): Promise<void>;
  getBytes(key: string): Promise<Uint8Array>;
  /** Bytes [start, start + length) of an object (a ranged GET). */
  getRange(key: string, start: number, length: number): Promise<Uint8Array>;
  putBytes(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** A write-once put (`If-None-Match: *`): false when the key exists already. */
  putOnce(key: string, bytes: Uint8Array, contentType: string): Promise<boolean>;
}

/** Thrown when the period's statements were issued by another run. */
export class StatementsAlreadyIssuedError extends Error {
  override name = 'StatementsAlreadyIssuedError';
}

export interface RunRef {
  period: string;
  runPrefix: string;
  schedulesKey: string;
}

export async function prepareRun(
  applications: ApplicationRepository,
  violations: ViolationRepository,
  objects: StatementObjects,
  input: { period: string; runId: string },
): Promise<RunRef> {
  const runPrefix = `statements/runs/${input.period}/${input.runId}`;
  const schedulesKey = `${runPrefix}/schedules.json`;
  await objects.putJson(
    schedulesKey,
    JSON.stringify(await admittedFeeSchedules(applications, violations, input.period)),
  );
  return { period: input.period, runPrefix, schedulesKey };
}

/** Totals as decimal strings in partials, so no JSON reader ever rounds a large sum. */
export type StringTotals = { lines: number } & Record<
  'grossMinor' | 'commissionMinor' | 'fulfilmentMinor' | 'vasMinor',
  string
>;
type PartialTotals = { applicationId: string; currency: string } & StringTotals & {
    /** Where this statement's lines are in the batch's lines object: [offset, length]. */
    at?: [number, number];
  };

export interface Partial {
  /** The batch's first order object (batches are put back in key order by it). */
  firstKey?: string;
  /** The batch's lines object, relative to the run's prefix. */
  linesKey?: string;
  totals: PartialTotals[];
  rejects: RunSummary['rejects'];
}

/** Keys in S3's listing order (UTF-8 bytes), which is the order the CLI's files are read in. */
const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

const stringTotals = (t: Totals): StringTotals => {
  const j = t.toJson();
  return {
    lines: j.lines,
    grossMinor: String(j.grossMinor),
    commissionMinor: String(j.commissionMinor),
    fulfilmentMinor: String(j.fulfilmentMinor),
    vasMinor: String(j.vasMinor),
  };
};

/** Totals back from their strings, as the CLI's summary has them (numbers while exact). */
export function totalsOf(s: StringTotals): Totals {
  const json: TotalsJson = {
    lines: s.lines,
    grossMinor: BigInt(s.grossMinor),
    commissionMinor: BigInt(s.commissionMinor),
    fulfilmentMinor: BigInt(s.fulfilmentMinor),
    vasMinor: BigInt(s.vasMinor),
    netMinor: 0,
  };
  return Totals.fromJson(json);
}

export async function sumBatch(
  objects: StatementObjects,
  run: RunRef,
  items: { Key: string }[],
): Promise<{ partialKey: string; objects: number }> {
  const schedules = await objects.getJson<FeeSchedule[]>(run.schedulesKey);
  const params = { period: run.period, schedules };
  const sums = new Map<number, Totals>();
  const rejects: RunSummary['rejects'] = [];
  const store = new LineStore();
  const keys = items.map((i) => i.Key).sort(byBytes);
  for (const key of keys) {
    const result = await scanStreamLines(params, key, objects.stream(key), store);
    for (const r of result.rejects) rejects.push({ file: key, ...r });
    for (const [k, t] of result.totals) {
      const mine = sums.get(k);
      if (mine) mine.merge(t);
      else sums.set(k, t);
    }
  }
  // Named by its first object: a retried batch overwrites its own objects, never adds one.
  const name = encodeURIComponent(keys[0] ?? 'empty');
  const linesKey = `lines/${name}.bin`;
  const reader = new StoreReader(store.finish());
  const slices: Buffer[] = [];
  let offset = 0;
  const totals = [...sums].map(([key, t]): PartialTotals => {
    const slice = encodeStatementLines(reader, key);
    slices.push(slice);
    const at: [number, number] = [offset, slice.length];
    offset += slice.length;
    return {
      applicationId: (schedules[keyApp(key)] as FeeSchedule).applicationId,
      currency: currencyCode(keyCurrency(key)),
      ...stringTotals(t),
      at,
    };
  });
  await objects.putBytes(`${run.runPrefix}/${linesKey}`, Buffer.concat(slices), 'application/octet-stream');
  const partial: Partial = { firstKey: keys[0] ?? '', linesKey, totals, rejects };
  const partialKey = `${run.runPrefix}/partials/${name}.json`;
  await objects.putJson(partialKey, JSON.stringify(partial));
  return { partialKey, objects: items.length };
}

/** The Map Run's manifest as ResultWriter writes it, and its result files. */
interface Manifest {
  ResultFiles: { SUCCEEDED?: { Key: string }[]; FAILED?: { Key: string }[] };
}

/**
 * One statement as the files Map takes it: its totals and where its lines are, in file order
 * ([lines object relative to the run's prefix, offset, length]).
 */
export interface StatementItem extends StringTotals {
  applicationId: string;
  currency: string;
  parts: [string, number, number][];
}

const CONTENT_TYPES = {
  json: 'application/json',
  csv: 'text/csv; charset=utf-8',
  pdf: 'application/pdf',
} as const;
export const FILE_KINDS = Object.keys(CONTENT_TYPES) as (keyof typeof CONTENT_TYPES)[];
export const contentType = (kind: keyof typeof CONTENT_TYPES) => CONTENT_TYPES[kind];

/** Where a statement's file goes: where the local issue puts it (statements/issued/<period>/). */
export const issuedFileKey = (period: string, applicationId: string, currency: string, ext: string) =>
  `${issuedPrefix(period)}/${statementBaseName(applicationId, period, currency)}.${ext}`;

export async function reduceRun(
  objects: StatementObjects,
  run: RunRef,
  manifestKey: string,
): Promise<{ summaryKey: string; itemsKey: string; statements: number; rejects: number }> {
  const manifest = await objects.getJson<Manifest>(manifestKey);
  const partialKeys: string[] = [];
  for (const file of manifest.ResultFiles.SUCCEEDED ?? []) {
    const executions = await objects.getJson<{ Output?: string }[]>(file.Key);
    for (const e of executions) {
      const out = JSON.parse(e.Output ?? '{}') as { Payload?: { partialKey?: string } };
      if (out.Payload?.partialKey) partialKeys.push(out.Payload.partialKey);
    }
  }
  const partials: Partial[] = [];
  for (const key of partialKeys.sort()) partials.push(await objects.getJson<Partial>(key));
  // Lines in the CLI's order: batches by their first order object, then as each batch read them.
  partials.sort((a, b) => byBytes(a.firstKey ?? '', b.firstKey ?? ''));
  const totals = new Map<string, { t: Totals; parts: StatementItem['parts'] }>();
  const rejects: RunSummary['rejects'] = [];
  for (const p of partials) {
    rejects.push(...p.rejects);
    for (const t of p.totals) {
      const id = `${t.applicationId}\u0000${t.currency}`;
      let mine = totals.get(id);
      if (mine) mine.t.merge(totalsOf(t));
      else {
        mine = { t: totalsOf(t), parts: [] };
        totals.set(id, mine);
      }
      if (p.linesKey && t.at && t.at[1] > 0) mine.parts.push([p.linesKey, t.at[0], t.at[1]]);
    }
  }
  rejects.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  const sorted = [...totals].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const statements = sorted.map(([id, { t }]) => {
    const [applicationId, currency] = id.split('\u0000') as [string, string];
    return { applicationId, currency, ...t.toJson() };
  });
  const items: StatementItem[] = sorted.map(([id, { t, parts }]) => {
    const [applicationId, currency] = id.split('\u0000') as [string, string];
    return { applicationId, currency, ...stringTotals(t), parts };
  });
  const summary: RunSummary = { period: run.period, statements, rejects };
  const summaryKey = `${run.runPrefix}/summary.json`;
  await objects.putJson(summaryKey, stringifyMoney(summary, 2));
  // The files Map's items: an array in S3 (its ItemReader), not state (a state holds 256 KB).
  const itemsKey = `${run.runPrefix}/statement-items.json`;
  await objects.putJson(itemsKey, JSON.stringify(items));
  // What finance will read for the period, published by IssueStatements once every file exists.
  await objects.putJson(
    `${run.runPrefix}/issued.json`,
    stringifyMoney({
      period: run.period,
      issuedAt: new Date().toISOString(),
      issuedBy: 'statement-job',
      summary: { statements, rejects },
      files: statements.map(({ applicationId, currency }) => ({
        applicationId,
        currency,
        ...Object.fromEntries(
          FILE_KINDS.map((kind) => [kind, issuedFileKey(run.period, applicationId, currency, kind)]),
        ),
      })),
    }),
  );
  return { summaryKey, itemsKey, statements: statements.length, rejects: rejects.length };
}

/**
 * Publishes the period's issued record (statements/issued/<period>/summary.json) with a write-once
 * put, after every statement's files are written: the portal never links a file not there yet.
 * A retry that finds its own record there succeeds; another run's record fails the run.
 */
export async function issueRun(objects: StatementObjects, run: RunRef): Promise<{ issuedKey: string }> {
  const issuedKey = issuedSummaryKey(run.period);
  const record = await objects.getBytes(`${run.runPrefix}/issued.json`);
  if (await objects.putOnce(issuedKey, record, 'application/json')) return { issuedKey };
  const there = await objects.getBytes(issuedKey);
  if (Buffer.compare(Buffer.from(there), Buffer.from(record)) === 0) return { issuedKey };
  throw new StatementsAlreadyIssuedError(`statements of ${run.period} were issued already`);
}
