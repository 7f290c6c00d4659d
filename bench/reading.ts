/**
 * `npm run bench:reading [-- --forms pdf-text,png-scan --types business_licence,... --only NAME
 *  --dump --out FILE]`
 *
 * Reads every document of the shared corpus (documents made outside this project, in real
 * layouts, each with its truth: `../shared/corpus` or `CORPUS_DIR`) through the real extraction
 * with the platform's OCR engine, one document at a time, and reports per document type × layout ×
 * form: fields exact, fields flagged (missing or below the confidence floor: a person looks),
 * fields read wrong at or above the floor ("confident and wrong": must be 0), seconds per page
 * (median, p95; the engine's first load reported apart) and the share of documents with a flag.
 * Prints the table and the issue's targets; writes bench/out/reading.json.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractDocument } from '../lambdas/extraction/index';
import type { TextLine } from '../lambdas/extraction/parse/text';
import { type CorpusDocument, corpusDir, corpusDocuments, FORMS, type Form, truthOf } from './reading/corpus';
import { readingOcr } from './reading/engine';
import { layoutOf } from './reading/layout';
import { type FieldResult, scoreDocument } from './reading/score';
import { median, percentiles } from './stats';

const HERE = dirname(fileURLToPath(import.meta.url));
const FLOOR = 0.8;

interface Args {
  forms: Form[];
  types: string[] | null;
  only: string | null;
  dump: boolean;
  out: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    forms: [...FORMS],
    types: null,
    only: null,
    dump: false,
    out: join(HERE, 'out', 'reading.json'),
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i] ?? '';
    if (a === '--forms') args.forms = next().split(',') as Form[];
    else if (a === '--types') args.types = next().split(',');
    else if (a === '--only') args.only = next();
    else if (a === '--dump') args.dump = true;
    else if (a === '--out') args.out = next();
    else throw new Error(`unknown argument ${a}`);
  }
  return args;
}

export interface DocumentRead {
  file: string;
  type: string;
  form: Form;
  layout: string;
  pages: number;
  seconds: number;
  readable: boolean;
  fields: FieldResult[];
}

export interface GroupRow {
  type: string;
  layout: string;
  form: Form;
  documents: number;
  fields: number;
  exact: number;
  flagged: number;
  wrong: number;
  flaggedDocuments: number;
  secondsPerPageMedian: number;
  secondsPerPageP95: number;
}

export function groupRows(reads: readonly DocumentRead[]): GroupRow[] {
  const groups = new Map<string, DocumentRead[]>();
  for (const r of reads) {
    const key = `${r.type}|${r.layout}|${r.form}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, docs]) => {
      const fields = docs.flatMap((d) => d.fields);
      const perPage = docs.map((d) => d.seconds / Math.max(1, d.pages));
      const d0 = docs[0] as DocumentRead;
      return {
        type: d0.type,
        layout: d0.layout,
        form: d0.form,
        documents: docs.length,
        fields: fields.length,
        exact: fields.filter((f) => f.outcome === 'exact').length,
        flagged: fields.filter((f) => f.outcome === 'flagged').length,
        wrong: fields.filter((f) => f.outcome === 'wrong').length,
        flaggedDocuments: docs.filter((d) => d.fields.some((f) => f.outcome === 'flagged')).length,
        secondsPerPageMedian: median(perPage),
        secondsPerPageP95: percentiles(perPage).p95,
      };
    });
}

const pct = (n: number, of: number) => (of === 0 ? '-' : `${((100 * n) / of).toFixed(1)}%`);

function table(rows: readonly GroupRow[]): string {
  const head =
    '| type | layout | form | docs | fields exact | flagged | confident and wrong | flagged docs | s/page median | p95 |';
  const sep = '|---|---|---|---|---|---|---|---|---|---|';
  const body = rows.map(
    (r) =>
      `| ${r.type} | ${r.layout} | ${r.form} | ${r.documents} | ${r.exact}/${r.fields} (${pct(r.exact, r.fields)}) | ${r.flagged} | ${r.wrong} | ${pct(r.flaggedDocuments, r.documents)} | ${r.secondsPerPageMedian.toFixed(2)} | ${r.secondsPerPageP95.toFixed(2)} |`,
  );
  return [head, sep, ...body].join('\n');
}

/** The issue's targets per form, from the documents read. */
export function targets(reads: readonly DocumentRead[]) {
  const of = (forms: Form[]) => reads.filter((r) => forms.includes(r.form));
  const exactShare = (rs: readonly DocumentRead[]) => {
    const f = rs.flatMap((r) => r.fields);
    return f.length ? f.filter((x) => x.outcome === 'exact').length / f.length : 1;
  };
  const wrong = (rs: readonly DocumentRead[]) =>
    rs.flatMap((r) => r.fields).filter((f) => f.outcome === 'wrong').length;
  const flaggedShare = (rs: readonly DocumentRead[]) =>
    rs.length ? rs.filter((r) => r.fields.some((f) => f.outcome === 'flagged')).length / rs.length : 0;
  const text = of(['pdf-text']);
  const scans = of(['png-scan', 'pdf-scan']);
  const photos = of(['jpg-photo']);
  const images = [...scans, ...photos];
  const ocrPages = images.map((r) => r.seconds / Math.max(1, r.pages));
  const fieldsOf = (rs: readonly DocumentRead[]) => rs.flatMap((r) => r.fields);
  // A target whose documents were not read this run is not measured, not met.
  const goal = (target: string, rs: readonly DocumentRead[], value: () => string, met: () => boolean) =>
    rs.length === 0 ? { target, value: 'not run', met: null } : { target, value: value(), met: met() };
  return [
    goal(
      'text-layer PDFs: 100% exact, 0 flagged',
      text,
      () =>
        `${pct(exactShare(text) * 1000, 1000)} exact, ${fieldsOf(text).filter((f) => f.outcome === 'flagged').length} flagged`,
      () => exactShare(text) === 1,
    ),
    goal(
      'scans (PNG, scanned PDF): ≥ 99% exact',
      scans,
      () => pct(exactShare(scans) * 1000, 1000),
      () => exactShare(scans) >= 0.99,
    ),
    goal(
      'phone photos (JPEG): ≥ 95% exact',
      photos,
      () => pct(exactShare(photos) * 1000, 1000),
      () => exactShare(photos) >= 0.95,
    ),
    goal(
      'scans and photos: 0 confident and wrong',
      images,
      () => String(wrong(images)),
      () => wrong(images) === 0,
    ),
    goal(
      'scans and photos: flag rate < 10% of documents',
      images,
      () => pct(flaggedShare(images) * 1000, 1000),
      () => flaggedShare(images) < 0.1,
    ),
    goal(
      'OCR ≤ 2.5 s per page, median',
      images,
      () => `${median(ocrPages).toFixed(2)} s`,
      () => median(ocrPages) <= 2.5,
    ),
  ];
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const dir = corpusDir();
  const docs = corpusDocuments(dir).filter(
    (d: CorpusDocument) =>
      args.forms.includes(d.form) &&
      (!args.types || args.types.includes(d.type)) &&
      (!args.only || d.file.includes(args.only)),
  );
  const t0 = performance.now();
  const ocr = await readingOcr();
  // The engine's first load, apart: one small page read before the clock of any document starts.
  const warm = performance.now();
  const firstImage = docs.find((d) => d.form === 'png-scan' || d.form === 'jpg-photo');
  if (firstImage)
    await extractDocument(
      { type: firstImage.type, file: firstImage.file, bytes: readFileSync(join(dir, firstImage.file)) },
      { ocr },
    );
  const firstLoadSeconds = (performance.now() - warm) / 1000;
  const reads: DocumentRead[] = [];
  for (const d of docs) {
    let lines: readonly TextLine[] = [];
    const start = performance.now();
    const read = await extractDocument(
      { type: d.type, file: d.file, bytes: readFileSync(join(dir, d.file)) },
      {
        ocr,
        onLines: (l) => {
          lines = l;
        },
      },
    );
    const seconds = (performance.now() - start) / 1000;
    const fields = scoreDocument(d.type, truthOf(dir, d), read, FLOOR);
    const layout = layoutOf(d.type, lines, d.pages);
    reads.push({
      file: d.file,
      type: d.type,
      form: d.form,
      layout,
      pages: d.pages,
      seconds,
      readable: read.ok,
      fields,
    });
    const bad = fields.filter((f) => f.outcome !== 'exact');
    process.stderr.write(
      `${bad.length ? 'XX' : 'ok'} ${d.file} (${layout}, ${d.form}) ${seconds.toFixed(2)} s${read.ok ? '' : ` ${read.problem}`}\n`,
    );
    if (args.dump) {
      for (const b of bad)
        process.stderr.write(
          `   ${b.outcome} ${b.field}: ${JSON.stringify(b.read)} @${b.confidence} (truth ${JSON.stringify(b.truth)})\n`,
        );
      if (bad.length) for (const l of lines) process.stderr.write(`     | ${l.text}\n`);
    }
  }
  await ocr.close();
  const rows = groupRows(reads);
  const goals = targets(reads);
  const report = {
    date: new Date().toISOString(),
    engine: ocr.engine,
    corpus: dir,
    documents: reads.length,
    firstLoadSeconds,
    totalSeconds: (performance.now() - t0) / 1000,
    rows,
    targets: goals,
    reads,
  };
  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(args.out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(
    `Reading the shared corpus: ${reads.length} documents, engine ${ocr.engine}, first load ${firstLoadSeconds.toFixed(1)} s\n`,
  );
  console.log(table(rows));
  console.log('\n| target | measured | met |\n|---|---|---|');
  for (const g of goals)
    console.log(`| ${g.target} | ${g.value} | ${g.met === null ? '-' : g.met ? 'yes' : '**no**'} |`);
  console.log(`\nwrote ${args.out}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main();
}
