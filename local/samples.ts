import { join } from 'node:path';
import type { Container } from '../lambdas/adapters/container.js';
import { contentTypeOf } from '../lambdas/usecases/common.js';
import { writeApplicationFolder } from '../test/support/docgen/index.js';
import { admitFolder } from './admit.js';
import { LOCAL_USERS } from './idp.js';
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

/** The samples belong to seller A, as if it had applied through the portal. */
export const SAMPLE_OWNER = LOCAL_USERS.find((u) => u.username === 'seller-a')?.sub as string;

/** Gives an application submitted outside the portal (by `admit`) an owner and a portal record. */
export async function adopt(c: Container, applicationId: string, owner: string): Promise<void> {
  if (await c.portal.getDraft(applicationId)) return;
  const record = await c.applications.get(applicationId);
  if (!record) return;
  const app = record.application;
  const documents = (await c.applications.listDocuments(applicationId))
    .filter((d) => d.key)
    .map((d) => ({
      documentId: `doc-${d.index}`,
      type: d.type,
      file: d.file,
      submittedAs: d.file,
      key: d.key as string,
      contentType: contentTypeOf(d.file),
      uploaded: true,
      ...(d.skuId ? { sku: d.skuId } : {}),
      ...(d.size !== undefined ? { size: d.size } : {}),
      ...(d.sha256 ? { sha256: d.sha256 } : {}),
    }));
  await c.portal.createDraft({
    applicationId,
    owner,
    form: {
      applicationDate: app.applicationDate,
      seller: app.seller,
      category: app.category,
      skus: app.skus.map(({ documents: _d, ...s }) => s),
      sampleSkus: app.sampleSkus,
    },
    documents,
    createdAt: record.createdAt,
    updatedAt: record.createdAt,
    submittedAt: record.createdAt,
  });
}

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
    await adopt(platform.container, spec.applicationId, SAMPLE_OWNER);
    out.push({ applicationId: spec.applicationId, status: record.status });
  }
  return out;
}
