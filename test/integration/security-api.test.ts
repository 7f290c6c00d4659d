/**
 * The probe's attacks on the API's rules, replayed through the local HTTP server: a seller moving
 * the date every rule counts from, staff roles reading personal data, files swapped or mislabelled
 * after confirmation, decisions without the claim, settings and periods without bounds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledRules } from '../../lambdas/adapters/container.js';
import type { ApplicationDetail } from '../../lambdas/api/contract.js';
import { makeUscc } from '../../lambdas/domain/codes.js';
import { AlreadyDecidedError } from '../../lambdas/shared/errors.js';
import { type PortalServer, startPortalServer } from '../../local/http.js';
import type { Platform } from '../../local/platform.js';
import { apiClient } from '../support/api-client.js';
import { scratchDir, testPlatform } from '../support/platform.js';

describe('security: the API holds its rules against each role', () => {
  let platform: Platform;
  let server: PortalServer;
  let client: Awaited<ReturnType<typeof apiClient>>;

  beforeAll(async () => {
    // The platform's day is 2026-11-20 (China): every date rule counts from it.
    platform = await testPlatform();
    server = await startPortalServer(platform, { portalDir: scratchDir('no-portal-') });
    client = await apiClient(server, platform);
  });
  afterAll(async () => {
    await server.close();
    await platform.stop();
  });
  const call = (who: string | null, method: string, path: string, body?: unknown) =>
    client.call(who, method, path, body);

  it('sets the application date itself, at submission: a backdated draft cannot dodge a violation', async () => {
    const form = { seller: { companyName: 'x', uscc: 'y' }, category: 'home', skus: [], sampleSkus: [] };
    for (const applicationDate of ['1900-01-01', '9999-12-31', '2026-11-20']) {
      const refused = await call('seller-a', 'POST', '/api/applications', { ...form, applicationDate });
      expect(refused.status).toBe(400);
      expect(refused.json.issues).toEqual([expect.objectContaining({ path: 'applicationDate' })]);
    }

    // A seller of its own (the violation below must not touch the other tests' seller).
    const uscc = makeUscc('91440300', 'MA5SEC01');
    const { id, app } = await client.applyThroughApi({ company: { uscc }, seller: { uscc } });
    const draft = (await call('seller-a', 'GET', `/api/applications/${id}`)).json as ApplicationDetail;
    expect(draft.form.applicationDate).toBeUndefined();
    // A serious violation five months before the server's date: the 12-month rule must see it.
    const loaded = await call('ops', 'POST', '/api/ops/violations', [
      { uscc: app.seller.uscc, date: '2026-06-15', severity: 'serious' },
    ]);
    expect(loaded.status).toBe(200);
    const updated = await call('seller-a', 'PUT', `/api/applications/${id}`, {
      ...draft.form,
      applicationDate: '2025-01-01',
    });
    expect(updated.status).toBe(400);
    expect((await call('seller-a', 'POST', `/api/applications/${id}/submit`)).status).toBe(200);
    const decided = await client.settle(id);
    expect(decided.form.applicationDate).toBe('2026-11-20');
    expect(decided.status).toBe('REJECTED');
    expect(decided.reasons.map((r) => r.code)).toContain('SERIOUS_VIOLATION_12M');
  });

  it('changes nothing of a submitted application: no confirm, no upload after submission', async () => {
    const { id, tickets } = await client.applyThroughApi({});
    expect((await call('seller-a', 'POST', `/api/applications/${id}/submit`)).status).toBe(200);
    const t = tickets[0] as (typeof tickets)[number];
    const confirm = await call(
      'seller-a',
      'POST',
      `/api/applications/${id}/documents/${t.documentId}/confirm`,
    );
    expect(confirm.status).toBe(422);
    const upload = await call('seller-a', 'POST', `/api/applications/${id}/uploads`, {
      type: 'business_licence',
      fileName: 'late.pdf',
      contentType: 'application/pdf',
      size: 1000,
    });
    expect(upload.status).toBe(422);
    await client.settle(id);
  });

  it('submits the bytes confirmed, not bytes put under a still-valid upload ticket afterwards', async () => {
    const { id, tickets } = await client.applyThroughApi({});
    const licence =
      tickets.find((t) => t.file.includes('licence')) ?? (tickets[0] as (typeof tickets)[number]);
    const other = tickets.find(
      (t) => t !== licence && t.contentType === licence.contentType,
    ) as typeof licence;
    const replaced = await client.post(licence, other.bytes, licence.contentType, licence.file);
    expect(replaced.status).toBeLessThan(300);
    const submit = await call('seller-a', 'POST', `/api/applications/${id}/submit`);
    expect(submit.status).toBe(422);
    expect(submit.json.error).toContain(licence.file);
    expect((await call('seller-a', 'GET', `/api/applications/${id}`)).json.status).toBe('DRAFT');
    // Confirmed again, the new bytes are what the seller vouches for.
    const again = await call(
      'seller-a',
      'POST',
      `/api/applications/${id}/documents/${licence.documentId}/confirm`,
    );
    expect(again.status).toBe(200);
  });

  it('serves bytes as what they are, not as declared, and refuses names that are no file names', async () => {
    const { id, tickets } = await client.applyThroughApi({});
    const pdf = tickets.find((t) => t.contentType === 'application/pdf') as (typeof tickets)[number];
    const ticket = await call('seller-a', 'POST', `/api/applications/${id}/uploads`, {
      type: 'business_licence',
      fileName: 'photo.png',
      contentType: 'image/png',
      size: pdf.bytes.length,
    });
    expect(ticket.status).toBe(200);
    expect((await client.post(ticket.json, pdf.bytes, 'image/png', 'photo.png')).status).toBeLessThan(300);
    const confirm = await call(
      'seller-a',
      'POST',
      `/api/applications/${id}/documents/${ticket.json.documentId}/confirm`,
    );
    // Read as what it is (a PDF named .png: mislabelled, as the pipeline says it) ...
    expect(confirm.status).toBe(200);
    expect(confirm.json.read.ok).toBe(false);
    expect(confirm.json.read.problems[0].message.en).toContain('photo.png');
    // ... and served as what it is, never under the type the seller declared.
    const link = await call(
      'seller-a',
      'GET',
      `/api/applications/${id}/documents/${ticket.json.documentId}/file`,
    );
    expect(link.json.contentType).toBe('application/pdf');
    expect((await fetch(link.json.url)).headers.get('content-type')).toBe('application/pdf');

    const ask = (fileName: string) =>
      call('seller-a', 'POST', `/api/applications/${id}/uploads`, {
        type: 'business_licence',
        fileName,
        contentType: 'application/pdf',
        size: 100,
      });
    for (const name of ['.', '..', ' ... ', '\u202E\u200B']) expect((await ask(name)).status).toBe(400);
    const spoof = await ask('licence\u202Efdp.exe');
    expect(spoof.status).toBe(200);
    expect(spoof.json.key).not.toMatch(/\.\.|\u202E/);
    const detail = (await call('seller-a', 'GET', `/api/applications/${id}`)).json as ApplicationDetail;
    const shown = detail.documents.find((d) => d.documentId === spoof.json.documentId);
    expect(shown?.file).toBe('licencefdp.exe');
  });

  it('shows finance and ops no personal or document fields, and the document files only to owner and reviewer', async () => {
    const { id } = await client.applyThroughApi({});
    expect((await call('seller-a', 'POST', `/api/applications/${id}/submit`)).status).toBe(200);
    const full = await client.settle(id);
    const withFields = full.documents.find((d) => d.read && Object.keys(d.read.fields).length > 0);
    expect(withFields).toBeDefined();
    expect(full.form.seller.legalRepresentative).toBeTruthy();

    const reviewer = (await call('reviewer', 'GET', `/api/applications/${id}`)).json as ApplicationDetail;
    expect(
      Object.keys(
        reviewer.documents.find((d) => d.documentId === withFields?.documentId)?.read?.fields ?? {},
      ),
    ).not.toHaveLength(0);
    for (const role of ['finance', 'ops']) {
      const view = await call(role, 'GET', `/api/applications/${id}`);
      expect(view.status).toBe(200);
      const text = JSON.stringify(view.json);
      expect(view.json.form.seller).toEqual({
        companyName: full.form.seller.companyName,
        uscc: full.form.seller.uscc,
      });
      for (const d of view.json.documents) if (d.read) expect(Object.keys(d.read)).toEqual(['ok']);
      expect(text).not.toContain(full.form.seller.legalRepresentative as string);
      for (const e of view.json.timeline) expect(Object.keys(e).sort()).toEqual(['action', 'actor', 'at']);
      const file = await call(
        role,
        'GET',
        `/api/applications/${id}/documents/${withFields?.documentId}/file`,
      );
      expect(file.status).toBe(403);
    }
    expect(
      (await call('reviewer', 'GET', `/api/applications/${id}/documents/${withFields?.documentId}/file`))
        .status,
    ).toBe(200);
  });

  it('lets a reviewer decide only a task they hold the claim of, and holds the claim in the write', async () => {
    const { id } = await client.applyThroughApi({ company: { name: '义乌市佳家日用品（集团）有限公司' } });
    expect((await call('seller-a', 'POST', `/api/applications/${id}/submit`)).status).toBe(200);
    expect((await client.settle(id)).status).toBe('AWAITING_REVIEW');
    const task = (
      (await call('reviewer', 'GET', '/api/review/tasks')).json as { taskId: string; applicationId: string }[]
    ).find((t) => t.applicationId === id);
    const path = `/api/review/tasks/${encodeURIComponent(task?.taskId as string)}`;
    const decision = { outcome: 'approve', note: 'checked' };
    const unclaimed = await call('reviewer', 'POST', `${path}/decision`, decision);
    expect(unclaimed.status).toBe(422);
    expect(unclaimed.json.error).toMatch(/claim/);

    const second = await server.idp.issue({
      username: 'reviewer-2',
      sub: 'e1e1e1e1-0000-4000-8000-000000000002',
      role: 'reviewer',
      displayName: 'Reviewer 2',
    });
    expect((await call(second, 'POST', `${path}/claim`)).status).toBe(200);
    expect((await call('reviewer', 'POST', `${path}/claim`)).status).toBe(409);
    expect((await call('reviewer', 'POST', `${path}/decision`, decision)).status).toBe(422);

    // Between the check and the write another reviewer may take the claim: the write holds it.
    const [kind, round] = String(task?.taskId).split('~').slice(1);
    await expect(
      platform.container.applications.decideTask(
        id,
        kind as 'review_checks',
        Number(round),
        { outcome: 'approve', note: 'race' },
        { at: new Date().toISOString(), actor: 'reviewer:reviewer', action: 'review_decided' },
        { claimedBy: 'reviewer:reviewer' },
      ),
    ).rejects.toBeInstanceOf(AlreadyDecidedError);
    expect((await call(second, 'POST', `${path}/decision`, decision)).status).toBe(200);
  });

  it('bounds every rules setting ops can publish', async () => {
    const base = structuredClone(bundledRules);
    const attempts: [string, (s: typeof base) => void][] = [
      ['review.slaWorkingDays', (s) => (s.review.slaWorkingDays = 2_000_000)],
      ['lab.resultWorkingDays', (s) => (s.lab.resultWorkingDays = 2 ** 53 - 1)],
      ['lab.maxAttempts', (s) => (s.lab.maxAttempts = 1e6)],
      ['violations.windowMonths', (s) => (s.violations.windowMonths = 12_000)],
      [
        'fees.schedules.0.commissionRate',
        (s) =>
          ((s.fees.schedules[0] as (typeof s.fees.schedules)[0]).commissionRate = `0.${'1'.repeat(100_000)}`),
      ],
      ['capacity.kwhPerUnit.default', (s) => (s.capacity.kwhPerUnit.default = '1'.repeat(40))],
    ];
    for (const [field, mutate] of attempts) {
      const next = structuredClone(base);
      next.version = `bounds-${field}`;
      mutate(next);
      const res = await call('ops', 'POST', '/api/ops/rules', next);
      expect(res.status, field).toBe(400);
      expect(res.json.issues.map((i: { path: string }) => i.path).join(' '), field).toContain(
        field.split('.').pop() as string,
      );
    }
    expect((await call('ops', 'GET', '/api/ops/rules')).json.current.version).toBe(base.version);
  });

  it('refuses a form too large to store as what it is (400), not a storage failure (500)', async () => {
    const attributes = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`a${i}`, '字'.repeat(400)]));
    const skus = Array.from({ length: 100 }, (_, i) => ({ sku: `S-${i}`, monthlyCapacity: 10, attributes }));
    const form = { seller: { companyName: 'x', uscc: 'y' }, category: 'home', skus, sampleSkus: [] };
    const res = await call('seller-a', 'POST', '/api/applications', form);
    expect(res.status).toBe(400);
    expect(res.json.error).toMatch(/too large/);
  });

  it('issues only ended periods from 2000 on, and loads violations in bounded batches', async () => {
    expect((await call('finance', 'POST', '/api/finance/statements', { period: '2099-12' })).status).toBe(
      422,
    );
    expect((await call('finance', 'POST', '/api/finance/statements', { period: '2026-11' })).status).toBe(
      422,
    );
    expect((await call('finance', 'POST', '/api/finance/statements', { period: '0000-01' })).status).toBe(
      400,
    );
    expect((await call('finance', 'GET', '/api/finance/statements?period=0000-01')).status).toBe(400);
    expect((await call('finance', 'GET', '/api/finance/statements?period=2099-12')).json.issued).toBe(false);

    const row = { uscc: '91330782MA2B3C4D12', date: '2026-01-01', severity: 'minor' };
    const tooMany = await call(
      'ops',
      'POST',
      '/api/ops/violations',
      Array.from({ length: 501 }, () => row),
    );
    expect(tooMany.status).toBe(400);
    const longNote = await call('ops', 'POST', '/api/ops/violations', [{ ...row, note: 'x'.repeat(5000) }]);
    expect(longNote.status).toBe(400);
  });
});
