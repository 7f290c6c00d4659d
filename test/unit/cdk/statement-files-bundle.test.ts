import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeeSchedule } from '../../../lambdas/domain/settlement/settle.js';
import { CJK_FONT_FILE } from '../../../lambdas/pdf/font-file.js';
import { writeStatementFiles } from '../../../lambdas/usecases/statement-files.js';
import { reduceRun, type StatementItem, sumBatch } from '../../../lambdas/usecases/statement-job.js';
import { STATEMENT_FILES_BUNDLE } from '../../../lib/statement-job.js';
import { bundleFunction } from '../../support/bundle.js';
import { MemoryObjects } from '../../support/memory-statement-objects.js';

const SCHEDULES: FeeSchedule[] = [
  { applicationId: 'app-a', commissionRate: '0.05', fulfilmentRate: '0.045', settlementTermDays: 15 },
];
const HEADER = 'orderId,applicationId,transactionDate,currency,amountMinor,kind,vasCode';
const period = '2026-10';
const run = {
  period,
  runPrefix: `statements/runs/${period}/r`,
  schedulesKey: `statements/runs/${period}/r/schedules.json`,
};

/** A path-style S3 over MemoryObjects: GET (with Range), PUT (with If-None-Match: *). */
function fakeS3(store: MemoryObjects, seen: string[]): Server {
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const key = decodeURIComponent(url.pathname.replace(/^\/bucket\//, ''));
      seen.push(
        `${req.method} ${key}${req.headers.range ? ` ${req.headers.range}` : ''}${req.headers['if-none-match'] ? ' once' : ''}`,
      );
      const bytes = store.objects.get(key);
      if (req.method === 'GET') {
        if (!bytes) {
          res.statusCode = 404;
          res.end('<Error><Code>NoSuchKey</Code></Error>');
          return;
        }
        const range = /^bytes=(\d+)-(\d+)$/.exec(String(req.headers.range ?? ''));
        if (range) res.statusCode = 206;
        res.end(
          range ? Buffer.from(bytes).subarray(Number(range[1]), Number(range[2]) + 1) : Buffer.from(bytes),
        );
        return;
      }
      if (req.method === 'PUT') {
        if (bytes && req.headers['if-none-match'] === '*') {
          res.statusCode = 412;
          res.end('<Error><Code>PreconditionFailed</Code></Error>');
          return;
        }
        store.objects.set(key, Buffer.concat(chunks));
        store.contentTypes.set(key, String(req.headers['content-type']));
        res.end();
        return;
      }
      res.statusCode = 405;
      res.end();
    });
  });
}

function invoke(entry: string, env: Record<string, string>, event: unknown) {
  return new Promise<{ code: number; out: string; err: string }>((done) => {
    const child = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        'const { handler } = await import(process.argv[1]); process.stdout.write(JSON.stringify(await handler(JSON.parse(process.argv[2]))));',
        '--',
        pathToFileURL(entry).href,
        JSON.stringify(event),
      ],
      { cwd: tmpdir(), env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('close', (code) => done({ code: code ?? -1, out, err }));
  });
}

/**
 * The files step bundled as the stack bundles it (esbuild, the font copied beside it), run in a
 * fresh node with no node_modules against an S3 endpoint: ranged GETs of the lines, write-once PUTs
 * of the files, the font subset cut in the temp folder as on Lambda; the same bytes as in-process.
 */
