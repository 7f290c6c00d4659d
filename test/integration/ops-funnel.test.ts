import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PortalServer, startPortalServer } from '../../local/http.js';
import type { Platform } from '../../local/platform.js';
import { apiClient } from '../support/api-client.js';
import { admitSample, scratchDir, testPlatform } from '../support/platform.js';

const APPROVE = {
  review: { outcome: 'approve' },
  labResults: {},
  signature: { accept: true, signerName: '张三' },
};
const YEAR = 'from=2026-01-01&to=2026-12-31';

describe('ops funnel, stuck work and re-drive over the local API', () => {
  let platform: Platform;
  let server: PortalServer;
  let client: Awaited<ReturnType<typeof apiClient>>;

  beforeAll(async () => {
    platform = await testPlatform();
    server = await startPortalServer(platform, { portalDir: scratchDir('no-portal-') });
    client = await apiClient(server, platform);
    // Admitted; rejected at intake; waiting for a reviewer since 2026-11-10 (stuck by the platform's 11-20).
    const admitted = await admitSample(platform, { applicationId: 'ops-admitted', decisions: APPROVE });
    const rejected = await admitSample(platform, {
      applicationId: 'ops-rejected',
      category: 'drugs',
    } as never);
    const waiting = await admitSample(platform, {
      applicationId: 'ops-waiting',
      applicationDate: '2026-11-10',
      company: { name: '义乌市佳家日用品（集团）有限公司' },
    });
    expect([admitted.record.status, rejected.record.status, waiting.record.status]).toEqual([
      'ADMITTED',
      'REJECTED',
      'AWAITING_REVIEW',
    ]);
  }, 600_000);
  afterAll(async () => {
    await server?.close();
    await platform?.stop();
  });

  it('gives ops the funnel of a period with the applications behind each figure', async () => {
    const reply = await client.call('ops', 'GET', `/api/ops/funnel?${YEAR}`);
    expect(reply.status).toBe(200);
    const f = reply.json;
    expect(f.submitted.n).toBe(3);
    expect(f.overall.admitted.ids).toEqual(['ops-admitted']);
    expect(f.overall.rejected.ids).toEqual(['ops-rejected']);
    expect(f.overall.passRate).toBe(0.5);
    expect(f.byStatus.AWAITING_REVIEW.ids).toEqual(['ops-waiting']);
    const checks = f.stages.find((s: { stage: string }) => s.stage === 'checks');
    expect(checks.rejected.ids).toEqual(['ops-rejected']);
    expect(checks.flagged.ids).toEqual(['ops-waiting']);
    expect(f.reasons.map((r: { code: string }) => r.code)).toEqual(
      expect.arrayContaining(['CATEGORY_PROHIBITED', 'LICENCE_NAME_MISMATCH']),
    );
    expect(f.reviewerSla.openPastSla.ids).toEqual(['ops-waiting']);
    expect(f.percentileMethod).toBe('nearest-rank');
  });

  it('filters by category and answers CSV when asked', async () => {
    const drugs = await client.call('ops', 'GET', `/api/ops/funnel?${YEAR}&category=drugs`);
    expect(drugs.json.submitted.ids).toEqual(['ops-rejected']);
    const csv = await client.call('ops', 'GET', `/api/ops/funnel?${YEAR}&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain('funnel-2026-01-01-2026-12-31.csv');
    expect(csv.json).toContain('overall,admitted,,1,ops-admitted\r\n');
  });

  it('refuses a period that ends before it starts, or none', async () => {
    expect((await client.call('ops', 'GET', '/api/ops/funnel?from=2026-12-01&to=2026-11-01')).status).toBe(
      400,
    );
    expect((await client.call('ops', 'GET', '/api/ops/funnel')).status).toBe(400);
  });

  it('lists the stuck application with where it stands and what it waits for', async () => {
    const reply = await client.call('ops', 'GET', '/api/ops/stuck');
    expect(reply.status).toBe(200);
    expect(reply.json).toHaveLength(1);
    expect(reply.json[0]).toMatchObject({
      applicationId: 'ops-waiting',
      status: 'AWAITING_REVIEW',
      stage: 'review_checks',
      waitsFor: 'a reviewer to decide the flagged checks',
    });
  });

  it('re-drives an unfinished application from where it stands, and refuses a finished one', async () => {
    const reply = await client.call('ops', 'POST', '/api/ops/applications/ops-waiting/redrive');
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({ applicationId: 'ops-waiting', resumeAt: 'review_checks' });
    expect(reply.json.execution).toMatch(/^ops-waiting-redrive-[0-9a-f]{8}$/);
    expect((await client.call('ops', 'POST', '/api/ops/applications/ops-admitted/redrive')).status).toBe(422);
    expect((await client.call('ops', 'POST', '/api/ops/applications/nope/redrive')).status).toBe(404);
  });

  it.each(['seller-a', 'reviewer', 'finance', 'lab-cti'])('keeps the ops routes from %s', async (who) => {
    expect((await client.call(who, 'GET', `/api/ops/funnel?${YEAR}`)).status).toBe(403);
    expect((await client.call(who, 'GET', '/api/ops/stuck')).status).toBe(403);
    expect((await client.call(who, 'POST', '/api/ops/applications/ops-waiting/redrive')).status).toBe(403);
  });
});
