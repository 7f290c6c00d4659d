import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CJK_FONT_FILE, CJK_FONT_PACKAGE_PATH } from '../../../lambdas/pdf/font-file.js';
import { PROJECT_ROOT } from '../../../lib/house-function.js';
import { STEP_FUNCTIONS } from '../../../lib/steps.js';
import { bundleFunction } from '../../support/bundle.js';

describe('IssueAgreement bundle', () => {
  const out = mkdtempSync(join(tmpdir(), 'agreement-asset-'));
  let assetDir: string;
  let template: Template;

  beforeAll(() => {
    // Bundled for real (esbuild + the copy hook), as `npm run synth` does, for this one function.
    const def = STEP_FUNCTIONS.IssueAgreement;
    ({ assetDir, template } = bundleFunction(out, 'AgreementBundle', {
      entry: def.entry,
      description: def.description,
      memorySize: def.memorySize,
      bundleFiles: def.bundleFiles,
    }));
  }, 120_000);

  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('ships the CJK font beside the bundle, where lambdas/pdf/font.ts looks first', () => {
    const shipped = statSync(join(assetDir, 'fonts', CJK_FONT_FILE));
    expect(shipped.size).toBe(statSync(join(PROJECT_ROOT, CJK_FONT_PACKAGE_PATH)).size);
    expect(statSync(join(assetDir, 'index.mjs')).isFile()).toBe(true);
  });

  it('gives the function the memory the font parse needs', () => {
    template.hasResourceProperties('AWS::Lambda::Function', { MemorySize: 1024, Architectures: ['arm64'] });
  });
});
