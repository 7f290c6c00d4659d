import { readFileSync } from 'node:fs';
import { readPdfPages } from '/work/main/lambdas/extraction/pdf-text';

for (const f of process.argv.slice(2)) {
  const r = await readPdfPages(readFileSync(f), f);
  if (!r.ok) {
    console.log(f, r.problem);
    continue;
  }
  console.log('=====', f);
  for (const p of r.pages) {
    console.log('--- page', p.page);
    for (const l of p.lines) console.log(JSON.stringify(l));
  }
}
process.exit(0);
