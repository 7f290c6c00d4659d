import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const HISTORY = 'test/fixtures/governance/history.jsonl';
const REJECTS = 'test/fixtures/governance/rejects.jsonl';
const dir = mkdtempSync(join(tmpdir(), 'governance-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// What `npm run governance` runs: the built CLI (rebuilt first when a source changed).
function governance(...args: string[]) {
  const r = spawnSync(process.execPath, ['lambdas/governance/cli.mjs', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, lines: r.stdout.split('\n').filter(Boolean) };
}

const A = {
  applicationId: 'app-a',
  uscc: '91330100MA2A000001',
  tier: 'RESTRICTED',
  healthScore: 65,
  atRisk: true,
  delistedSkus: [
    { sku: 'A1', until: '2025-12-20' },
    { sku: 'A2', until: '2026-04-02' },
  ],
  settlementTermDays: 15,
  violationsCounted: 2,
};
const B = {
  applicationId: 'app-b',
  uscc: '91330100MA2B000002',
  tier: 'WARNED',
  healthScore: 90,
  atRisk: false,
  delistedSkus: [{ sku: 'B1', until: '2026-02-03' }],
  settlementTermDays: 15,
  violationsCounted: 1,
};
const C = {
  applicationId: 'app-c',
  uscc: '91330100MA2C000003',
  tier: 'BANNED',
  healthScore: 90,
  atRisk: false,
  delistedSkus: [
    { sku: 'C1', until: null },
    { sku: 'C2', until: null },
  ],
  settlementTermDays: 75,
  violationsCounted: 1,
};
const D = {
  applicationId: 'app-d',
  uscc: '91330100MA2D000004',
  tier: 'WARNED',
  healthScore: 90,
  atRisk: false,
  delistedSkus: [{ sku: 'D1', until: null }],
  settlementTermDays: 15,
  violationsCounted: 1,
};

describe('npm run governance', () => {
  it('prints one record per admitted seller by applicationId, exactly SPEC fields, and no rejects record when none', () => {
    const r = governance('--events', HISTORY, '--as-of', '2026-11-20');
    expect(r.code).toBe(0);
    // The exact text: field order as SPEC lists it; app-e is admitted after the as-of date.
    expect(r.lines).toEqual([A, B, C, D].map((x) => JSON.stringify(x)));
  });

  it('lists every reject (file, line, reason) in a last record and goes on', () => {
    const r = governance('--events', HISTORY, REJECTS, '--as-of', '2026-11-20');
    expect(r.code).toBe(0);
    expect(r.lines.slice(0, -1).map((l) => JSON.parse(l))).toEqual([A, B, C, D]);
    const { rejects } = JSON.parse(r.lines.at(-1) as string) as {
      rejects: { file: string; line: number; reason: string }[];
    };
    expect(rejects.every((x) => x.file === REJECTS)).toBe(true);
    expect(rejects.map((x) => [x.line, x.reason])).toEqual([
      [2, 'second appeal of violation v-b1 (the first was dated 2026-02-10)'],
      [3, 'appeal of violation v-a1 dated 2025-12-05, more than 14 days after it (last day 2025-12-04)'],
      [
        4,
        'appeal of violation spot:91330100MA2A000001:A2:2026-03-03 dated 2026-03-18, more than 14 days after it (last day 2026-03-17)',
      ],
      [5, 'violation of USCC 91000000000000000X, which has no admission'],
      [6, 'spot check of USCC 91000000000000000X, which has no admission'],
      [7, 'fix of unknown violation v-nope'],
      [8, 'appeal of unknown violation v-nope'],
      [9, 'violation: date: expected a real YYYY-MM-DD date'],
      [10, expect.stringMatching(/^violation: severity: /)],
      [11, expect.stringMatching(/^type: expected one of .* \(got "refund"\)$/)],
      [12, expect.stringMatching(/^not JSON/)],
      [13, 'not a JSON object'],
      [14, expect.stringMatching(/^not JSON/)],
    ]);
  });

  it('gives the same bytes on 1 thread and on 3 (segments of a few lines: line numbers carried across)', () => {
    const one = governance('--events', HISTORY, REJECTS, HISTORY, '--as-of', '2026-11-20', '--threads', '1');
    const three = governance(
      '--events',
      HISTORY,
      REJECTS,
      HISTORY,
      '--as-of',
      '2026-11-20',
      '--threads',
      '3',
    );
    expect(one.code).toBe(0);
    expect(three.stdout).toBe(one.stdout);
    // The history read twice: its admissions, violations (the failed spot check's too) and appeals
    // again are duplicates or second appeals, at their lines; lines 21-22 are after the as-of date.
    const { rejects } = JSON.parse(one.lines.at(-1) as string) as {
      rejects: { file: string; line: number }[];
    };
    expect(rejects.filter((r) => r.file === HISTORY).map((r) => r.line)).toEqual([
      1, 2, 3, 4, 8, 9, 10, 12, 13, 14, 15, 16, 17, 18, 19, 20,
    ]);
  });

  it('a later as-of date takes in the later events: app-e admitted, v-d3 counts', () => {
    const r = governance('--events', HISTORY, '--as-of', '2026-12-31');
    expect(r.code).toBe(0);
    const byId = Object.fromEntries(r.lines.map((l) => JSON.parse(l)).map((x) => [x.applicationId, x]));
    expect(Object.keys(byId)).toEqual(['app-a', 'app-b', 'app-c', 'app-d', 'app-e']);
    expect(byId['app-d']).toMatchObject({ tier: 'RESTRICTED', violationsCounted: 2, healthScore: 65 });
    expect(byId['app-e']).toMatchObject({ tier: 'GOOD', healthScore: 100, delistedSkus: [] });
  });

  it('defaults --as-of to today in China', () => {
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const implicit = governance('--events', HISTORY);
    const explicit = governance('--events', HISTORY, '--as-of', today);
    expect(implicit.code).toBe(0);
    expect(implicit.stdout).toBe(explicit.stdout);
  });

  it('prints usage with --help and -h, exit 0', () => {
    for (const flag of ['--help', '-h']) {
      const r = governance(flag);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(
        /^usage: npm run --silent governance -- --events FILE\.\.\. \[--as-of YYYY-MM-DD\]/,
      );
    }
  });

  it.each<[string, string[], RegExp]>([
    ['no --events', ['--as-of', '2026-11-20'], /--events FILE\.\.\. is required/],
    ['a missing file', ['--events', HISTORY, 'no/such.jsonl'], /--events no\/such\.jsonl: no such file/],
    ['a folder', ['--events', 'test/fixtures/governance'], /not a file/],
    ['a date that is not one', ['--events', HISTORY, '--as-of', '2026-02-30'], /--as-of must be a real date/],
    ['a date in another form', ['--events', HISTORY, '--as-of', '20261120'], /--as-of must be a real date/],
    ['an unknown option', ['--events', HISTORY, '--strict'], /Unknown option '--strict'/],
  ])('exits 2 with a clear message and prints nothing on stdout: %s', (_name, args, message) => {
    const r = governance(...args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });

  // Root reads everything: the case exists only for other users.
  it.skipIf(process.getuid?.() === 0)('an unreadable file is exit 2', () => {
    const locked = join(dir, 'locked');
    mkdirSync(locked, { mode: 0o000 });
    expect(governance('--events', join(locked, 'e.jsonl')).code).toBe(2);
  });
});
