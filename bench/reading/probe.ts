// Development probe: reads corpus documents (text layer only unless --ocr) and prints each field
// that is not exact. `tsx bench/reading/probe.ts [--ocr] [--type T] [--form F] [--lines] [FILE...]`
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractDocument } from '../../lambdas/extraction/index';
import { corpusDir, corpusDocuments, truthOf } from './corpus';
import { scoreDocument } from './score';

const argv = process.argv.slice(2);
const opt = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const dir = corpusDir();
const files = argv.filter((a, i) => !a.startsWith('--') && !['--type', '--form'].includes(argv[i - 1] ?? ''));
const docs = corpusDocuments(dir).filter(
  (d) =>
    (files.length === 0 || files.some((f) => d.file.includes(f))) &&
    (!opt('--type') || d.type === opt('--type')) &&
    (!opt('--form') ? argv.includes('--ocr') || d.form === 'pdf-text' : d.form === opt('--form')),
);
const ocr = argv.includes('--ocr') ? await (await import('./engine')).readingOcr() : undefined;
let exact = 0;
let total = 0;
for (const d of docs) {
  const t0 = performance.now();
  const read = await extractDocument(
    { type: d.type, file: d.file, bytes: readFileSync(join(dir, d.file)) },
    { ocr },
  );
  const ms = performance.now() - t0;
  const results = scoreDocument(d.type, truthOf(dir, d), read, 0.8);
  const bad = results.filter((r) => r.outcome !== 'exact');
  exact += results.length - bad.length;
  total += results.length;
  console.log(
    `${bad.length ? 'XX' : 'ok'} ${d.file} ${d.form} ${(ms / 1000).toFixed(2)}s${read.ok ? '' : ` UNREADABLE ${read.problem}`}`,
  );
  for (const r of bad)
    console.log(
      `   ${r.outcome} ${r.field}: truth ${JSON.stringify(r.truth)} read ${JSON.stringify(r.read)} @${r.confidence}`,
    );
}
console.log(`${exact}/${total} fields exact`);
await ocr?.close();
