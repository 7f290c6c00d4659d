/**
 * Issue 15, over the local platform and its HTTP API: seller B confirms four decompression bombs
 * at once (2 MB PDFs inflating to 2 GiB each) while seller A confirms an ordinary licence. A's
 * confirm completes with its fields read; each bomb is DOCUMENT_UNREADABLE, naming the file and
 * the limit it inflates beyond, refused by the decompression budget (no parser thread was ended
 * by a deadline or lost). Wall-clock figures are bench:security's, not asserted here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentView, UploadTicket } from '../../lambdas/api/contract.js';
import { pdfPoolStats } from '../../lambdas/extraction/pdfjs-thread.js';
import { type PortalServer, startPortalServer } from '../../local/http.js';
import type { Platform } from '../../local/platform.js';
import { apiClient } from '../support/api-client.js';
import { bombPdf } from '../support/bomb.js';
import { licencePdf } from '../support/docgen/index.js';
import { scratchDir, testPlatform } from '../support/platform.js';

describe('a decompression bomb among ordinary uploads', () => {
  let platform: Platform;
  let server: PortalServer;
  let client: Awaited<ReturnType<typeof apiClient>>;

  beforeAll(async () => {
    platform = await testPlatform();
    server = await startPortalServer(platform, { portalDir: scratchDir('no-portal-') });
    client = await apiClient(server, platform);
  });
  afterAll(async () => {
    await server?.close();
    await platform?.stop();
  });

  const draft = async (who: string) => {
    const created = await client.call(who, 'POST', '/api/applications', {
      seller: { companyName: '义乌市某某日用品有限公司', uscc: '91330782MA2ABCDE1X' },
      category: 'home',
      skus: [],
      sampleSkus: [],
    });
    expect(created.status).toBe(200);
    return created.json.applicationId as string;
  };

  const upload = async (who: string, id: string, type: string, fileName: string, bytes: Uint8Array) => {
    const ticket = await client.call(who, 'POST', `/api/applications/${id}/uploads`, {
      type,
      fileName,
      contentType: 'application/pdf',
      size: bytes.length,
    });
    expect(ticket.status).toBe(200);
    const t = ticket.json as UploadTicket;
    expect((await client.post(t, bytes, 'application/pdf', fileName)).status).toBeLessThan(300);
    return t.documentId;
  };

  it('answers each of four concurrent bombs DOCUMENT_UNREADABLE by the budget while another seller’s confirm completes', async () => {
    const licence = await licencePdf({
      companyName: '义乌市某某日用品有限公司',
      uscc: '91330782MA2ABCDE1X',
      enterpriseType: '有限责任公司',
      legalRepresentative: '张三',
      registeredCapital: '500万元',
      establishedOn: '2021-03-05',
      validUntil: null,
    });
    const bomb = bombPdf();
    expect(bomb.length).toBeLessThan(2.5 * 1024 * 1024);

    const a = await draft('seller-a');
    const b = await draft('seller-b');
    const aDoc = await upload('seller-a', a, 'business_licence', 'licence.pdf', licence);
    const bDocs: string[] = [];
    for (let i = 1; i <= 4; i++) {
      bDocs.push(
        await upload('seller-b', b, i === 1 ? 'business_licence' : 'trademark', `bomb-${i}.pdf`, bomb),
      );
    }

    const before = pdfPoolStats();
    const confirm = (who: string, id: string, doc: string) =>
      client.call(who, 'POST', `/api/applications/${id}/documents/${doc}/confirm`);
    const [bombs, ordinary] = await Promise.all([
      Promise.all(bDocs.map((doc) => confirm('seller-b', b, doc))),
      // A's confirm arrives while B's four are queued or being measured.
      new Promise((r) => setTimeout(r, 20)).then(() => confirm('seller-a', a, aDoc)),
    ]);

    expect(ordinary.status).toBe(200);
    const read = (ordinary.json as DocumentView).read;
    expect(read?.ok).toBe(true);
    expect(read?.fields.uscc?.value).toBe('91330782MA2ABCDE1X');

    expect(bombs.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    bombs.forEach((reply, i) => {
      const view = reply.json as DocumentView;
      expect(view.uploaded).toBe(true);
      expect(view.read?.ok).toBe(false);
      const problem = view.read?.problems[0];
      expect(problem?.code).toBe('DOCUMENT_UNREADABLE');
      expect(problem?.message.en).toContain(`bomb-${i + 1}.pdf`);
      expect(problem?.message.en).toMatch(/inflates beyond \d+ MB/);
      expect(problem?.message.en).not.toContain('took too long');
    });

    // Refused by the budget: no parser thread was started for a bomb, none ended by a deadline or lost.
    const after = pdfPoolStats();
    expect(after.retired).toBe(before.retired);
    expect(after.lost).toBe(before.lost);
    expect(after).toMatchObject({ running: 0, waiting: 0 });

    // Nothing else is lost: both drafts hold their documents, confirmed.
    const detailA = (await client.call('seller-a', 'GET', `/api/applications/${a}`)).json;
    const detailB = (await client.call('seller-b', 'GET', `/api/applications/${b}`)).json;
    expect(detailA.documents.map((d: DocumentView) => d.uploaded)).toEqual([true]);
    expect(detailB.documents.map((d: DocumentView) => d.uploaded)).toEqual([true, true, true, true]);
  }, 120_000);
});
