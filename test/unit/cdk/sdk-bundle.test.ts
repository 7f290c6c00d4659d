import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleFunction } from '../../support/bundle.js';

/** Runs the bundle's handler in a fresh `node` (async: the fake AWS endpoint answers from here). */
function runHandler(
  entry: string,
  env: Record<string, string>,
): Promise<{ code: number; out: string; err: string }> {
  return new Promise((done) => {
    const child = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        'const { handler } = await import(process.argv[1]); process.stdout.write(JSON.stringify(await handler()));',
        '--',
        pathToFileURL(entry).href,
      ],
      { cwd: tmpdir(), env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 },
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
 * The SDK is bundled into every function (lib/house-function.ts), with the profile links of the
 * default credential chain stubbed and one copy of the S3 client: a probe entry bundled the same
 * way, run in a folder with no node_modules, signs with the runtime's env credentials and talks to
 * DynamoDB, S3 and Step Functions (a fake endpoint here), and presigns.
 */
describe('a Lambda bundle with the SDK inside', () => {
  const out = mkdtempSync(join(tmpdir(), 'sdk-bundle-'));
  const seen: { target: string; method: string; path: string; auth: string }[] = [];
  let entry: string;
  let server: Server;

  beforeAll(async () => {
    const { assetDir } = bundleFunction(out, 'SdkBundle', {
      entry: 'test/support/aws-ports-probe.ts',
      description: 'uses the AWS ports',
    });
    entry = join(assetDir, 'index.mjs');
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const target = String(req.headers['x-amz-target'] ?? '');
        seen.push({
          target,
          method: req.method ?? '',
          path: req.url ?? '',
          auth: String(req.headers.authorization ?? ''),
        });
        if (target) res.setHeader('content-type', 'application/x-amz-json-1.0');
        res.end(target ? '{}' : '');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  }, 120_000);

  afterAll(async () => {
    await new Promise((r) => server.close(r));
    rmSync(out, { recursive: true, force: true });
  });

  it('imports nothing from @aws-sdk at run time and leaves the STS and SSO clients out', () => {
    const js = readFileSync(entry, 'utf8');
    // (The SDK's messages about the optional CRT signers quote `require("@aws-sdk/...")`: not imports.)
    expect(js).not.toMatch(/(?:\bfrom|\bimport\()\s*["']@aws-sdk\//);
    expect(js).not.toContain('AssumeRoleWithWebIdentity');
    expect(js).not.toContain('GetRoleCredentials');
    expect(js).toContain('no profiles on Lambda');
  });

  it('signs with the env credentials and calls DynamoDB, S3 and Step Functions; presigns', async () => {
    const { port } = server.address() as AddressInfo;
    const run = await runHandler(entry, {
      PATH: process.env.PATH ?? '',
      NODE_OPTIONS: '--enable-source-maps',
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'ASIAPROBEPROBEPROBE0',
      AWS_SECRET_ACCESS_KEY: 'probe/secret',
      AWS_SESSION_TOKEN: 'probe-token',
      AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`,
      AWS_S3_FORCE_PATH_STYLE: 'true',
      TABLE_NAME: 'probe-table',
      AUDIT_TABLE_NAME: 'probe-audit',
      BUCKET_NAME: 'probe-bucket',
      STATE_MACHINE_ARN: 'arn:aws:states:eu-west-1:123456789012:stateMachine:probe',
    });
    expect(run.code, run.err).toBe(0);
    const result = JSON.parse(run.out) as Record<string, { ok: boolean; value?: unknown; error?: string }>;
    expect(result.application).toEqual({ ok: true, value: null });
    expect(result.put).toEqual({ ok: true, value: null });
    expect(result.wake).toEqual({ ok: true, value: null });
    expect(String(result.link?.value)).toContain(
      '/probe-bucket/probe/x.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256',
    );
    expect(Object.keys((result.post as { value: { fields: object } }).value.fields)).toContain(
      'X-Amz-Signature',
    );
    expect(result.reader).toEqual({
      ok: false,
      error: expect.stringMatching(/^PortNotWiredError: port 'reader'/),
    });
    expect(seen.map((s) => s.target || `${s.method} ${s.path}`)).toEqual([
      'DynamoDB_20120810.GetItem',
      'PUT /probe-bucket/probe/x.txt?x-id=PutObject',
      'AWSStepFunctions.SendTaskSuccess',
    ]);
    for (const s of seen) expect(s.auth).toMatch(/^AWS4-HMAC-SHA256 Credential=ASIAPROBEPROBEPROBE0\//);
  });
});
