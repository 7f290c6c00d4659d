import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledRules } from '../../lambdas/adapters/container.js';
import type { ApplicationDetail, DocumentView } from '../../lambdas/api/contract.js';
import { ROUTES } from '../../lambdas/api/routes.js';
import { ROLES } from '../../lambdas/domain/roles.js';
import { type PortalServer, startPortalServer } from '../../local/http.js';
import { LOCAL_USERS } from '../../local/idp.js';
import type { Platform } from '../../local/platform.js';
import { apiClient, localUser } from '../support/api-client.js';
import { scratchDir, testPlatform } from '../support/platform.js';

const user = localUser;

describe('HTTP API over the local adapter', () => {
  let platform: Platform;
  let server: PortalServer;
  let client: Awaited<ReturnType<typeof apiClient>>;

  beforeAll(async () => {
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
  const settle = (id: string) => client.settle(id);
  const applyThroughApi = async (spec: Parameters<typeof client.applyThroughApi>[0]) => {
    const { id, reads } = await client.applyThroughApi(spec);
    return { id, reads };
  };

  it('refuses every request without a valid token, as the JWT authorizer would', async () => {
    expect((await call(null, 'GET', '/api/me')).status).toBe(401);
    expect((await call('not-a-jwt', 'GET', '/api/me')).status).toBe(401);
    const expired = await server.idp.issue(user('ops'), { expiresInSeconds: -60 });
    expect((await call(expired, 'GET', '/api/me')).status).toBe(401);
    const foreign = await server.idp.issue(user('ops'), { audience: 'another-app' });
    expect((await call(foreign, 'GET', '/api/me')).status).toBe(401);
    const me = await call('lab-cti', 'GET', '/api/me');
    expect(me.json).toMatchObject({ username: 'lab-cti', groups: ['lab'], labId: 'lab-cti-shenzhen' });
  });

  it('lets a seller apply: uploads are read at once, submitted, reviewed, inspected, signed and ADMITTED', async () => {
    const { id, reads } = await applyThroughApi({ company: { name: '义乌市佳家日用品（集团）有限公司' } });
    const licence = reads.find((r) => r.type === 'business_licence') as DocumentView;
    expect(licence.read?.ok).toBe(true);
    expect(licence.read?.fields.uscc?.confidence).toBeGreaterThan(0.8);
    expect(licence.read?.fields.uscc?.lowConfidence).toBe(false);
    expect((await call('seller-a', 'GET', `/api/applications/${id}`)).json.status).toBe('DRAFT');

    expect((await call('seller-a', 'POST', `/api/applications/${id}/submit`)).status).toBe(200);
    expect((await call('seller-a', 'POST', `/api/applications/${id}/submit`)).status).toBe(422);
    expect((await settle(id)).status).toBe('AWAITING_REVIEW');

    const queue = (await call('reviewer', 'GET', '/api/review/tasks')).json as {
      taskId: string;
      applicationId: string;
    }[];
    const task = queue.find((t) => t.applicationId === id);
    expect(task).toBeDefined();
    // Ordered by the reviewer SLA: 3 China working days from Friday 2026-11-20 is Wednesday 11-25.
    expect((task as unknown as { dueAt: string }).dueAt.slice(0, 10)).toBe('2026-11-25');
    const taskId = encodeURIComponent(task?.taskId as string);
    const evidence = await call('reviewer', 'GET', `/api/review/tasks/${taskId}`);
    expect(evidence.json.application.reasons.some((r: { outcome: string }) => r.outcome === 'flag')).toBe(
      true,
    );
    expect((await call('reviewer', 'POST', `/api/review/tasks/${taskId}/claim`)).status).toBe(200);
    const bad = await call('reviewer', 'POST', `/api/review/tasks/${taskId}/decision`, {
      outcome: 'maybe',
      note: 'x',
    });
    expect(bad.status).toBe(400);
    const decided = await call('reviewer', 'POST', `/api/review/tasks/${taskId}/decision`, {
      outcome: 'approve',
      note: '（集团） is the registered form; checked',
    });
    expect(decided.status).toBe(200);
    expect(
      (
        await call('reviewer', 'POST', `/api/review/tasks/${taskId}/decision`, {
          outcome: 'approve',
          note: 'again',
        })
      ).status,
    ).toBe(422);
    expect((await settle(id)).status).toBe('AWAITING_LAB_RESULTS');

    const bookings = (await call('lab-cti', 'GET', '/api/lab/bookings')).json as {
      bookingId: string;
      applicationId: string;
    }[];
    const mine = bookings.filter((b) => b.applicationId === id);
    expect(mine.length).toBeGreaterThan(0);
    for (const b of mine) {
      const posted = await call(
        'lab-cti',
        'POST',
        `/api/lab/bookings/${encodeURIComponent(b.bookingId)}/result`,
        {
          passed: true,
          findings: [],
        },
      );
      expect(posted.status).toBe(200);
      const twice = await call(
        'lab-cti',
        'POST',
        `/api/lab/bookings/${encodeURIComponent(b.bookingId)}/result`,
        { passed: true },
      );
      expect(twice.status).toBe(422);
    }
    const awaiting = await settle(id);
    expect(awaiting.status).toBe('AWAITING_SIGNATURE');
    const agreement = awaiting.agreement as NonNullable<ApplicationDetail['agreement']>;
    const file = await call('seller-a', 'GET', `/api/applications/${id}/agreement/file`);
    expect((await fetch(file.json.url)).status).toBe(200);
    const stale = await call('seller-a', 'POST', `/api/applications/${id}/signature`, {
      accept: true,
      signerName: '张三',
      sha256: '0'.repeat(64),
    });
    expect(stale.status).toBe(422);
    const signed = await call('seller-a', 'POST', `/api/applications/${id}/signature`, {
      accept: true,
      signerName: '张三',
      sha256: agreement.sha256,
    });
    expect(signed.status).toBe(200);
    const admitted = await settle(id);
    expect(admitted.status).toBe('ADMITTED');
    expect(admitted.timeline.map((e) => e.action)).toEqual(
      expect.arrayContaining(['submitted', 'review_decided', 'lab_result_posted', 'agreement_signed']),
    );
    const sellers = (await call('finance', 'GET', '/api/finance/sellers')).json as {
      applicationId: string;
    }[];
    expect(sellers.map((s) => s.applicationId)).toContain(id);

    // Finance: an order file by presigned POST, the period issued once, totals and downloads.
    const csv = `orderId,applicationId,transactionDate,currency,amountMinor,kind,vasCode\nO-1,${id},2026-10-10,CNY,10000,sale,\nO-2,${id},2026-10-11,CNY,-2500,refund,\nO-3,nobody,2026-10-10,CNY,100,sale,\n`;
    const orderTicket = await call('finance', 'POST', '/api/finance/orders', {
      fileName: 'orders-nov.csv',
      contentType: 'text/csv',
      size: csv.length,
    });
    expect(orderTicket.status).toBe(200);
    const orderForm = new FormData();
    for (const [k, v] of Object.entries(orderTicket.json.fields as Record<string, string>))
      orderForm.append(k, v);
    orderForm.append('file', new Blob([csv], { type: 'text/csv' }), 'orders-nov.csv');
    expect((await fetch(orderTicket.json.url, { method: 'POST', body: orderForm })).status).toBeLessThan(300);
    expect((await call('finance', 'GET', '/api/finance/statements?period=2026-10')).json.issued).toBe(false);
    const issued = await call('finance', 'POST', '/api/finance/statements', { period: '2026-10' });
    expect(issued.status).toBe(200);
    const row = issued.json.statements.find((r: { applicationId: string }) => r.applicationId === id);
    expect(row).toMatchObject({ currency: 'CNY', lines: 2, grossMinor: 7500, commissionMinor: 375 });
    expect(issued.json.rejects).toEqual([expect.objectContaining({ line: 4 })]);
    const download = await fetch(row.csvUrl);
    expect(await download.text()).toContain('O-2');
    expect((await call('finance', 'POST', '/api/finance/statements', { period: '2026-10' })).status).toBe(
      409,
    );
    expect((await call('seller-a', 'GET', '/api/finance/statements?period=2026-10')).status).toBe(403);
  });

  it('lets a rejected seller re-apply from a copy, or appeal once with evidence a reviewer decides', async () => {
    const { id } = await applyThroughApi({ category: 'drugs' });
    expect((await call('seller-a', 'POST', `/api/applications/${id}/submit`)).status).toBe(200);
    const rejected = await settle(id);
    expect(rejected.status).toBe('REJECTED');
    expect(rejected.canAppeal).toBe(true);

    const again = await call('seller-a', 'POST', `/api/applications/${id}/reapply`);
    expect(again.status).toBe(200);
    const copy = (await call('seller-a', 'GET', `/api/applications/${again.json.applicationId}`))
      .json as ApplicationDetail;
    expect(copy.status).toBe('DRAFT');
    expect(copy.documents.length).toBe(rejected.documents.length);

    const evidence = new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const ticket = await call('seller-a', 'POST', `/api/applications/${id}/uploads`, {
      type: 'appeal_evidence',
      fileName: 'production-licence.pdf',
      contentType: 'application/pdf',
      size: evidence.length,
    });
    expect(ticket.status).toBe(200);
    const form = new FormData();
    for (const [k, v] of Object.entries(ticket.json.fields as Record<string, string>)) form.append(k, v);
    form.append('file', new Blob([evidence], { type: 'application/pdf' }), 'production-licence.pdf');
    expect((await fetch(ticket.json.url, { method: 'POST', body: form })).status).toBeLessThan(300);
    await call('seller-a', 'POST', `/api/applications/${id}/documents/${ticket.json.documentId}/confirm`);
    const appealed = await call('seller-a', 'POST', `/api/applications/${id}/appeal`, {
      documentIds: [ticket.json.documentId],
    });
    expect(appealed.status).toBe(200);
    expect((appealed.json as ApplicationDetail).documents.map((d) => d.type)).toContain('appeal_evidence');
    expect((await settle(id)).status).toBe('AWAITING_REVIEW');
    const task = (
      (await call('reviewer', 'GET', '/api/review/tasks?step=appeal')).json as {
        taskId: string;
        applicationId: string;
      }[]
    ).find((t) => t.applicationId === id);
    expect(task).toBeDefined();
    const taskId = encodeURIComponent(task?.taskId as string);
    expect((await call('reviewer', 'POST', `/api/review/tasks/${taskId}/claim`)).status).toBe(200);
    expect(
      (
        await call('reviewer', 'POST', `/api/review/tasks/${taskId}/decision`, {
          outcome: 'approve',
          note: 'x',
        })
      ).status,
    ).toBe(400);
    const dismissed = await call('reviewer', 'POST', `/api/review/tasks/${taskId}/decision`, {
      outcome: 'dismiss',
      note: 'drugs are not admitted',
    });
    expect(dismissed.status).toBe(200);
    const final = await settle(id);
    expect(final.status).toBe('REJECTED');
    expect(final.canAppeal).toBe(false);
    expect(
      (
        await call('seller-a', 'POST', `/api/applications/${id}/appeal`, {
          documentIds: [ticket.json.documentId],
        })
      ).status,
    ).toBe(409);
  });

  it("keeps seller B out of seller A's applications, documents and agreement", async () => {
    const { id, reads } = await applyThroughApi({});
    const doc = reads[0]?.documentId as string;
    const attempts: [string, string, unknown?][] = [
      ['GET', `/api/applications/${id}`],
      [
        'PUT',
        `/api/applications/${id}`,
        { seller: { companyName: 'x', uscc: 'x' }, category: 'home', skus: [], sampleSkus: [] },
      ],
      [
        'POST',
        `/api/applications/${id}/uploads`,
        { type: 'trademark', fileName: 'a.pdf', contentType: 'application/pdf', size: 10 },
      ],
      ['POST', `/api/applications/${id}/documents/${doc}/confirm`],
      ['DELETE', `/api/applications/${id}/documents/${doc}`],
      ['GET', `/api/applications/${id}/documents/${doc}/file`],
      ['POST', `/api/applications/${id}/skus/import`, { csv: 'sku,monthlyCapacity\nX-1,10' }],
      ['POST', `/api/applications/${id}/submit`],
      ['POST', `/api/applications/${id}/reapply`],
      ['POST', `/api/applications/${id}/appeal`, { documentIds: [doc] }],
      ['GET', `/api/applications/${id}/agreement/file`],
      [
        'POST',
        `/api/applications/${id}/signature`,
        { accept: true, signerName: 'x', sha256: '0'.repeat(64) },
      ],
    ];
    for (const [method, path, body] of attempts) {
      const res = await call('seller-b', method, path, body);
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 404 });
    }
    const listed = (await call('seller-b', 'GET', '/api/applications')).json as { applicationId: string }[];
    expect(listed.map((a) => a.applicationId)).not.toContain(id);
    expect((await call('seller-a', 'GET', `/api/applications/${id}/documents/${doc}/file`)).status).toBe(200);
    // Staff read it; a lab does not.
    expect((await call('reviewer', 'GET', `/api/applications/${id}`)).status).toBe(200);
    expect((await call('lab-cti', 'GET', `/api/applications/${id}`)).status).toBe(403);
  });

  it('answers every route × every role: 403 exactly where the route table says', async () => {
    const params: Record<string, string> = {
      id: 'no-such-app',
      documentId: 'd',
      taskId: 'x~appeal~1',
      bookingId: 'x~s~1',
    };
    for (const route of ROUTES) {
      const path = route.path.replace(/\{(\w+)\}/g, (_m, p: string) => params[p] as string);
      for (const role of ROLES) {
        const who = LOCAL_USERS.find((u) => u.role === role)?.username as string;
        const res = await call(
          who,
          route.method,
          path,
          route.method === 'GET' || route.method === 'DELETE' ? undefined : {},
        );
        const allowed = (route.roles as readonly string[]).includes(role);
        expect({ route: `${route.method} ${route.path}`, role, forbidden: res.status === 403 }).toEqual({
          route: `${route.method} ${route.path}`,
          role,
          forbidden: !allowed,
        });
        if (allowed) expect(res.status, `${route.method} ${path} as ${role}`).toBeLessThan(500);
      }
    }
  });

  it('lets ops load violations, publish rules and check a lab', async () => {
    const rows = [
      { uscc: '91330782MA2B3C4D12', date: '2026-03-01', severity: 'minor', type: 'late_shipment' },
    ];
    expect((await call('ops', 'POST', '/api/ops/violations', rows)).status).toBe(200);
    expect((await call('ops', 'GET', '/api/ops/violations?uscc=91330782MA2B3C4D12')).json).toHaveLength(1);
    const bad = await call('ops', 'POST', '/api/ops/violations', [
      { uscc: 'x', date: '2026-02-30', severity: 'minor' },
    ]);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json)).toContain('0.date');
    const next = { ...structuredClone(bundledRules), version: 'api-test-1' };
    expect((await call('ops', 'POST', '/api/ops/rules', next)).status).toBe(200);
    expect((await call('ops', 'POST', '/api/ops/rules', next)).status).toBe(409);
    expect((await call('ops', 'GET', '/api/ops/rules')).json.current.version).toBe('api-test-1');
    const labs = (await call('ops', 'GET', '/api/ops/labs')).json as {
      lab: { labId: string };
      problems: string[];
    }[];
    expect(labs.find((l) => l.lab.labId === 'lab-small-yiwu')?.problems).toContain('accreditation');
    const young = await call('ops', 'POST', '/api/ops/labs', {
      labId: 'new',
      name: 'New lab',
      accreditations: ['CNAS', 'CMA'],
      registeredOn: '2025-01-01',
      registeredCapitalYuan: 5_000_000,
      ownLaboratories: 12,
    });
    expect(young.json.problems).toEqual(['age']);
    const registry = (await call('ops', 'GET', '/api/ops/labs')).json as {
      lab: { labId: string };
      problems: string[];
    }[];
    expect(registry.find((l) => l.lab.labId === 'new')?.problems).toEqual(['age']);
  });

  it('keeps every file when a seller uploads several at once', async () => {
    const created = await call('seller-a', 'POST', '/api/applications', {
      seller: { companyName: '某公司', uscc: '91330782MA2B3C4D12' },
      category: 'home',
      skus: [],
      sampleSkus: [],
    });
    const id = created.json.applicationId;
    const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const types = ['trademark', 'bank_statement', 'capacity_proof', 'electricity_bill', 'legal_rep_id'];
    const tickets = await Promise.all(
      types.map((type) =>
        call('seller-a', 'POST', `/api/applications/${id}/uploads`, {
          type,
          fileName: `${type}.pdf`,
          contentType: 'application/pdf',
          size: pdf.length,
        }),
      ),
    );
    expect(tickets.map((t) => t.status)).toEqual(types.map(() => 200));
    await Promise.all(
      tickets.map(async (t) => {
        const form = new FormData();
        for (const [k, v] of Object.entries(t.json.fields as Record<string, string>)) form.append(k, v);
        form.append('file', new Blob([pdf], { type: 'application/pdf' }), 'x.pdf');
        await fetch(t.json.url, { method: 'POST', body: form });
      }),
    );
    const confirmed = await Promise.all(
      tickets.map((t) =>
        call('seller-a', 'POST', `/api/applications/${id}/documents/${t.json.documentId}/confirm`),
      ),
    );
    expect(confirmed.map((r) => r.status)).toEqual(types.map(() => 200));
    const detail = (await call('seller-a', 'GET', `/api/applications/${id}`)).json as ApplicationDetail;
    expect(detail.documents.map((d) => d.type).sort()).toEqual([...types].sort());
    expect(detail.documents.every((d) => d.uploaded)).toBe(true);
  });

  it('imports SKUs from CSV and names each bad line', async () => {
    const created = await call('seller-a', 'POST', '/api/applications', {
      seller: { companyName: '某公司', uscc: '91330782MA2B3C4D12' },
      category: 'home',
      skus: [],
      sampleSkus: [],
    });
    const id = created.json.applicationId;
    const csv =
      'sku,name,monthlyCapacity,targetMarkets,attr.containsFormaldehyde\nH-1,Box,6000,FR;ES,no\nH-2,Bad,lots,,\n';
    const out = await call('seller-a', 'POST', `/api/applications/${id}/skus/import`, { csv });
    expect(out.status).toBe(200);
    expect(out.json.skus).toEqual([
      {
        sku: 'H-1',
        name: 'Box',
        monthlyCapacity: 6000,
        targetMarkets: ['FR', 'ES'],
        attributes: { containsFormaldehyde: 'no' },
      },
    ]);
    expect(out.json.errors).toEqual([expect.objectContaining({ line: 3, field: 'monthlyCapacity' })]);
    const many = `sku,monthlyCapacity\n${Array.from({ length: 201 }, (_, i) => `S-${i},1`).join('\n')}`;
    expect(
      (await call('seller-a', 'POST', `/api/applications/${id}/skus/import`, { csv: many })).status,
    ).toBe(400);
  });
});
