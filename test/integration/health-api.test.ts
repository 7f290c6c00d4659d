/**
 * Seller health over the emulators (issue 18): an application admitted through the flow records
 * its `admitted` event; two violations ops record through the API make the seller WARNED, then
 * RESTRICTED and at risk (SPEC "After admission"), and ops' at-risk list names it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDateOf } from '../../lambdas/domain/calendar.js';
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

  it('lets the seller confirm a fix once and appeal once within 14 days with evidence; ops upholds', async () => {
    // The day after the 2026-11-10 violation's last appeal day (2026-11-24), whatever day the run is.
    const clock = platform.clocks.clockOf(id) as ManualClock;
    clock.advanceTo('2026-11-25T02:00:00.000Z');
    // Routes naming no application (the seller's list, ops' appeals) run on the platform's clock.
    (platform.clocks.fallback as ManualClock).advanceTo(clock.now());
    const today = chinaDateOf(clock.now().toISOString());
    const sku = skus.at(-1) as string;
    await client.call('ops', 'POST', '/api/ops/violations', [
      { violationId: 'appeal-me', uscc, date: today, severity: 'minor', skus: [sku] },
    ]);
    let [h] = (await client.call('seller-a', 'GET', '/api/health')).json;
    // Four since admission: banned, every SKU delisted for ever.
    expect(h).toMatchObject({ tier: 'BANNED', healthScore: 60, violationsCounted: 4 });
    const mine = h.violations.find((v: { violationId: string }) => v.violationId === 'appeal-me');
    expect(mine).toMatchObject({ appealBy: expect.any(String), appealFiled: null, counted: true });
    const old = h.violations.find((v: { date: string }) => v.date === '2026-11-10').violationId;

    // A fix is confirmed once; an appeal after 14 days is refused naming the field.
    const fix = await client.call('seller-a', 'POST', `/api/health/${id}/fix`, { violationId: old });
    expect(fix.status).toBe(200);
    expect(fix.json).toEqual({ type: 'fix_confirmed', violationId: old, date: today });
    const again = await client.call('seller-a', 'POST', `/api/health/${id}/fix`, { violationId: old });
    expect(again.status).toBe(409);
    expect(again.json.error).toMatch(/^violationId: /);
    const late = await client.call('seller-a', 'POST', `/api/health/${id}/evidence`, {
      violationId: old,
      kind: 'purchase_invoices',
      fileName: 'invoice.pdf',
      contentType: 'application/pdf',
      size: 100,
    });
    expect(late.status).toBe(422);
    expect(late.json.error).toMatch(/^violationId: .* could be appealed until 2026-11-24/);

    // Evidence goes to the bucket by presigned POST, then the appeal names it.
    const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    const ticket = await client.call('seller-a', 'POST', `/api/health/${id}/evidence`, {
      violationId: 'appeal-me',
      kind: 'purchase_invoices',
      fileName: 'invoice.pdf',
      contentType: 'application/pdf',
      size: pdf.byteLength,
    });
    expect(ticket.status).toBe(200);
    const body = { violationId: 'appeal-me', statement: 'bought from the brand owner' };
    const evidence = [{ kind: 'purchase_invoices', key: ticket.json.key, file: 'invoice.pdf' }];
    const early = await client.call('seller-a', 'POST', `/api/health/${id}/appeal`, { ...body, evidence });
    expect(early.status).toBe(400); // nothing uploaded yet
    expect((await client.post(ticket.json, pdf, 'application/pdf', 'invoice.pdf')).status).toBeLessThan(300);
    expect(
      (await client.call('seller-b', 'POST', `/api/health/${id}/appeal`, { ...body, evidence })).status,
    ).toBe(404);
    const filed = await client.call('seller-a', 'POST', `/api/health/${id}/appeal`, { ...body, evidence });
    expect(filed.status).toBe(200);
    expect(filed.json).toMatchObject({
      violationId: 'appeal-me',
      date: today,
      evidence: [{ kind: 'purchase_invoices' }],
    });
    const second = await client.call('seller-a', 'POST', `/api/health/${id}/appeal`, { ...body, evidence });
    expect(second.status).toBe(409);
    expect(second.json.error).toMatch(/^violationId: appeal-me was appealed on/);
    [h] = (await client.call('seller-a', 'GET', '/api/health')).json;
    expect(h.violations.find((v: { violationId: string }) => v.violationId === 'appeal-me')).toMatchObject({
      appealBy: null,
      appealFiled: {
        date: today,
        decision: null,
        evidence: [{ kind: 'purchase_invoices', file: 'invoice.pdf' }],
      },
    });

    // Ops see it with its evidence and decide it.
    expect((await client.call('seller-a', 'GET', '/api/ops/appeals')).status).toBe(403);
    const open = await client.call('ops', 'GET', '/api/ops/appeals');
    expect(open.json.appeals).toEqual([
      expect.objectContaining({
        applicationId: id,
        violationId: 'appeal-me',
        filedOn: today,
        statement: body.statement,
      }),
    ]);
    const [ev] = open.json.appeals[0].evidence;
    const link = await client.call(
      'ops',
      'GET',
      `/api/health/${id}/evidence?violationId=appeal-me&evidenceId=${ev.evidenceId}`,
    );
    expect(link.status).toBe(200);
    expect(Buffer.from(await (await fetch(link.json.url)).arrayBuffer())).toEqual(Buffer.from(pdf));
    // The seller hears of the decision by webhook (a closed port: the delivery is kept all the same).
    const hook = await client.call('seller-a', 'POST', '/api/webhooks/endpoints', {
      url: 'http://127.0.0.1:9/hooks',
      events: ['application.appeal_decided'],
    });
    expect(hook.status).toBe(200);
    const decide = { violationId: 'appeal-me', outcome: 'uphold', note: 'invoices check out' };
    expect((await client.call('seller-a', 'POST', `/api/ops/appeals/${id}/decision`, decide)).status).toBe(
      403,
    );
    const decided = await client.call('ops', 'POST', `/api/ops/appeals/${id}/decision`, decide);
    expect(decided.status).toBe(200);
    expect((await client.call('ops', 'POST', `/api/ops/appeals/${id}/decision`, decide)).status).toBe(409);
    type Delivery = { eventId: string; eventType: string; event: { data: unknown } };
    let told: Delivery[] = [];
    for (let i = 0; i < 200 && told.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      told = ((await client.call('seller-a', 'GET', '/api/webhooks/deliveries')).json as Delivery[]).filter(
        (d) => d.eventType === 'application.appeal_decided',
      );
    }
    // Once (the 409 adds none), with the violation, the outcome and ops' note; not who decided.
    expect(told.map((d) => d.eventId)).toEqual([`${id}:application.appeal_decided:violation:appeal-me`]);
    expect(told[0]?.event.data).toEqual({
      applicationId: id,
      violationId: 'appeal-me',
      outcome: 'uphold',
      note: 'invoices check out',
      date: today,
    });
    expect((await client.call('ops', 'GET', '/api/ops/appeals')).json.appeals).toEqual([]);

    // Upheld: voided, the tier recomputed, the ban and its delisting lifted.
    [h] = (await client.call('seller-a', 'GET', '/api/health')).json;
    expect(h).toMatchObject({ tier: 'RESTRICTED', healthScore: 70, violationsCounted: 3 });
    expect(h.violations.find((v: { violationId: string }) => v.violationId === 'appeal-me')).toMatchObject({
      voided: true,
      counted: false,
      appealFiled: { decision: { outcome: 'uphold', note: 'invoices check out', decidedOn: today } },
    });
    // Left: the 2026-11-10 violation's SKU, fixed today, listed again 30 days after it.
    expect(h.delistedSkus).toEqual([{ sku: skus[0], until: '2026-12-10' }]);
  });
});
