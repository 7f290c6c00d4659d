/**
 * `npm run bench:ocr [-- --count N] [--forms png,jpeg,scan-pdf] [--types licence,id,...] [--seed S]
 *  [--from I] [--concurrency C] [--recheck off] [--dump] [--out FILE]`
 *
 * The offline OCR path end to end, on generated documents (bench/ocr/cases.ts): for each document
 * type and file form, N documents (default 50) are drawn as clean PNG scans and phone-photo JPEGs
 * and read by `extractDocument` with the PaddleOCR engine, C documents at a time (default 2, one
 * OCR worker each: the seconds per page are measured with both cores busy). It reports, per field, how often the
 * value read is exactly right and how often it is confident (≥ the 0.80 floor), and seconds per
 * page; and it runs the rules on what was read and on the text-layer truth: a wrong decision is a
 * reject the truth does not have, or a pass where the truth rejects or flags. A misread must end in
 * a flag (or fail its check).
 *
 * Prints a table and whether the targets are met; writes bench/out/ocr.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Reason } from '../lambdas/domain/model';
import { extractDocument } from '../lambdas/extraction/index';
import { ocrPageLines } from '../lambdas/extraction/ocr-lines';
import { PaddleOcr } from '../lambdas/ocr/paddle-ocr';
import { preprocessImage } from '../lambdas/ocr/preprocess';
import { licencePdf, photoJpeg, rng, scanPdf, scanPng } from '../test/support/docgen/index';
import {
  APPLICATION_DATE,
  CASES,
  DOC_KINDS,
  DOCUMENT_TYPE,
  type DocKind,
  FIELDS,
  settings,
} from './ocr/cases';
import { codesOf, type Form, type GroupResult, isWrong, readValues, report } from './ocr/score';

interface Args {
  /** Print the OCR lines of every document with a misread, and keep its file. */
  dump: boolean;
  count: number;
  /** First document index (with --count, a window of the same documents). */
  from: number;
  forms: Form[];
  types: DocKind[];
  seed: number;
  /** Documents read at once, one OCR worker each (default 2: the 2 cores). */
  concurrency: number;
  /** The second look at Chinese names (extraction/recheck.ts); `--recheck off` to measure without. */
  recheck: boolean;
  /** Where the JSON goes (default bench/out/ocr.json; `npm run bench` keeps its sample apart). */
  out?: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    dump: false,
    count: 50,
    from: 0,
    forms: ['png', 'jpeg'],
    types: DOC_KINDS,
    seed: 1,
    concurrency: 2,
    recheck: true,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1];
    if (a === '--count' && v) args.count = Math.max(1, Number.parseInt(v, 10));
    else if (a === '--forms' && v) args.forms = v.split(',') as Form[];
    else if (a === '--types' && v) args.types = v.split(',') as DocKind[];
    else if (a === '--from' && v) args.from = Math.max(0, Number.parseInt(v, 10));
    else if (a === '--seed' && v) args.seed = Number.parseInt(v, 10);
    else if (a === '--concurrency' && v) args.concurrency = Math.max(1, Number.parseInt(v, 10));
    else if (a === '--recheck' && v) args.recheck = v !== 'off';
    else if (a === '--out' && v) args.out = v;
    else if (a === '--dump') {
      args.dump = true;
      continue;
    } else continue;
    i++;
  }
  return args;
}

const EXT: Record<Form, string> = { png: 'png', jpeg: 'jpg', 'scan-pdf': 'pdf' };
const KIND_SALT: Record<DocKind, number> = { licence: 1, id: 2, trademark: 3, bank: 4, electricity: 5 };

interface DocResult {
  seed: number;
  bytes: Uint8Array;
  seconds: number;
  pages: number;
  unreadable: boolean;
  fields: { name: string; want: unknown; got: { value: unknown; confidence: number } | undefined }[];
  truth: Reason[];
  read: Reason[];
}

