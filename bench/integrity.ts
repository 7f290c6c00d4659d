/**
 * `npm run bench:integrity [-- --forms pdf-text,png-scan --repeat N]`
 *
 * Document integrity (issue 17) over every document of the shared corpus (`../shared/corpus` or
 * `CORPUS_DIR`), read through the real extraction with the platform's OCR engine:
 * - false positives: the integrity signs each untouched document raises on its own, and the reuse
 *   signs it raises against every other corpus document taken as an earlier application of
 *   another company (target: 0);
 * - time: extraction with and without the integrity facts, alternating per document so load
 *   drifts alike, plus the rules' own time (target: ≤ 10% added).
 * Writes bench/out/integrity.json.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Extraction } from '../lambdas/domain/model';
import { type Fingerprint, fingerprintsOf, integrityRules } from '../lambdas/domain/rules/integrity';
import { extractDocument } from '../lambdas/extraction/index';
import { corpusDir, corpusDocuments, FORMS, type Form } from './reading/corpus';
import { readingOcr } from './reading/engine';

const HERE = dirname(fileURLToPath(import.meta.url));

function parseArgs(argv: string[]): { forms: Form[]; repeat: number } {
  const out = { forms: [...FORMS] as Form[], repeat: 1 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--forms') out.forms = (argv[++i] ?? '').split(',') as Form[];
    else if (a === '--repeat') out.repeat = Math.max(1, Number(argv[++i]));
    else throw new Error(`unknown argument ${a}`);
  }
  return out;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const dir = corpusDir();
  const docs = corpusDocuments(dir).filter((d) => args.forms.includes(d.form));
  const ocr = await readingOcr();
  // The engine's first load outside any clock.
  const first = docs.find((d) => d.form !== 'pdf-text');
  if (first)
    await extractDocument(
      { type: first.type, file: first.file, bytes: readFileSync(join(dir, first.file)) },
      { ocr },
    );
  let without = 0;
  let withFacts = 0;
  let rulesMs = 0;
  const reads: { file: string; form: Form; extraction: Extraction }[] = [];
  const flagged: string[] = [];
  for (const [i, d] of docs.entries()) {
    const bytes = readFileSync(join(dir, d.file));
    const input = { type: d.type, file: d.file, bytes };
    let read: Extraction | undefined;
    for (let r = 0; r < args.repeat; r++) {
      // Alternate which goes first, so a warm cache or a busy neighbour favours neither.
      const order = (i + r) % 2 === 0 ? [false, true] : [true, false];
      for (const integrity of order) {
        const t = performance.now();
        const e = await extractDocument(input, { ocr, integrity });
        const ms = performance.now() - t;
        if (integrity) {
          withFacts += ms;
          read = e;
        } else without += ms;
      }
    }
    if (!read) continue;
    reads.push({ file: d.file, form: d.form, extraction: read });
    const t = performance.now();
    const { evidence } = integrityRules({
      applicationId: d.file,
      uscc: 'own',
      extractions: [read],
      fingerprints: [],
      seq: 1,
    });
    rulesMs += performance.now() - t;
    for (const x of evidence) flagged.push(`${d.file}: ${x.code} ${x.sign} ${x.detail}`);
    process.stderr.write(
      `${evidence.length ? 'XX' : 'ok'} ${d.file} (${d.form})${read.ok ? '' : ` ${read.problem}`}\n`,
    );
  }
  await ocr.close();
  // Reuse: every other corpus document as an earlier application of another company.
  const all: Fingerprint[] = reads.flatMap((r, i) =>
    fingerprintsOf([r.extraction]).map((f) => ({
      ...f,
      applicationId: r.file,
      uscc: `other-${i}`,
      seq: i + 1,
    })),
  );
  for (const [i, r] of reads.entries()) {
    const t = performance.now();
    const { evidence } = integrityRules({
      applicationId: r.file,
      uscc: 'own',
      extractions: [r.extraction],
      fingerprints: all.filter((f) => f.applicationId !== r.file),
      seq: reads.length + i + 1,
    });
    rulesMs += performance.now() - t;
    for (const x of evidence) flagged.push(`${r.file}: ${x.code} ${x.sign} ${x.detail}`);
  }
  const added = without > 0 ? (withFacts - without) / without : 0;
  const report = {
    date: new Date().toISOString(),
    engine: ocr.engine,
    corpus: dir,
    documents: reads.length,
    byForm: Object.fromEntries(FORMS.map((f) => [f, reads.filter((r) => r.form === f).length])),
    integrityFlags: flagged.length,
    flagged,
    extractionSecondsWithout: without / 1000 / args.repeat,
    extractionSecondsWith: withFacts / 1000 / args.repeat,
    rulesSeconds: rulesMs / 1000,
    addedShare: added,
  };
  const out = join(HERE, 'out', 'integrity.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(
    `Integrity over the shared corpus: ${reads.length} documents (${JSON.stringify(report.byForm)})`,
  );
  console.log(`| target | measured | met |\n|---|---|---|`);
  console.log(
    `| 0 integrity flags on untouched documents | ${flagged.length} | ${flagged.length === 0 ? 'yes' : '**no**'} |`,
  );
  console.log(
    `| signals add ≤ 10% to extraction and checks | ${(report.extractionSecondsWithout).toFixed(1)} s → ${(report.extractionSecondsWith + report.rulesSeconds).toFixed(1)} s (${(100 * ((withFacts + rulesMs - without) / Math.max(1, without))).toFixed(1)}%) | ${withFacts + rulesMs - without <= 0.1 * without ? 'yes' : '**no**'} |`,
  );
  for (const f of flagged) console.log(`  ${f}`);
  console.log(`wrote ${out}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main();
}
