import { join } from 'node:path';
import { writeApplicationFolder } from '../test/support/docgen/index.js';
import { admitFolder } from './admit.js';
import type { Platform } from './platform.js';

/** Sample applications for the local platform, one per state a person would want to look at. */
const SAMPLES = [
  {
    applicationId: 'sample-home-admitted',
    decisions: { labResults: {}, signature: { accept: true, signerName: '张三' } },
  },
  { applicationId: 'sample-home-review', company: { name: '义乌市佳家日用品（集团）有限公司' } },
  { applicationId: 'sample-home-lab', decisions: {} },
  { applicationId: 'sample-apparel-signature', category: 'apparel' as const, decisions: { labResults: {} } },
  { applicationId: 'sample-drugs-rejected', category: 'drugs' as const },
];

export async function loadSamples(
  platform: Platform,
  dir: string,
): Promise<{ applicationId: string; status: string }[]> {
  const out: { applicationId: string; status: string }[] = [];
  for (const spec of SAMPLES) {
    const existing = await platform.container.applications.get(spec.applicationId);
    if (existing) {
      out.push({ applicationId: spec.applicationId, status: existing.status });
      continue;
    }
    const folder = join(dir, spec.applicationId);
    await writeApplicationFolder(folder, spec);
    const record = await admitFolder(platform, folder);
    out.push({ applicationId: spec.applicationId, status: record.status });
  }
  return out;
}
