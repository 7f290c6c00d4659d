/**
 * `npm run bench [-- --skip reading,statements,...] [--ocr-count N] [--lines N] [--apps N] [--baseline REF]`
 *
 * Every benchmark, one after another, each in its own process (a part's memory and threads do not
 * colour the next): orchestration throughput and cost per application, Lambda bundles and
 * initialisation, an OCR sample, statements, four decompression bombs against another seller's
 * upload (security), the ops funnel over 100,000 applications. Reads the figures each part wrote and writes the
 * whole report as bench/out/report.json and bench/out/report.md; prints it, targets included, and
 * the key figures beside those of a baseline: `--baseline REF` runs REF's bench first in a git
 * worktree, else the previous run of another commit (bench/out/history.jsonl) is shown.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REQUIRED_DOCUMENTS } from '../lambdas/domain/documents';
import { QUESTIONS } from '../lambdas/extraction/cross-check';
import { type CostReport, ocrCost } from './cost/model';
import type { FunnelBenchFile } from './funnel';
import type { GovernanceBenchFile } from './governance';
import type { OrchestrationReport } from './orchestration/run';
import {
  appendHistory,
  commitOf,
  comparisonTable,
  previousRun,
  type RunSummary,
  runBaseline,
} from './report/baseline';
import { keyFigures } from './report/figures';
import {
  type BundlesFile,
  bundleSection,
  type OcrFile,
  ocrSecondsPerPage,
  ocrSection,
  type StatementsFile,
  statementsSection,
} from './report/parts';
import { type ReadingFile, readingSecondsPerPage, readingSection } from './report/reading';
import { costTable, mdTable, orchestrationTables } from './report/tables';
import type { SecurityFile } from './security';
import type { SpotCheckBenchFile } from './spotcheck';

const HERE = dirname(fileURLToPath(import.meta.url));
const OUT = join(HERE, 'out');
const ROOT = join(HERE, '..');
// `ocr` (generated documents) is skipped unless asked for: the yardstick of reading is the shared
// corpus (`reading`), documents this project did not make.
const PARTS = [
  'orchestration',
  'bundles',
  'reading',
  'ocr',
  'statements',
  'governance',
  'spotcheck',
  'funnel',
  'security',
] as const;
type Part = (typeof PARTS)[number];

interface Args {
  /** A git ref whose bench runs first, in a worktree, to compare with (report/baseline.ts). */
  baseline?: string;
  skip: Set<Part>;
  ocrCount: number;
  lines?: number;
  apps?: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { skip: new Set(['ocr']), ocrCount: 3 };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i + 1] ?? '';
    if (argv[i] === '--skip') args.skip = new Set(v.split(',') as Part[]);
    else if (argv[i] === '--baseline') args.baseline = v;
    else if (argv[i] === '--ocr-count') args.ocrCount = Math.max(1, Number.parseInt(v, 10));
    else if (argv[i] === '--lines') args.lines = Math.max(1, Number.parseInt(v, 10));
    else if (argv[i] === '--apps') args.apps = Math.max(1, Number.parseInt(v, 10));
    else continue;
    i++;
  }
  return args;
}

/** Runs one part with tsx, its output passed through; returns its wall time in seconds. */
function runPart(script: string, args: string[]): number {
  const started = performance.now();
  const tsx = join(HERE, '..', 'node_modules', '.bin', 'tsx');
  const r = spawnSync(tsx, [join(HERE, script), ...args], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`bench part ${script} failed (exit ${r.status ?? r.signal})`);
  return (performance.now() - started) / 1000;
}

/** Files a part did not write in this run: the report says how old their figures are. */
const stale: string[] = [];

