/** The figures other parts wrote (bench/out/*.json), read back into the report's sections. */
import type { GroupResult } from '../ocr/score';
import { mean } from '../stats';
import { mdTable } from './tables';

export interface OcrFile {
  args: { count: number };
  engine: string;
  totalSeconds: number;
  targets: { target: string; met: boolean; detail: string }[];
  results: GroupResult[];
}

export interface StatementsFile {
  lines: number;
  threads: number;
  loadAverageAtStart: number;
  ours: { seconds: number; linesPerSecond: number; cpuSeconds: number; linesPerCpuSecond: number };
  duckdb: { seconds: number; linesPerSecond: number };
  ratio: number;
  allTotalsMatch: boolean;
}

export interface BundleRow {
  name: string;
  memoryMb?: number;
  jsBytes?: number;
  otherBytes?: number;
  initMsMedian?: number;
  containerImage?: boolean;
  meetsTargets?: boolean;
}

export interface BundlesFile {
  functions: BundleRow[];
  notes?: string[];
}

interface Target {
  target: string;
  met: boolean | null;
  figure: string;
}

const pct = (n: number, of: number) => (of ? `${Math.round((100 * n) / of)}%` : '–');

/** Mean seconds per page over every document of an OCR run. */
export function ocrSecondsPerPage(ocr: OcrFile): number {
  return mean(ocr.results.flatMap((g) => g.seconds));
}

function ocrTable(ocr: OcrFile): string {
  return mdTable(
    ['type', 'form', 'documents', 'fields exact (lowest)', 'flagged', 'wrong decisions', 's/page'],
    ocr.results.map((g) => {
      const lowest = Object.values(g.fields).reduce((m, f) => Math.min(m, f.exact), g.documents);
      const secs = mean(g.seconds);
      return [
        g.kind,
        g.form,
        g.documents,
        pct(lowest, g.documents),
        pct(g.flagged, g.documents),
        g.wrongDecisions,
        secs.toFixed(2),
      ];
    }),
  );
}

export function ocrSection(sample: OcrFile | null, full: OcrFile | null): string {
  const parts: string[] = [];
  if (sample) {
    parts.push(
      `This run: ${sample.args.count} documents per type and form (${sample.engine}), ${sample.totalSeconds.toFixed(0)} s.`,
      ocrTable(sample),
    );
  }
  if (full && full !== sample) {
    parts.push(
      '',
      `Last full run (\`npm run bench:ocr\`, ${full.args.count} per type and form, bench/out/ocr.json): ${full.targets
        .map((t) => `${t.target}: ${t.met ? 'met' : 'not met'} (${t.detail})`)
        .join('; ')}.`,
    );
  }
  return parts.join('\n');
}

export function statementsSection(s: StatementsFile): { text: string; targets: Target[] } {
  const text = mdTable(
    ['engine', 'lines', 'seconds', 'lines/s', 'lines per CPU-second'],
    [
      [
        'ours',
        s.lines,
        s.ours.seconds.toFixed(2),
        Math.round(s.ours.linesPerSecond),
        Math.round(s.ours.linesPerCpuSecond),
      ],
      ['DuckDB (same file)', s.lines, s.duckdb.seconds.toFixed(2), Math.round(s.duckdb.linesPerSecond), '–'],
    ],
  );
  return {
    text: `${text}\n\n${s.threads} threads, load average ${s.loadAverageAtStart} at start; every total equal to DuckDB's: ${s.allTotalsMatch ? 'yes' : 'NO'}.`,
    targets: [
      {
        target: 'statements: ≥ 5 M lines/s',
        met: s.ours.linesPerSecond >= 5_000_000,
        figure: `${(s.ours.linesPerSecond / 1e6).toFixed(1)} M lines/s`,
      },
      {
        target: 'statements: within 3× of DuckDB, same totals',
        met: s.ratio <= 3 && s.allTotalsMatch,
        figure: `ratio ${s.ratio.toFixed(2)}, totals ${s.allTotalsMatch ? 'equal' : 'differ'}`,
      },
    ],
  };
}

function overList(over: BundleRow[], all: BundleRow[]): string {
  return over.length === all.length ? `every one of the ${all.length}` : over.map((f) => f.name).join(', ');
}

export function bundleSection(b: BundlesFile): { text: string; targets: Target[] } {
  const zip = b.functions.filter((f) => !f.containerImage);
  const kb = (n: number | undefined) => (n === undefined ? '–' : (n / 1024).toFixed(0));
  const text = mdTable(
    ['function', 'memory MB', 'JS KB', 'other files KB', 'init ms (median)'],
    b.functions.map((f) =>
      f.containerImage
        ? [f.name, f.memoryMb ?? '–', 'container image (OCR aside)', '', '']
        : [f.name, f.memoryMb ?? '–', kb(f.jsBytes), kb(f.otherBytes), f.initMsMedian?.toFixed(0) ?? '–'],
    ),
  );
  const over = zip.filter((f) => (f.jsBytes ?? 0) > 300 * 1024);
  const slow = zip.filter((f) => (f.initMsMedian ?? 0) > 100);
  const largest = zip.reduce((m, f) => Math.max(m, f.jsBytes ?? 0), 0);
  const slowest = zip.reduce((m, f) => Math.max(m, f.initMsMedian ?? 0), 0);
  return {
    text: [text, ...(b.notes?.length ? ['', ...b.notes.map((n) => `- ${n}`)] : [])].join('\n'),
    targets: [
      {
        target: 'bundles ≤ 300 KB each (OCR aside)',
        met: over.length === 0,
        figure: `largest ${kb(largest)} KB${over.length ? `; over: ${overList(over, zip)}` : ''}`,
      },
      {
        target: 'module initialisation ≤ 100 ms each (OCR aside)',
        met: slow.length === 0,
        figure: `slowest ${slowest.toFixed(0)} ms${slow.length ? `; over: ${overList(slow, zip)}` : ''}`,
      },
    ],
  };
}
