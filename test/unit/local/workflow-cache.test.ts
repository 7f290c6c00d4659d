import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CachedWorkflows } from '../../../local/workflow-cache.js';
import { parseWorkflows, serializeWorkflows, sourcesHash } from '../../../local/workflow-cache.js';

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'wf-cache-'));
  roots.push(root);
  for (const d of ['bin', 'lib', 'lambdas']) mkdirSync(join(root, d), { recursive: true });
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(root, p, '..'), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  return root;
}

describe('the local workflows cache key', () => {
  const base = { 'lib/a.ts': 'a', 'lambdas/x/b.ts': 'b', 'package-lock.json': '{}' };

  it('is the same for the same sources, wherever they are', () => {
    expect(sourcesHash(tree(base))).toBe(sourcesHash(tree(base)));
  });

  it.each([
    ['a construct changes', { 'lib/a.ts': 'a2' }],
    ['a handler changes', { 'lambdas/x/b.ts': 'b2' }],
    ['a file is added', { 'bin/app.ts': 'app' }],
    ['the lock file changes (another aws-cdk-lib)', { 'package-lock.json': '{"v":2}' }],
    ['a file moves', { 'lib/a.ts': undefined, 'lib/c.ts': 'a' }],
  ])('changes when %s', (_what, change) => {
    const changed: Record<string, string> = { ...base };
    for (const [p, v] of Object.entries(change)) {
      if (v === undefined) delete changed[p];
      else changed[p] = v;
    }
    expect(sourcesHash(tree(changed))).not.toBe(sourcesHash(tree(base)));
  });

  it('ignores files that are not sources', () => {
    expect(sourcesHash(tree({ ...base, 'lib/notes.md': 'x' }))).toBe(sourcesHash(tree(base)));
  });
});

describe('a cached workflow', () => {
  it('comes back from its file as it went in, handlers map and all', () => {
    const w: CachedWorkflows = {
      admission: {
        definition: { StartAt: 'A', States: { A: { Type: 'Succeed' } } },
        handlers: new Map([['arn:1', { name: 'Intake' as never, entry: 'lambdas/x.ts', memoryMb: 512 }]]),
        key: 'applicationId',
      },
      spotChecks: { definition: { StartAt: 'B', States: {} }, handlers: new Map(), key: 'roundId' },
    };
    expect(parseWorkflows(serializeWorkflows(w))).toEqual(w);
  });
});
