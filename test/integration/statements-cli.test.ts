import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
let dir: string;

// What `npm run statements` runs: the built CLI (rebuilt first when a source changed).
function statements(...args: string[]) {
  return statementsWith({}, ...args);
}

function statementsWith(env: Record<string, string>, ...args: string[]) {
  const r = spawnSync(process.execPath, ['lambdas/statements/cli.mjs', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'statements-cli-'));
  writeFileSync(
    join(dir, 'fees.json'),
    JSON.stringify([
      {
        applicationId: 'app-yiwu-home-001',
        commissionRate: '0.05',
        fulfilmentRate: '0.045',
        settlementTermDays: 15,
      },
      {
        applicationId: 'app-shenzhen-ce-002',
        commissionRate: '0.05',
        fulfilmentRate: '0.052',
        settlementTermDays: 75,
      },
    ]),
  );
  writeFileSync(
    join(dir, 'orders.csv'),
    [
      'orderId,applicationId,transactionDate,currency,amountMinor,kind,vasCode',
      'A-1,app-yiwu-home-001,2026-10-16,CNY,10050,sale,', // settles 2026-10-31
      'A-2,app-yiwu-home-001,2026-10-17,CNY,99999,sale,', // settles 2026-11-01: next period
      'A-3,app-yiwu-home-001,2026-10-01,CNY,-10050,refund,',
      'A-4,app-yiwu-home-001,2026-10-02,CNY,2000,vas,ADS',
      'A-5,app-shenzhen-ce-002,2026-08-17,USD,1050,sale,', // T+75 → 2026-10-31
      'A-6,app-unknown,2026-10-01,CNY,100,sale,',
      'A-7,app-yiwu-home-001,2026-02-30,CNY,100,sale,',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'orders.jsonl'),
    [
      JSON.stringify({
        orderId: 'J-1',
        applicationId: 'app-yiwu-home-001',
        transactionDate: '2026-10-05',
        currency: 'CNY',
        amountMinor: 250,
        kind: 'sale',
        vasCode: '',
      }),
      JSON.stringify({
        orderId: 'J-2',
        applicationId: 'app-yiwu-home-001',
        transactionDate: '2026-10-05',
        currency: 'EURO',
        amountMinor: 250,
        kind: 'sale',
      }),
    ].join('\n'),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run statements', () => {
  it('prints only the JSON summary, writes each statement as JSON and CSV, and lists every reject', () => {
    const out = join(dir, 'out');
    const r = statements(
      '--orders',
      join(dir, 'orders.csv'),
      join(dir, 'orders.jsonl'),
      '--period',
      '2026-10',
      '--fee-schedules',
      join(dir, 'fees.json'),
      '--out',
      out,
    );
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary).toEqual({
      period: '2026-10',
      statements: [
        {
          applicationId: 'app-shenzhen-ce-002',
          currency: 'USD',
          lines: 1,
          grossMinor: 1050,
          commissionMinor: 52, // 52.5 → 52
          fulfilmentMinor: 55, // 54.6
          vasMinor: 0,
          netMinor: 943,
        },
        {
          applicationId: 'app-yiwu-home-001',
          currency: 'CNY',
          lines: 4,
          grossMinor: 250,
          commissionMinor: 12, // 502.5 → 502, −502, 12.5 → 12
          fulfilmentMinor: 11, // 452.25 → 452, −452, 11.25 → 11
          vasMinor: 2000,
          netMinor: -1773,
        },
      ],
      rejects: [
        { file: join(dir, 'orders.csv'), line: 7, reason: expect.stringMatching(/^UNKNOWN_APPLICATION/) },
        { file: join(dir, 'orders.csv'), line: 8, reason: expect.stringMatching(/^BAD_DATE/) },
        { file: join(dir, 'orders.jsonl'), line: 2, reason: expect.stringMatching(/^UNKNOWN_CURRENCY/) },
      ],
    });
    const csv = readFileSync(join(out, 'app-yiwu-home-001-2026-10-CNY.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe(
      'orderId,transactionDate,settlementDate,amountMinor,commissionMinor,fulfilmentMinor,vasMinor,netMinor',
    );
    expect(csv).toContain('A-1,2026-10-16,2026-10-31,10050,502,452,0,9096');
    expect(csv).toContain('A-4,2026-10-02,2026-10-17,0,0,0,2000,-2000');
    expect(csv.at(-1)).toBe('TOTAL,,,250,12,11,2000,-1773');
    const json = JSON.parse(readFileSync(join(out, 'app-shenzhen-ce-002-2026-10-USD.json'), 'utf8'));
    expect(json.lines).toEqual([
      {
        orderId: 'A-5',
        transactionDate: '2026-08-17',
        settlementDate: '2026-10-31',
        amountMinor: 1050,
        commissionMinor: 52,
        fulfilmentMinor: 55,
        vasMinor: 0,
        netMinor: 943,
      },
    ]);
    const pdf = readFileSync(join(out, 'app-yiwu-home-001-2026-10-CNY.pdf'));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.subarray(-6).toString()).toBe('%%EOF\n');
  });

  it('prints usage with --help and -h (exit 0) and refuses a bad argument by name (exit 2)', () => {
    for (const flag of ['--help', '-h']) {
      const r = statements(flag);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^usage: npm run --silent statements -- --orders FILE\.\.\. --period YYYY-MM/);
    }
    const bad = statements('--orders', join(dir, 'orders.csv'), '--period', '2026-10', '--bogus');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--bogus');
    expect(bad.stdout).toBe('');
    const threads = statements('--orders', join(dir, 'orders.csv'), '--period', '2026-10', '--threads', '0');
    expect(threads.code).toBe(2);
    expect(threads.stderr).toMatch(/--threads/);
  });

  it('prints the whole summary through a pipe, however long (hundreds of statements)', () => {
    const sellers = Array.from({ length: 600 }, (_, i) => ({
      applicationId: `app-many-${String(i).padStart(4, '0')}`,
      commissionRate: '0.05',
      fulfilmentRate: '0.045',
      settlementTermDays: 15,
    }));
    writeFileSync(join(dir, 'many-fees.json'), JSON.stringify(sellers));
    writeFileSync(
      join(dir, 'many.csv'),
      [
        'orderId,applicationId,transactionDate,currency,amountMinor,kind,vasCode',
        ...sellers.map((s, i) => `m${i},${s.applicationId},2026-10-01,CNY,${1000 + i},sale,`),
        '',
      ].join('\n'),
    );
    const out = join(dir, 'many-out');
    const r = statements(
      '--orders',
      join(dir, 'many.csv'),
      '--period',
      '2026-10',
      '--fee-schedules',
      join(dir, 'many-fees.json'),
      '--out',
      out,
    );
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.statements).toHaveLength(600);
    expect(summary.statements[599]).toMatchObject({
      applicationId: 'app-many-0599',
      lines: 1,
      grossMinor: 1599,
    });
    expect(existsSync(join(out, 'app-many-0599-2026-10-CNY.pdf'))).toBe(true);
  });

  it('exits non-zero with --strict when a line was rejected, and 0 when none was', () => {
    const base = [
      '--period',
      '2026-10',
      '--fee-schedules',
      join(dir, 'fees.json'),
      '--out',
      join(dir, 'strict'),
    ];
    const bad = statements('--orders', join(dir, 'orders.csv'), '--strict', ...base);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout).rejects).toHaveLength(2);
    writeFileSync(
      join(dir, 'clean.csv'),
      'orderId,applicationId,transactionDate,currency,amountMinor,kind,vasCode\n',
    );
    expect(statements('--orders', join(dir, 'clean.csv'), '--strict', ...base).code).toBe(0);
  });

  it('prints where the time went per thread with STATEMENTS_PROFILE=1, the summary unchanged', () => {
    const args = ['--orders', join(dir, 'orders.csv'), '--period', '2026-10'];
    const out = ['--fee-schedules', join(dir, 'fees.json'), '--out', join(dir, 'profiled')];
    const plain = statements(...args, ...out);
    const profiled = statementsWith({ STATEMENTS_PROFILE: '1' }, ...args, ...out);
    expect(profiled.code).toBe(0);
    expect(profiled.stdout).toBe(plain.stdout);
    expect(plain.stderr).not.toContain('statements profile');
    expect(profiled.stderr).toMatch(/profile \[thread \d+ reading\]: read \d+\.\d{3} s, group/);
    // The main thread starts with the PDFs, the workers with the JSON and CSV: each kind is
    // reported by the threads that did some.
    expect(profiled.stderr).toMatch(/profile \[thread \d+ writing\]:.*format JSON\+CSV \d/);
    expect(profiled.stderr).toMatch(/profile \[thread \d+ writing\]:.*PDF \d/);
    expect(profiled.stderr).toMatch(/run@\d+\.\d{3} s, read@.*written@/);
  });

  it('refuses to start on bad arguments or a bad fee schedule file, naming the file and field', () => {
    const period = statements('--orders', join(dir, 'orders.csv'), '--period', '2026-13');
    expect(period.code).toBe(2);
    expect(period.stderr).toMatch(/--period/);
    expect(period.stdout).toBe('');
    writeFileSync(
      join(dir, 'bad-fees.json'),
      JSON.stringify([
        { applicationId: 'a', commissionRate: 0.05, fulfilmentRate: '0.045', settlementTermDays: 15 },
      ]),
    );
    const fees = statements(
      '--orders',
      join(dir, 'orders.csv'),
      '--period',
      '2026-10',
      '--fee-schedules',
      join(dir, 'bad-fees.json'),
    );
    expect(fees.code).toBe(2);
    expect(fees.stderr).toContain(`--fee-schedules ${join(dir, 'bad-fees.json')}: [0].commissionRate`);
    const missing = statements('--orders', join(dir, 'nope.csv'), '--period', '2026-10');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.csv/);
  });
});