function readJson<T>(file: string, since: number): T | null {
  const path = join(OUT, file);
  if (!existsSync(path)) return null;
  const written = statSync(path).mtime;
  if (written.getTime() < since) stale.push(`${file} (written ${written.toISOString().slice(0, 16)}Z)`);
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

interface Target {
  target: string;
  met: boolean | null;
  figure: string;
}

const mark = (met: boolean | null) => (met === null ? '–' : met ? '✓ met' : '✗ not met');

function main(): void {
  const argv = process.argv.slice(2);
  const args = parseArgs(argv);
  const at = argv.indexOf('--baseline');
  const baseline = args.baseline
    ? runBaseline(ROOT, args.baseline, at >= 0 ? [...argv.slice(0, at), ...argv.slice(at + 2)] : argv)
    : null;
  const started = performance.now();
  const startedAt = Date.now();
  const seconds: Partial<Record<Part, number>> = {};
  const load = loadavg()[0] ?? 0;
  if (!args.skip.has('orchestration'))
    seconds.orchestration = runPart('orchestration.ts', args.apps ? ['--apps', String(args.apps)] : []);
  if (!args.skip.has('bundles')) seconds.bundles = runPart('bundles.ts', []);
  if (!args.skip.has('reading'))
    seconds.reading = runPart('reading.ts', ['--out', join(OUT, 'reading.json')]);
  if (!args.skip.has('ocr'))
    seconds.ocr = runPart('ocr.ts', [
      '--count',
      String(args.ocrCount),
      '--out',
      join(OUT, 'ocr-sample.json'),
    ]);
  if (!args.skip.has('statements'))
    seconds.statements = runPart('statements.ts', args.lines ? ['--lines', String(args.lines)] : []);
  if (!args.skip.has('governance')) seconds.governance = runPart('governance.ts', []);
  if (!args.skip.has('spotcheck')) seconds.spotcheck = runPart('spotcheck.ts', []);
  if (!args.skip.has('funnel')) seconds.funnel = runPart('funnel.ts', []);
  if (!args.skip.has('security'))
    seconds.security = runPart('security.ts', ['--out', join(OUT, 'security.json')]);
  const totalSeconds = (performance.now() - started) / 1000;

  const orchestration = readJson<OrchestrationReport & { cost: CostReport }>('orchestration.json', startedAt);
  const bundles = readJson<BundlesFile>('bundles.json', startedAt);
  const ocrSample = readJson<OcrFile>('ocr-sample.json', startedAt);
  // The full OCR run is its own command (≈ 7 min); its date is in the OCR section.
  const ocrFull = readJson<OcrFile>('ocr.json', 0);
  const statements = readJson<StatementsFile>('statements.json', startedAt);
  const reading = readJson<ReadingFile>('reading.json', startedAt);
  const security = readJson<SecurityFile>('security.json', startedAt);
  const governance = readJson<GovernanceBenchFile>('governance.json', startedAt);
  const spotcheck = readJson<SpotCheckBenchFile>('spotcheck.json', startedAt);
  const funnel = readJson<FunnelBenchFile>('funnel.json', startedAt);

  const targets: Target[] = [];
  const sections: string[] = [];
  sections.push(
    `Machine: ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load average ${load.toFixed(1)} at start. ` +
      `Whole run ${totalSeconds.toFixed(0)} s (${Object.entries(seconds)
        .map(([k, v]) => `${k} ${v.toFixed(0)} s`)
        .join(', ')}).`,
  );
  if (stale.length)
    sections.push(`Figures from an earlier run (their part was skipped this time): ${stale.join(', ')}.`);
  if (orchestration) {
    const { cost } = orchestration;
    const worst = Math.max(...orchestration.levels.map((l) => l.overhead));
    sections.push('## Orchestration throughput', orchestrationTables(orchestration));
    sections.push('## Cost per application on AWS', costTable(cost));
    targets.push(
      {
        target: 'pipeline overhead ≤ 1.5× the raw work (every concurrency)',
        met: worst <= 1.5,
        figure: `worst ${worst.toFixed(2)}×, at the best concurrency ${orchestration.best.overhead.toFixed(2)}×`,
      },
      {
        target: '≥ 10 applications/s at the best concurrency',
        met: orchestration.best.appsPerSecond >= 10,
        figure: `${orchestration.best.appsPerSecond.toFixed(2)} apps/s at concurrency ${orchestration.best.concurrency}; raw work alone ${Math.max(...orchestration.levels.map((l) => l.raw.appsPerSecond)).toFixed(2)} apps/s`,
      },
      {
        target: '≤ $0.01 infrastructure per application',
        met: Number(cost.perApplicationUsd) <= 0.01,
        figure: `$${cost.perApplicationUsd}`,
      },
    );
  }
  if (reading) {
    sections.push(
      '## Reading the shared corpus (documents made outside this project)',
      readingSection(reading),
    );
    for (const t of reading.targets)
      targets.push({ target: `Reading: ${t.target}`, met: t.met, figure: t.value });
  }
  const ocr = ocrSample ?? ocrFull;
  if (ocr || reading) {
    const perPage = reading ? readingSecondsPerPage(reading) : ocrSecondsPerPage(ocr as OcrFile);
    const documents = orchestration ? orchestration.perApplication.documents : 6;
    // Every page is read by the Chinese engine (PaddleOCR) first; an English one goes to Textract too, with QUERIES
    // for the document types that ask them (extraction/cross-check.ts).
    const tesseract = {
      tesseractPages: documents,
      tesseractSecondsPerPage: Number(perPage.toFixed(2)),
      memoryMb: orchestration?.perApplication.extractionMemoryMb ?? 1769,
    };
    const zh = ocrCost({ ...tesseract, textractPages: 0, textractQueryPages: 0 });
    const en = ocrCost({
      ...tesseract,
      textractPages: documents,
      textractQueryPages: REQUIRED_DOCUMENTS.filter((type) => type in QUESTIONS).length,
    });
    sections.push(
      ...(ocr ? ['## OCR of generated documents', ocrSection(ocrSample, ocrFull), ''] : []),
      `OCR cost, on top of the infrastructure, for an application whose ${documents} documents are all photos or scans: ` +
        `Chinese documents $${zh.usd} (${zh.lines.map((l) => `${l.item} $${l.usd}`).join('; ')}); ` +
        `English documents $${en.usd} (${en.lines.map((l) => `${l.item} $${l.usd}`).join('; ')}). A text layer costs none of it.`,
    );
    for (const t of ocr?.targets ?? [])
      targets.push({ target: `OCR: ${t.target}`, met: t.met, figure: t.detail });
  }
  if (bundles) {
    const { text, targets: bundleTargets } = bundleSection(bundles);
    sections.push('## Lambda bundles and initialisation', text);
    targets.push(...bundleTargets);
  }
  if (statements) {
    const { text, targets: statementTargets } = statementsSection(statements);
    sections.push('## Statements', text);
    targets.push(...statementTargets);
  }
  if (governance) {
    sections.push(
      '## Governance (after admission)',
      `${governance.shape.events.toLocaleString('en')} events of ${governance.shape.sellers.toLocaleString('en')} sellers: ${governance.target.figure}.`,
    );
    targets.push({
      target: governance.target.target,
      met: governance.target.met,
      figure: governance.target.figure,
    });
  }
  if (spotcheck) {
    sections.push(
      '## Spot-check round (after admission)',
      `${spotcheck.sample.toLocaleString('en')} bookings through the local spot-check state machine, killed and run again: ${spotcheck.target.figure} (load ${spotcheck.loadAverageAtStart.toFixed(1)} at start).`,
    );
    targets.push(spotcheck.target);
  }
  if (funnel) {
    sections.push(
      '## Ops funnel',
      `${funnel.apps.toLocaleString('en')} applications' summaries in DynamoDB Local (${funnel.bytesPerItem} B each) with ${funnel.rollupItems} roll-up items, the period's funnel from the roll-ups by Queries: ${funnel.target.figure} (CPU ${funnel.best.cpuSeconds.node.toFixed(2)} s node + ${funnel.best.cpuSeconds.dynamoLocal.toFixed(2)} s DynamoDB Local, load ${funnel.best.load.toFixed(1)}).`,
    );
    targets.push({ target: funnel.target.target, met: funnel.target.met, figure: funnel.target.figure });
  }
  if (security) {
    sections.push(
      '## Reading untrusted files (four decompression bombs at once)',
      `Bomb: ${(security.bomb.bytes / 2 ** 20).toFixed(1)} MB inflating to 2 GiB, budget ${security.bomb.budgetMb} MB a document. ` +
        `Another seller's confirm ${security.confirmUnloadedMs.median.toFixed(0)} ms unloaded (median of ${security.confirmUnloadedMs.runs.length}), ` +
        `${security.confirmUnderBombsMs.median.toFixed(0)} ms under the bombs (max ${security.confirmUnderBombsMs.max.toFixed(0)}); ` +
        `RSS ${security.rssMb.start.toFixed(0)} MB before, ${security.rssMb.peak.toFixed(0)} MB at peak, ${security.rssMb.after.toFixed(0)} MB after.`,
    );
    for (const t of security.targets)
      targets.push({ target: `Security: ${t.target}`, met: t.met, figure: t.figure });
  }
  targets.push({
    target: '`npm run bench` under 10 minutes on 2 cores',
    met: args.skip.size === 0 ? totalSeconds < 600 : null,
    figure: `${totalSeconds.toFixed(0)} s${args.skip.size ? ` (parts skipped: ${[...args.skip].join(', ')})` : ''}`,
  });
  const commit = commitOf(ROOT);
  const summary: RunSummary = {
    at: new Date().toISOString(),
    commit,
    figures: keyFigures({
      orchestration,
      cost: orchestration?.cost ?? null,
      bundles,
      ocr,
      reading,
      statements,
    }),
  };
  const base = baseline && 'figures' in baseline ? baseline : previousRun(OUT, commit);
  if (baseline && 'error' in baseline) sections.push(`Baseline not measured: ${baseline.error}.`);
  if (base) {
    sections.push(
      `## Against ${baseline && 'figures' in baseline ? `the baseline run just before (${args.baseline})` : `the previous run on this machine (${base.at.slice(0, 16)}Z)`}`,
      comparisonTable(base, summary),
    );
  }
  const targetTable = mdTable(
    ['target', 'result', 'figure'],
    targets.map((t) => [t.target, mark(t.met), t.figure]),
  );
  const markdown = [
    '# Benchmark report',
    '',
    sections.join('\n\n'),
    '',
    '## Targets',
    '',
    targetTable,
    '',
  ].join('\n');
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, 'report.md'), markdown);
  writeFileSync(
    join(OUT, 'report.json'),
    `${JSON.stringify({ ...summary, loadAverageAtStart: load, totalSeconds, seconds, targets }, null, 2)}\n`,
  );
  appendHistory(OUT, summary);
  console.log(`\n${markdown}`);
  console.log(`written ${join(OUT, 'report.md')} and report.json`);
}

main();
