import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: plain JavaScript without declarations (the CLIs' build script).
import { pruneBuilds } from '../../scripts/build-cli.mjs';

const out = mkdtempSync(join(tmpdir(), 'build-cli-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('CLI builds', () => {
  it('removes builds older than a day, never the current one or a younger one', () => {
    const twoDaysAgo = new Date(Date.now() - 48 * 3600_000);
    const dirs = { current: 'aaa', young: 'bbb', old: 'ccc', oldCurrent: 'ddd' };
    for (const d of Object.values(dirs)) mkdirSync(join(out, d));
    utimesSync(join(out, dirs.old), twoDaysAgo, twoDaysAgo);
    utimesSync(join(out, dirs.oldCurrent), twoDaysAgo, twoDaysAgo);
    pruneBuilds(out, join(out, dirs.oldCurrent));
    expect(existsSync(join(out, dirs.old))).toBe(false);
    expect(existsSync(join(out, dirs.oldCurrent))).toBe(true);
    expect(existsSync(join(out, dirs.young))).toBe(true);
    expect(existsSync(join(out, dirs.current))).toBe(true);
  });
});
