import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderAgreementPdf } from '../../../lambdas/agreement/render.js';
import { STEP_FUNCTIONS } from '../../../lib/steps.js';
import { probeAgreement } from '../../support/agreement-render-probe.js';
import { bundleFunction } from '../../support/bundle.js';

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
    const def = STEP_FUNCTIONS.IssueAgreement;
    ({ assetDir } = bundleFunction(out, 'AgreementRender', {
      entry: 'test/support/agreement-render-probe.ts',
      description: 'renders an agreement',
      memorySize: def.memorySize,
      bundleFiles: def.bundleFiles,
    }));
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
