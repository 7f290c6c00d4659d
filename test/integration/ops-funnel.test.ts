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

  /** The applications behind a count of the funnel, every page of them. */
  async function behind(count: { figure: string }, filter = YEAR): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const q = `${filter}&figure=${encodeURIComponent(count.figure)}${cursor ? `&cursor=${cursor}` : ''}`;
      const reply = await client.call('ops', 'GET', `/api/ops/funnel/applications?${q}`);
      expect(reply.status).toBe(200);
      ids.push(...reply.json.ids);
      cursor = reply.json.cursor;
    } while (cursor);
    return ids.sort();
  }

  it('gives ops the funnel of a period from its roll-ups, and the applications behind each figure', async () => {
    const reply = await client.call('ops', 'GET', `/api/ops/funnel?${YEAR}`);
    expect(reply.status).toBe(200);
    const f = reply.json;
    expect(f.submitted.n).toBe(3);
    expect(f.overall.admitted).toEqual({ n: 1, figure: 'admitted' });
    expect(await behind(f.overall.admitted)).toEqual(['ops-admitted']);
    expect(await behind(f.overall.rejected)).toEqual(['ops-rejected']);
    expect(f.overall.passRate).toBe(0.5);
    expect(await behind(f.byStatus.AWAITING_REVIEW)).toEqual(['ops-waiting']);
    const checks = f.stages.find((s: { stage: string }) => s.stage === 'checks');
    expect(await behind(checks.rejected)).toEqual(['ops-rejected']);
    expect(await behind(checks.flagged)).toEqual(['ops-waiting']);
    expect(f.reasons.map((r: { code: string }) => r.code)).toEqual(
      expect.arrayContaining(['CATEGORY_PROHIBITED', 'LICENCE_NAME_MISMATCH']),
    );
    expect(f.reviewerSla.openPastSla.n).toBe(1);
    expect(await behind(f.reviewerSla.openPastSla)).toEqual(['ops-waiting']);
    expect(await behind(f.submitted)).toEqual(['ops-admitted', 'ops-rejected', 'ops-waiting']);
    expect(f.percentileMethod).toBe('nearest-rank');
  });

  it('gives the same counts from the roll-ups as the CSV export computes from every summary', async () => {
    const [json, csv] = await Promise.all([
      client.call('ops', 'GET', `/api/ops/funnel?${YEAR}`),
      client.call('ops', 'GET', `/api/ops/funnel?${YEAR}&format=csv`),
    ]);
    const rows = (csv.json as string)
      .trim()
      .split('\r\n')
      .slice(1)
      .map((r) => r.split(','));
    const csvOf = (section: string, figure: string, detail = '') =>
      rows.find((r) => r[0] === section && r[1] === figure && r[2] === detail)?.[3];
    expect(csvOf('overall', 'submitted')).toBe(String(json.json.submitted.n));
    for (const s of json.json.stages) {
      expect(csvOf('stage', s.stage, 'entered')).toBe(String(s.entered.n));
      expect(csvOf('stage', s.stage, `p50_${s.duration.unit}`)).toBe(
        s.duration.p50 === null ? '' : String(s.duration.p50),
      );
    }
    expect(csvOf('reviewer_sla', 'openPastSla')).toBe(String(json.json.reviewerSla.openPastSla.n));
  });

  it('filters by category and answers CSV when asked', async () => {
    const drugs = await client.call('ops', 'GET', `/api/ops/funnel?${YEAR}&category=drugs`);
    expect(drugs.json.submitted.n).toBe(1);
    expect(await behind(drugs.json.submitted, `${YEAR}&category=drugs`)).toEqual(['ops-rejected']);
    const csv = await client.call('ops', 'GET', `/api/ops/funnel?${YEAR}&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain('funnel-2026-01-01-2026-12-31.csv');
    expect(csv.json).toContain('overall,admitted,,1,ops-admitted\r\n');
  });

  it('refuses a figure list without a figure or with a cursor it did not write', async () => {
    expect((await client.call('ops', 'GET', `/api/ops/funnel/applications?${YEAR}`)).status).toBe(400);
    const bad = await client.call(
      'ops',
      'GET',
      `/api/ops/funnel/applications?${YEAR}&figure=submitted&cursor=bm9wZQ`,
    );
    expect(bad.status).toBe(400);
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
    expect(
      (await client.call(who, 'GET', `/api/ops/funnel/applications?${YEAR}&figure=submitted`)).status,
    ).toBe(403);
    expect((await client.call(who, 'GET', '/api/ops/stuck')).status).toBe(403);
    expect((await client.call(who, 'POST', '/api/ops/applications/ops-waiting/redrive')).status).toBe(403);
  });
});