/** One document: drawn, scanned or photographed, read by OCR, scored against its text layer. */
async function readOne(kind: DocKind, form: Form, i: number, args: Args, ocr: PaddleOcr): Promise<DocResult> {
  const seed = args.seed * 100_000 + i;
  const r = rng(seed * 31 + KIND_SALT[kind]);
  const c = await CASES[kind](r);
  const sealAt = r.next() < 0.4 ? ('fields' as const) : ('authority' as const);
  const scan = { seed, seal: c.seal, sealAt };
  const bytes =
    form === 'png'
      ? await scanPng(c.pdf, scan)
      : form === 'jpeg'
        ? await photoJpeg(c.pdf, scan)
        : await scanPdf(c.pdf, scan);
  const type = DOCUMENT_TYPE[kind];
  const truth = await extractDocument({ type, file: 'doc.pdf', bytes: c.pdf });
  const t0 = performance.now();
  const read = await extractDocument(
    { type, file: `doc.${EXT[form]}`, bytes },
    { ocr, recheck: args.recheck },
  );
  const pages = read.ok ? read.pages : 1;
  const values = readValues(kind, read);
  return {
    seed,
    bytes,
    seconds: (performance.now() - t0) / 1000 / pages,
    pages,
    unreadable: !read.ok,
    fields: FIELDS[kind].map((name) => ({ name, want: c.truth[name], got: values[name] })),
    truth: c.rules(truth),
    read: c.rules(read),
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = performance.now();
  // One engine per lane: documents are read `concurrency` at a time (one OCR worker each).
  const lanes = Array.from({ length: args.concurrency }, () => new PaddleOcr());
  const results: GroupResult[] = [];
  const floor = settings.confidenceFloor;
  try {
    // Warm the engines up (loading the models is not a page's time).
    const warm = await licencePdf({
      companyName: '义乌市佳家日用品有限公司',
      uscc: '91330782MA2ABCDE1X',
      legalRepresentative: '张三',
      establishedOn: '2019-01-01',
      validUntil: null,
    });
    const warmPng = await scanPng(warm);
    await Promise.all(
      lanes.map((ocr) =>
        extractDocument({ type: 'business_licence', file: 'warm.png', bytes: warmPng }, { ocr }),
      ),
    );

    for (const kind of args.types) {
      for (const form of args.forms) {
        const group: GroupResult = {
          kind,
          form,
          documents: 0,
          pages: 0,
          unreadable: 0,
          seconds: [],
          fields: Object.fromEntries(
            FIELDS[kind].map((f) => [f, { exact: 0, confident: 0, confidentWrong: 0 }]),
          ),
          wrongDecisions: 0,
          flagged: 0,
          truthFlagged: 0,
          misreads: [],
          reads: [],
          wrong: [],
        };
        const docs: DocResult[] = [];
        await Promise.all(
          lanes.map(async (ocr, lane) => {
            for (let i = args.from + lane; i < args.from + args.count; i += lanes.length) {
              docs.push(await readOne(kind, form, i, args, ocr));
              process.stderr.write('.');
            }
          }),
        );
        docs.sort((a, b) => a.seed - b.seed);
        for (const d of docs) {
          group.seconds.push(d.seconds);
          group.documents++;
          group.pages += d.pages;
          if (d.unreadable) group.unreadable++;
          for (const { name, want, got } of d.fields) {
            const score = group.fields[name] as GroupResult['fields'][string];
            const exact = got !== undefined && JSON.stringify(got.value) === JSON.stringify(want);
            if (exact) score.exact++;
            if (got && got.confidence >= floor) {
              score.confident++;
              if (!exact) score.confidentWrong++;
            }
            if (got) group.reads.push({ seed: d.seed, field: name, exact, confidence: got.confidence });
            if (!exact) {
              group.misreads.push({
                seed: d.seed,
                field: name,
                truth: want,
                read: got?.value,
                confidence: got?.confidence ?? 0,
              });
            }
          }
          if (codesOf(d.read, 'flag').length > 0) group.flagged++;
          if (codesOf(d.truth, 'flag').length > 0) group.truthFlagged++;
          if (isWrong(d.truth, d.read)) {
            group.wrongDecisions++;
            group.wrong.push({
              seed: d.seed,
              truth: d.truth.map((x) => `${x.outcome}:${x.code}`),
              read: d.read.map((x) => `${x.outcome}:${x.code}`),
            });
          }
          if (args.dump && group.misreads.some((m) => m.seed === d.seed)) {
            await dump(lanes[0] as PaddleOcr, d.bytes, d.seed, group);
          }
        }
        process.stderr.write(` ${kind}/${form}\n`);
        results.push(group);
      }
    }
  } finally {
    await Promise.all(lanes.map((ocr) => ocr.close()));
  }
  const totalSeconds = (performance.now() - started) / 1000;
  const targets = report(results, totalSeconds, args.concurrency);
  const out = args.out ?? join(dirname(fileURLToPath(import.meta.url)), 'out', 'ocr.json');
  mkdirSync(dirname(out), { recursive: true });
  const engine = (lanes[0] as PaddleOcr).engine;
  writeFileSync(
    out,
    `${JSON.stringify({ args, applicationDate: APPLICATION_DATE, engine, totalSeconds, targets, results }, null, 2)}\n`,
  );
  console.log(`\nwritten ${out}`);
}

async function dump(ocr: PaddleOcr, bytes: Uint8Array, seed: number, group: GroupResult): Promise<void> {
  const dir = join(dirname(fileURLToPath(import.meta.url)), 'out', 'misread');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${group.kind}-${seed}.${EXT[group.form]}`), bytes);
  if (group.form === 'scan-pdf') return;
  const ready = await preprocessImage(bytes, `doc.${EXT[group.form]}`);
  if (!ready.ok) return;
  const page = await ocr.recognize(ready.png, { languages: ['chi_sim', 'eng'] });
  console.error(`\n--- ${group.kind}/${group.form} seed ${seed} (skew ${ready.skewDegrees}°)`);
  for (const m of group.misreads.filter((x) => x.seed === seed))
    console.error(`  misread ${JSON.stringify(m)}`);
  for (const line of ocrPageLines(page)) {
    console.error(`  ${JSON.stringify(line.text)} min ${Math.min(...line.confidences).toFixed(2)}`);
  }
}

await main();
