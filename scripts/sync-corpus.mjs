// Copies the shared corpus's application folders into test/fixtures/corpus (the integration test's
// copy), so the suite does not depend on a folder outside the checkout.
//   node scripts/sync-corpus.mjs [CORPUS_DIR]   (default ../shared/corpus)
import { chmodSync, cpSync, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const from = resolve(process.argv[2] ?? process.env.CORPUS_DIR ?? join(root, '..', 'shared', 'corpus'));
if (!existsSync(join(from, 'applications'))) {
  console.error(`no corpus at ${from} (applications/ missing)`);
  process.exit(2);
}
const to = join(root, 'test', 'fixtures', 'corpus');
rmSync(join(to, 'applications'), { recursive: true, force: true });
cpSync(join(from, 'applications'), join(to, 'applications'), { recursive: true });
cpSync(join(from, 'README.md'), join(to, 'README.md'));
const writable = (p) => {
  chmodSync(p, statSync(p).isDirectory() ? 0o755 : 0o644);
  if (statSync(p).isDirectory()) for (const n of readdirSync(p)) writable(join(p, n));
};
writable(to);
console.log(`copied ${readdirSync(join(to, 'applications')).length} applications from ${from}`);
