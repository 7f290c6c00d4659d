import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { definitionFromTemplate, resolveWorkflow } from '../../local/asl.js';

describe('cdk synth', () => {
  it('writes, offline and with cdk-nag clean, the very definition the local runtime runs', () => {
    const out = mkdtempSync(join(tmpdir(), 'cdk-out-'));
    try {
      // The real CLI with esbuild bundling, as `npm run synth` runs it.
      execFileSync('npx', ['cdk', 'synth', '--quiet', '--output', out], {
        env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1' },
        stdio: 'pipe',
        timeout: 120_000,
      });
      const template = JSON.parse(readFileSync(join(out, 'ManagedAdmission.template.json'), 'utf8'));
      // resolveWorkflow reads the cached synthesis (local/workflow-cache.ts): it must be this one.
      expect(definitionFromTemplate(template)).toEqual(resolveWorkflow().definition);
      expect(definitionFromTemplate(template, 'spotChecks')).toEqual(
        resolveWorkflow('spotChecks').definition,
      );
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});
