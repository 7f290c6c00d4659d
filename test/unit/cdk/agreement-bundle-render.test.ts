import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderAgreementPdf } from '../../../lambdas/agreement/render.js';
import { HouseFunction } from '../../../lib/house-function.js';
import { STEP_FUNCTIONS } from '../../../lib/steps.js';
import { probeAgreement } from '../../support/agreement-render-probe.js';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/**
 * The tests run the TypeScript sources; this one renders through a built bundle: a probe entry
 * that renders an agreement, bundled as IssueAgreement is (HouseFunction's esbuild options and
 * stubs, the font copied beside it), run by a fresh `node` in a folder with no node_modules.
 */
describe('an agreement rendered by a Lambda bundle', () => {
  const out = mkdtempSync(join(tmpdir(), 'agreement-render-'));
  let assetDir: string;

  beforeAll(() => {
    const app = new App({ outdir: out });
    const stack = new Stack(app, 'AgreementRender');
    const def = STEP_FUNCTIONS.IssueAgreement;
    new HouseFunction(stack, 'Probe', {
      entry: 'test/support/agreement-render-probe.ts',
      description: 'renders an agreement',
      memorySize: def.memorySize,
      bundleFiles: def.bundleFiles,
      logKey: new kms.Key(stack, 'Key'),
    });
    const assembly = app.synth();
    const fn = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function'))[0] as {
      Properties: { Code: { S3Key: string } };
    };
    assetDir = join(assembly.directory, `asset.${fn.Properties.Code.S3Key.replace(/\.zip$/, '')}`);
  }, 120_000);

  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('leaves fontkit’s Brotli decoder (WOFF2 only) out of the bundle', () => {
    const js = readFileSync(join(assetDir, 'index.mjs'), 'utf8');
    expect(js).not.toContain('BrotliDecompressBuffer');
    expect(js).toContain('Brotli decoder is stubbed');
  });

  it('renders the same bytes as the sources, with the font found beside the bundle', async () => {
    const run = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        'const { handler } = await import(process.argv[1]); process.stdout.write(await handler());',
        '--',
        pathToFileURL(join(assetDir, 'index.mjs')).href,
      ],
      {
        cwd: assetDir,
        env: { PATH: process.env.PATH, NODE_OPTIONS: '--enable-source-maps' },
        encoding: 'utf8',
        maxBuffer: 64 * 2 ** 20,
        timeout: 60_000,
      },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const bundled = Buffer.from(run.stdout, 'base64');
    expect(bundled.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const fromSources = await renderAgreementPdf(probeAgreement());
    expect(bundled.length).toBe(fromSources.length);
    expect(sha(bundled)).toBe(sha(fromSources));
  });
});