describe('the statement files bundle', () => {
  const out = mkdtempSync(join(tmpdir(), 'statement-files-bundle-'));
  const scratch = mkdtempSync(join(tmpdir(), 'statement-files-tmp-'));
  const served = new MemoryObjects();
  const expected = new MemoryObjects();
  const seen: string[] = [];
  let assetDir: string;
  let server: Server;
  let items: StatementItem[];

  beforeAll(async () => {
    ({ assetDir } = bundleFunction(out, 'StatementFilesBundle', {
      entry: 'lambdas/steps/statement-files/handler.ts',
      description: 'statement files',
      memorySize: 1769,
      bundleFiles: STATEMENT_FILES_BUNDLE,
    }));
    for (const s3 of [served, expected]) {
      s3.set(run.schedulesKey, JSON.stringify(SCHEDULES));
      s3.set(
        'orders/a.csv',
        [HEADER, 'o-1,app-a,2026-10-01,CNY,10050,sale,', '"o,2",app-a,2026-10-02,USD,7,sale,'].join('\n'),
      );
      s3.set('orders/b.csv', [HEADER, 'o-3,app-a,2026-10-03,CNY,-200,refund,'].join('\n'));
      await sumBatch(s3, run, [{ Key: 'orders/a.csv' }]);
      await sumBatch(s3, run, [{ Key: 'orders/b.csv' }]);
    }
    const partials = ['orders%2Fa.csv', 'orders%2Fb.csv'].map((n) => ({
      Output: JSON.stringify({ Payload: { partialKey: `${run.runPrefix}/partials/${n}.json` } }),
    }));
    for (const s3 of [served, expected]) {
      s3.set('m/SUCCEEDED_0.json', JSON.stringify(partials));
      s3.set(
        'm/manifest.json',
        JSON.stringify({ ResultFiles: { SUCCEEDED: [{ Key: 'm/SUCCEEDED_0.json' }] } }),
      );
      await reduceRun(s3, run, 'm/manifest.json');
    }
    items = await expected.getJson<StatementItem[]>(`${run.runPrefix}/statement-items.json`);
    await writeStatementFiles(expected, run, items);
    server = fakeS3(served, seen);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  }, 180_000);

  afterAll(async () => {
    await new Promise((r) => server.close(r));
    rmSync(out, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  });

  it('ships the CJK font beside the bundle', () => {
    expect(statSync(join(assetDir, 'fonts', CJK_FONT_FILE)).size).toBeGreaterThan(1_000_000);
  });

  it('writes every file of its statements with the bytes the use case gives in-process', async () => {
    const { port } = server.address() as AddressInfo;
    const env = {
      PATH: process.env.PATH ?? '',
      TMPDIR: scratch,
      AWS_REGION: 'cn-north-1',
      AWS_ACCESS_KEY_ID: 'AKIAPROBEPROBEPROBE0',
      AWS_SECRET_ACCESS_KEY: 'probe/secret',
      AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`,
      AWS_S3_FORCE_PATH_STYLE: 'true',
      TABLE_NAME: 't',
      AUDIT_TABLE_NAME: 'a',
      BUCKET_NAME: 'bucket',
    };
    const event = { Items: items, BatchInput: run };
    const first = await invoke(join(assetDir, 'index.mjs'), env, event);
    expect(first.code, first.err).toBe(0);
    expect(JSON.parse(first.out)).toEqual({ statements: 2, files: 6, existed: 0 });
    const written = [...expected.objects.keys()].filter((k) => k.startsWith(`statements/issued/${period}/`));
    expect(written).toHaveLength(6);
    for (const key of written) {
      expect(
        Buffer.from(served.objects.get(key) as Uint8Array).equals(
          Buffer.from(expected.objects.get(key) as Uint8Array),
        ),
        key,
      ).toBe(true);
      expect(served.contentTypes.get(key)).toBe(expected.contentTypes.get(key));
    }
    // The lines came by ranged GETs; the files went out write-once.
    expect(seen.filter((s) => s.startsWith('GET statements/runs/2026-10/r/lines/'))).toEqual([
      expect.stringMatching(/^GET statements\/runs\/2026-10\/r\/lines\/orders%2Fa\.csv\.bin bytes=\d+-\d+$/),
      expect.stringMatching(/^GET statements\/runs\/2026-10\/r\/lines\/orders%2Fb\.csv\.bin bytes=\d+-\d+$/),
      expect.stringMatching(/^GET statements\/runs\/2026-10\/r\/lines\/orders%2Fa\.csv\.bin bytes=\d+-\d+$/),
    ]);
    expect(seen.filter((s) => s.startsWith('PUT'))).toHaveLength(6);
    for (const put of seen.filter((s) => s.startsWith('PUT')))
      expect(put).toMatch(/^PUT statements\/issued\/2026-10\/.+ once$/);

    // The batch retried: every file is there, nothing is replaced.
    const again = await invoke(join(assetDir, 'index.mjs'), env, event);
    expect(again.code, again.err).toBe(0);
    expect(JSON.parse(again.out)).toEqual({ statements: 2, files: 0, existed: 6 });
  }, 180_000);
});
