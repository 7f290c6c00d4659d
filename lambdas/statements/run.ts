/**
 * A statement run over local order files (the CLI; the same segments and merge as the deployed
 * job's batches): plan segments, read them on every core (each keeps its lines in the period in
 * shared memory when files are wanted), merge the partial totals (in any order: sums are exact),
 * fix up line numbers, then write the per-statement files on every core.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FeeSchedule } from '../domain/settlement/settle.js';
import type { Totals, TotalsJson } from '../domain/settlement/totals.js';
import type { RunParams } from './context.js';
import { statementBaseName } from './names.js';
import type { WrittenStatement } from './outputs.js';
import { planFiles, planSegments } from './plan.js';
import { mark, reportTimes } from './profile.js';
import { processSegment, type SegmentResult } from './segment.js';
import { mergeTotals, statementTasks, writeCounter } from './tasks.js';
import { defaultThreads, type Pool, runSegments } from './threads.js';

const SMALL_INPUT = 4 << 20;

export interface StatementSummary extends TotalsJson {
  applicationId: string;
  currency: string;
}

export interface RunSummary {
  period: string;
  statements: StatementSummary[];
  rejects: { file: string; line: number; reason: string }[];
}

export interface RunOptions {
  period: string;
  orders: string[];
  schedules: FeeSchedule[];
  /** Where the per-statement files go; none written without it. */
  outDir?: string;
  /** Threads (default: every core). */
  threads?: number;
  /**
   * Bytes per segment (default: the input over 16 × threads, at least 2 MiB: the threads finish
   * reading within a small segment of each other).
   */
  segmentBytes?: number;
  /** Write a PDF per statement too (default true when outDir is given). */
  pdf?: boolean;
}

export interface RunResult {
  summary: RunSummary;
  written: WrittenStatement[];
}

export async function runStatements(opts: RunOptions): Promise<RunResult> {
  const at: Record<string, number> = { run: performance.now() };
  const params: RunParams = { period: opts.period, schedules: opts.schedules };
  const files = planFiles(opts.orders);
  const total = files.reduce((n, f) => n + f.size, 0);
  // A thread costs tens of milliseconds to start: small inputs are read on this one.
  const threads = Math.max(1, opts.threads ?? (total < SMALL_INPUT ? 1 : defaultThreads()));
  const target = opts.segmentBytes ?? Math.max(2 << 20, Math.ceil(total / (threads * 16)));
  const segments = planSegments(files, target);
  const keepLines = opts.outDir !== undefined;
  // The PDFs' font (and the modules it takes: a fifth of a second) loads on this thread while
  // the worker threads start and read, not after the reading.
  const fontLoad =
    keepLines && (opts.pdf ?? true) ? import('./statement-pdf.js').then((m) => m.statementFont()) : undefined;
  fontLoad?.catch(() => {});
  let pool: Pool;
  try {
    pool = await runSegments(params, segments, threads, keepLines, fontLoad);
  } catch (err) {
    if (threads === 1) throw err;
    // A worker that cannot start or dies leaves its segments unread: read everything again here.
    process.stderr.write(
      `statements: worker threads failed (${(err as Error).message}); reading on one thread\n`,
    );
    pool = await runSegments(params, segments, 1, keepLines);
  }
  const results = pool.results;
  mark(at, 'read');

  const rejects: (RunSummary['rejects'][number] & { fileIndex: number })[] = [];
  files.forEach((f, fileIndex) => {
    if (f.layout.headerError)
      rejects.push({
        file: opts.orders[fileIndex] as string,
        fileIndex,
        line: 1,
        reason: f.layout.headerError,
      });
  });
  const totals = new Map<number, Totals>();
  const used: SegmentResult[] = [];
  let fileIndex = -1;
  let readTo = 0;
  let lineOffset = 0;
  for (const seg of segments) {
    let r = results[seg.index] as SegmentResult;
    if (seg.fileIndex !== fileIndex) {
      fileIndex = seg.fileIndex;
      readTo = seg.start;
      lineOffset = 0;
    }
    // A quoted field of the segment before ran past this one's start: this one was read from
    // the middle of a record, so it is read again from where that record ended.
    if (r.start < readTo) {
      if (readTo >= seg.end) continue;
      r = processSegment(params, { ...seg, start: readTo, skipHeader: false }, keepLines);
    }
    for (const j of r.rejects)
      rejects.push({
        file: opts.orders[fileIndex] as string,
        fileIndex,
        line: j.line + lineOffset,
        reason: j.reason,
      });
    mergeTotals(totals, r.totals);
    lineOffset += r.newlines;
    readTo = r.endedAt;
    used.push(r);
  }
  rejects.sort((a, b) => a.fileIndex - b.fileIndex || a.line - b.line);

  const tasks = statementTasks(totals, opts.schedules).sort((a, b) =>
    a.summary.applicationId < b.summary.applicationId
      ? -1
      : a.summary.applicationId > b.summary.applicationId
        ? 1
        : a.summary.currency < b.summary.currency
          ? -1
          : a.summary.currency > b.summary.currency
            ? 1
            : 0,
  );
  mark(at, 'merged');
  let written: WrittenStatement[] = [];
  if (opts.outDir) {
    mkdirSync(opts.outDir, { recursive: true });
    // Largest first, so the last statements taken are small and the threads finish together.
    const order = [...tasks].sort((a, b) => b.summary.lines - a.summary.lines);
    const pdf = opts.pdf ?? true;
    // The font subset is cut here if it is not cached yet (seconds, once), not on every thread,
    // and handed to the threads with the job.
    const font = pdf ? await fontLoad : undefined;
    await pool.write({
      outDir: opts.outDir,
      period: opts.period,
      pdf,
      ...(font ? { font } : {}),
      tasks: order,
      stores: used.flatMap((r) => (r.store ? [r.store] : [])),
      counter: writeCounter(order.length),
    });
    mark(at, 'written');
    const dir = opts.outDir;
    written = tasks.map(({ summary }) => {
      const base = join(dir, statementBaseName(summary.applicationId, opts.period, summary.currency));
      return {
        applicationId: summary.applicationId,
        currency: summary.currency,
        json: `${base}.json`,
        csv: `${base}.csv`,
        ...(pdf ? { pdf: `${base}.pdf` } : {}),
      };
    });
  } else pool.close();
  reportTimes('run', at);
  return {
    summary: {
      period: opts.period,
      statements: tasks.map((t) => t.summary),
      rejects: rejects.map(({ fileIndex: _f, ...r }) => r),
    },
    written,
  };
}
