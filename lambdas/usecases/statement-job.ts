/**
 * The deployed statement job (lib/statement-job.ts), step by step: Prepare snapshots the fee
 * schedules once for the run; each Distributed Map batch sums its order objects into a partial;
 * Reduce merges the partials (order-free: sums are exact) into the run's summary and statements.
 * The same scanner and domain as the local CLI.
 */
import { currencyCode } from '../domain/settlement/currency.js';
import type { FeeSchedule } from '../domain/settlement/settle.js';
import { stringifyMoney, Totals, type TotalsJson } from '../domain/settlement/totals.js';
import type { ApplicationRepository, ViolationRepository } from '../ports/repository.js';
import { keyApp, keyCurrency } from '../statements/context.js';
import { issuedSummaryKey, statementBaseName } from '../statements/names.js';
import type { RunSummary } from '../statements/run.js';
import { scanStream } from '../statements/stream.js';
import { admittedFeeSchedules } from './statements.js';

/** The S3 objects the job reads and writes. */
export interface StatementObjects {
  stream(key: string): AsyncIterable<Uint8Array>;
  getJson<T>(key: string): Promise<T>;
  putJson(key: string, json: string): Promise<void>;
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
  await objects.putJson(schedulesKey, JSON.stringify(await admittedFeeSchedules(applications, violations)));
  return { period: input.period, runPrefix, schedulesKey };
}

/** Totals as decimal strings in partials, so no JSON reader ever rounds a large sum. */
type PartialTotals = { applicationId: string; currency: string; lines: number } & Record<
  'grossMinor' | 'commissionMinor' | 'fulfilmentMinor' | 'vasMinor',
  string
>;

export interface Partial {
  totals: PartialTotals[];
  rejects: RunSummary['rejects'];
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
  for (const item of items) {
    const result = await scanStream(params, item.Key, objects.stream(item.Key));
    for (const r of result.rejects) rejects.push({ file: item.Key, ...r });
    for (const [key, t] of result.totals) {
      const mine = sums.get(key);
      if (mine) mine.merge(t);
      else sums.set(key, t);
    }
  }
  const partial: Partial = {
    totals: [...sums].map(([key, t]) => {
      const j = t.toJson();
      return {
        applicationId: (schedules[keyApp(key)] as FeeSchedule).applicationId,
        currency: currencyCode(keyCurrency(key)),
        lines: j.lines,
        grossMinor: String(j.grossMinor),
        commissionMinor: String(j.commissionMinor),
        fulfilmentMinor: String(j.fulfilmentMinor),
        vasMinor: String(j.vasMinor),
      };
    }),
    rejects,
  };
  // Named by its first object: a retried batch overwrites its own partial, never adds one.
  const partialKey = `${run.runPrefix}/partials/${encodeURIComponent(items[0]?.Key ?? 'empty')}.json`;
  await objects.putJson(partialKey, JSON.stringify(partial));
  return { partialKey, objects: items.length };
}

/** The Map Run's manifest as ResultWriter writes it, and its result files. */
interface Manifest {
  ResultFiles: { SUCCEEDED?: { Key: string }[]; FAILED?: { Key: string }[] };
}

export async function reduceRun(
  objects: StatementObjects,
  run: RunRef,
  manifestKey: string,
): Promise<{ summaryKey: string; statements: number; rejects: number }> {
  const manifest = await objects.getJson<Manifest>(manifestKey);
  const partialKeys: string[] = [];
  for (const file of manifest.ResultFiles.SUCCEEDED ?? []) {
    const executions = await objects.getJson<{ Output?: string }[]>(file.Key);
    for (const e of executions) {
      const out = JSON.parse(e.Output ?? '{}') as { Payload?: { partialKey?: string } };
      if (out.Payload?.partialKey) partialKeys.push(out.Payload.partialKey);
    }
  }
  const totals = new Map<string, Totals>();
  const rejects: RunSummary['rejects'] = [];
  for (const key of partialKeys.sort()) {
    const p = await objects.getJson<Partial>(key);
    rejects.push(...p.rejects);
    for (const t of p.totals) {
      const id = `${t.applicationId}\u0000${t.currency}`;
      const json: TotalsJson = {
        ...t,
        grossMinor: BigInt(t.grossMinor),
        commissionMinor: BigInt(t.commissionMinor),
        fulfilmentMinor: BigInt(t.fulfilmentMinor),
        vasMinor: BigInt(t.vasMinor),
        netMinor: 0,
      };
      const mine = totals.get(id);
      if (mine) mine.merge(Totals.fromJson(json));
      else totals.set(id, Totals.fromJson(json));
    }
  }
  rejects.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  const statements = [...totals]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, t]) => {
      const [applicationId, currency] = id.split('\u0000') as [string, string];
      return { applicationId, currency, ...t.toJson() };
    });
  const summary: RunSummary = { period: run.period, statements, rejects };
  const files: { applicationId: string; currency: string; json: string }[] = [];
  for (const s of statements) {
    const { applicationId, currency, ...sums } = s;
    const json = `${run.runPrefix}/statements/${statementBaseName(applicationId, run.period, currency)}.json`;
    await objects.putJson(
      json,
      stringifyMoney({ applicationId, period: run.period, currency, totals: sums }, 2),
    );
    files.push({ applicationId, currency, json });
  }
  const summaryKey = `${run.runPrefix}/summary.json`;
  await objects.putJson(summaryKey, stringifyMoney(summary, 2));
  // What finance reads for the period (the portal): the run's summary and each statement's file.
  await objects.putJson(
    issuedSummaryKey(run.period),
    stringifyMoney({
      period: run.period,
      issuedAt: new Date().toISOString(),
      issuedBy: 'statement-job',
      summary: { statements, rejects },
      files,
    }),
  );
  return { summaryKey, statements: statements.length, rejects: rejects.length };
}
