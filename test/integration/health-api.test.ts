/**
 * Seller health over the emulators (issue 18): an application admitted through the flow records
 * its `admitted` event; two violations ops record through the API make the seller WARNED, then
 * RESTRICTED and at risk (SPEC "After admission"), and ops' at-risk list names it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../local/clock.js';
import { type PortalServer, startPortalServer } from '../../local/http.js';
import type { Platform } from '../../local/platform.js';
import { apiClient, localUser } from '../support/api-client.js';
import { admitSample, scratchDir, testPlatform } from '../support/platform.js';

const APPROVE = {
  review: { outcome: 'approve' },
  labResults: {},
  signature: { accept: true, signerName: '张三' },
};

describe('seller health and ops at-risk list', () => {
  let platform: Platform;
  let server: PortalServer;
  let client: Awaited<ReturnType<typeof apiClient>>;
  let uscc: string;
  let skus: string[];
  const id = 'health-admitted';

  beforeAll(async () => {
    platform = await testPlatform();
    server = await startPortalServer(platform, { portalDir: scratchDir('no-portal-') });
    client = await apiClient(server, platform);
    const { record } = await admitSample(platform, {
      applicationId: id,
      applicationDate: '2026-10-01',
      decisions: APPROVE,
    });
    expect(record.status).toBe('ADMITTED');
    // Locally a route naming an application runs on that application's clock (admit's timeline):
    // bring it to the platform's day, as on AWS both are the wall clock.
    (platform.clocks.clockOf(id) as ManualClock).advanceTo(platform.clocks.fallback.now());
    const stored = await platform.container.applications.get(id);
    uscc = stored?.application.seller.uscc as string;
    skus = stored?.application.skus.map((s) => s.sku) ?? [];
    // The portal's owner record, as a seller's own draft would have made it.
    const now = new Date().toISOString();
    await platform.container.portal.createDraft({
      applicationId: id,
      owner: localUser('seller-a').sub,
      form: {
        seller: { companyName: stored?.application.seller.companyName ?? '', uscc },
        category: stored?.application.category ?? '',
        skus: [],
        sampleSkus: [],
      },
      documents: [],
      createdAt: now,
      updatedAt: now,
      submittedAt: now,
    });
  }, 300_000);
  afterAll(async () => {
    await server.close();
    await platform.stop();
  });

  it('records the admission as a governance event, once', async () => {
    const events = await platform.container.governanceEvents.forUscc(uscc);
    expect(events.filter((e) => e.type === 'admitted')).toEqual([
      expect.objectContaining({ applicationId: id, uscc, skus }),
    ]);
  });

  it('is GOOD at 100 with no violations, and ops sees nobody at risk', async () => {
    const health = await client.call('seller-a', 'GET', '/api/health');
    expect(health.status).toBe(200);
    expect(health.json).toEqual([
      expect.objectContaining({ applicationId: id, tier: 'GOOD', healthScore: 100, atRisk: false }),
    ]);
    expect((await client.call('seller-b', 'GET', '/api/health')).json).toEqual([]);
    expect((await client.call('ops', 'GET', '/api/ops/at-risk')).json.sellers).toEqual([]);
  });

  it('turns WARNED at one minor violation and RESTRICTED, at risk at two; ops lists it', async () => {
    const first = { uscc, date: '2026-11-10', severity: 'minor', type: 'late_shipment', skus: [skus[0]] };
    const loaded = await client.call('ops', 'POST', '/api/ops/violations', [first]);
    expect(loaded.json).toEqual({ loaded: 1, governed: 1 });
    // The same record again is the same violation.
    await client.call('ops', 'POST', '/api/ops/violations', [first]);
    let [h] = (await client.call('seller-a', 'GET', '/api/health')).json;
    expect(h).toMatchObject({ tier: 'WARNED', healthScore: 90, atRisk: false, violationsCounted: 1 });
    expect(h.delistedSkus).toEqual([{ sku: skus[0], until: null }]);

    await client.call('ops', 'POST', '/api/ops/violations', [
      { uscc, date: '2026-11-15', severity: 'minor', type: 'false_advertising' },
    ]);
    [h] = (await client.call('seller-a', 'GET', '/api/health')).json;
    expect(h).toMatchObject({ tier: 'RESTRICTED', healthScore: 80, atRisk: true, violationsCounted: 2 });
    expect(h.violations.map((v: { counted: boolean }) => v.counted)).toEqual([true, true]);
    expect(h.todo).toEqual(
      expect.arrayContaining([
        { kind: 'confirm_fix', violationId: expect.any(String), skus: [skus[0]] },
        { kind: 'raise_score', healthScore: 80, atRiskBelow: 85 },
      ]),
    );

    const atRisk = await client.call('ops', 'GET', '/api/ops/at-risk');
    expect(atRisk.json.sellers).toEqual([
      expect.objectContaining({ applicationId: id, tier: 'RESTRICTED', healthScore: 80, atRisk: true }),
    ]);
    expect((await client.call('seller-a', 'GET', '/api/ops/at-risk')).status).toBe(403);
  });

  it('gives the diagnostic report to its seller in full, to ops without notes, to nobody else', async () => {
    await client.call('ops', 'POST', '/api/ops/violations', [
      { uscc, date: '2026-11-16', severity: 'minor', note: 'internal note' },
    ]);
    const mine = await client.call('seller-a', 'GET', `/api/health/${id}/report`);
    expect(mine.status).toBe(200);
    expect(mine.json).toMatchObject({ report: 'diagnostic', applicationId: id, tier: 'RESTRICTED' });
    expect(JSON.stringify(mine.json)).toContain('internal note');
    const ops = await client.call('ops', 'GET', `/api/health/${id}/report`);
    expect(ops.json.healthScore).toBe(70);
    expect(JSON.stringify(ops.json)).not.toContain('internal note');
    expect((await client.call('seller-b', 'GET', `/api/health/${id}/report`)).status).toBe(404);
    // The same facts as a bilingual PDF, stored once per content and given as a link.
    const pdf = await client.call('seller-a', 'GET', `/api/health/${id}/report?format=pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.json.contentType).toBe('application/pdf');
    const bytes = Buffer.from(await (await fetch(pdf.json.url)).arrayBuffer());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const again = await client.call('ops', 'GET', `/api/health/${id}/report?format=pdf`);
    expect(new URL(again.json.url).pathname).toBe(new URL(pdf.json.url).pathname);
    expect((await client.call('reviewer', 'GET', `/api/health/${id}/report`)).status).toBe(403);
  });
});
