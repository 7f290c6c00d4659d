/**
 * Document integrity through the real headless command (issue 17): a corpus application, the same
 * documents under a second company, and the first company's application with a tampered bill and
 * statement (test/fixtures/integrity), in one `admit` run (one after the other: "earlier" is the
 * order the documents were confirmed in). Reads `reasons` as the acceptance cases do.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUscc } from '../../lambdas/domain/codes.js';

const ROOT = resolve(import.meta.dirname, '../..');
const APP = join(ROOT, 'test/fixtures/corpus/applications/corpus-app-home-portrait-licence');
const FIXTURES = join(ROOT, 'test/fixtures/integrity');

interface Rec {
  applicationId: string;
  status: string;
  reasons: {
    code: string;
    step: string;
    outcome: string;
    document?: string;
    message: { zh: string; en: string };
  }[];
}

function admit(args: string[]): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn('npm', ['run', '--silent', 'admit', '--', ...args], {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    const timer = setTimeout(() => process.kill(-(child.pid as number), 'SIGTERM'), 14 * 60_000);
    child.on('error', fail);
    child.on('close', () => {
      clearTimeout(timer);
      done(stdout);
    });
  });
}

function folder(work: string, name: string, edit: (app: Record<string, unknown>) => void): string {
  const dir = join(work, name);
  cpSync(APP, dir, { recursive: true, filter: (p) => !p.endsWith('/expected.json') });
  const app = JSON.parse(readFileSync(join(dir, 'application.json'), 'utf8'));
  edit(app);
  writeFileSync(join(dir, 'application.json'), JSON.stringify(app));
  return dir;
}

describe('integrity through admit', () => {
  let work: string;
  let records: Rec[] = [];

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'integrity-admit-'));
    const first = folder(work, 'first', (a) => {
      a.applicationId = 'integrity-first';
    });
    const second = folder(work, 'second', (a) => {
      a.applicationId = 'integrity-second';
      a.seller = {
        ...(a.seller as object),
        companyName: '义乌市某某日用品有限公司',
        uscc: makeUscc('91330782', 'MA2B7C8D'),
      };
    });
    const tampered = folder(work, 'tampered', (a) => {
      a.applicationId = 'integrity-tampered';
    });
    cpSync(join(FIXTURES, 'bank-balance.pdf'), join(tampered, 'bank-statement.pdf'));
    cpSync(join(FIXTURES, 'bill-overlay.pdf'), join(tampered, 'electricity-bills.pdf'));
    records = (await admit(['--concurrency', '1', first, tampered, second]))
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as Rec);
  }, 15 * 60_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  const integrity = (id: string) =>
    (records.find((r) => r.applicationId === id)?.reasons ?? [])
      .filter((r) => r.step === 'integrity')
      .map((r) => `${r.code} ${r.document}`)
      .sort();

  it('raises nothing on the untouched application', () => {
    expect(records).toHaveLength(3);
    expect(integrity('integrity-first')).toEqual([]);
  });

  it('flags every document of the second company as reused, as flags a reviewer decides', () => {
    const reused = integrity('integrity-second');
    expect(reused).toContain('DOCUMENT_REUSED bank-statement.pdf');
    expect(reused).toContain('DOCUMENT_REUSED electricity-bills.pdf');
    const r = records
      .find((x) => x.applicationId === 'integrity-second')
      ?.reasons.find((x) => x.step === 'integrity');
    expect(r?.outcome).toBe('flag');
    expect(r?.message.en).toMatch(/reviewer/);
  });

  it('flags the edited bill and the statement whose balances break, not reuse by the same company', () => {
    expect(integrity('integrity-tampered')).toEqual([
      'DOCUMENT_ARITHMETIC_INCONSISTENT bank-statement.pdf',
      'DOCUMENT_EDITED electricity-bills.pdf',
    ]);
  });
});
