/**
 * The corpus applications (test/fixtures/corpus/applications: made outside this project, each
 * with its expected outcome) through the real headless command, once for all of them, as the
 * corpus's own checker runs it: the folders copied without expected.json to a temporary directory,
 * `npm run --silent admit -- --concurrency 2 FOLDER...` as a child process, one JSON record per
 * line. Each application's record is compared with its expected.json (test/support/corpus-check.ts,
 * the rules of the corpus's check.mjs). Images are read by OCR: the run takes minutes.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CorpusExpectation, checkCorpusRecord } from '../support/corpus-check.js';

const ROOT = resolve(import.meta.dirname, '../..');
const APPS = join(ROOT, 'test/fixtures/corpus/applications');
const RUN_TIMEOUT_MS = 30 * 60_000;

const ids = readdirSync(APPS)
  .filter((n) => statSync(join(APPS, n)).isDirectory())
  .sort();

/** Runs `npm run --silent admit -- ARGS` to its end; stdout whole, stderr's last lines kept. */
function admit(args: string[]): Promise<{ code: number | null; stdout: string; stderrTail: string }> {
  return new Promise((done, fail) => {
    // Its own process group, so a run past its time is stopped with its emulators.
    const child = spawn('npm', ['run', '--silent', 'admit', '--', ...args], {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr = (stderr + d).slice(-20_000);
    });
    const timer = setTimeout(() => process.kill(-(child.pid as number), 'SIGTERM'), RUN_TIMEOUT_MS - 60_000);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderrTail: stderr.split('\n').slice(-30).join('\n') });
    });
  });
}

describe('corpus applications through admit', () => {
  let work: string;
  let run: Awaited<ReturnType<typeof admit>>;
  let records: unknown[] = [];

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'corpus-apps-'));
    for (const id of ids) {
      cpSync(join(APPS, id), join(work, id), {
        recursive: true,
        filter: (p) => !p.endsWith('/expected.json'),
      });
    }
    run = await admit(['--concurrency', '2', ...ids.map((id) => join(work, id))]);
    records = run.stdout
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => {
        try {
          return JSON.parse(l) as unknown;
        } catch {
          return null;
        }
      });
  }, RUN_TIMEOUT_MS);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('holds the 12 applications, none with expected.json in the copy admit reads', () => {
    expect(ids).toHaveLength(12);
    for (const id of ids) expect(readdirSync(join(work, id))).not.toContain('expected.json');
  });

  it('exits 0 with one record per folder, in order', () => {
    expect(run.code, run.stderrTail).toBe(0);
    expect(records).toHaveLength(ids.length);
    expect(records.map((r) => (r as { applicationId?: unknown } | null)?.applicationId)).toEqual(ids);
  });

  it.each(ids)('%s gives the outcome its expected.json states', (id) => {
    const expected = JSON.parse(readFileSync(join(APPS, id, 'expected.json'), 'utf8')) as CorpusExpectation;
    // By applicationId, else by position (as check-applications.mjs pairs them).
    const record =
      records.find((r) => (r as { applicationId?: unknown } | null)?.applicationId === id) ??
      records[ids.indexOf(id)];
    const verdict = checkCorpusRecord(id, expected, record);
    expect(verdict.why, `${id}: ${expected.note ?? ''}`).toEqual([]);
  });
});
