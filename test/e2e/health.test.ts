/**
 * The seller's health page and ops' at-risk list in a real browser over the local platform
 * (issue 18): an application admitted through the flow, two violations recorded through the
 * container as ops' API records them. The seller sees RESTRICTED, 80 below 85, the delisted SKU
 * and what to do, at desktop and phone size; ops sees the seller in the at-risk list. axe-core
 * finds nothing serious or critical; screenshots go to test-results/e2e/.
 */
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDateOf } from '../../lambdas/domain/calendar.js';
import { recordOpsViolations } from '../../lambdas/usecases/governance.js';
import type { ManualClock } from '../../local/clock.js';
import { type PortalServer, startPortalServer } from '../../local/http.js';
import type { Platform } from '../../local/platform.js';
import { localUser } from '../support/api-client.js';
import { admitSample, testPlatform } from '../support/platform.js';
import { launchChromium } from './support/browser.js';
import { DESKTOP, PHONE, shot, signIn as signInTo, zh } from './support/page.js';
import { ensurePortalBuilt } from './support/portal-build.js';

const ID = 'e2e-health';

let platform: Platform;
let server: PortalServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let sku: string;

beforeAll(async () => {
  const [portalDir, chromium, p] = await Promise.all([ensurePortalBuilt(), launchChromium(), testPlatform()]);
  platform = p;
  ({ browser, close: closeBrowser } = chromium);
  server = await startPortalServer(platform, { portalDir });
  const { record } = await admitSample(platform, {
    applicationId: ID,
    applicationDate: '2026-10-01',
    decisions: {
      review: { outcome: 'approve' },
      labResults: {},
      signature: { accept: true, signerName: '张三' },
    },
  });
  expect(record.status).toBe('ADMITTED');
  // Routes naming the application run on its own clock locally: bring it to the platform's day.
  (platform.clocks.clockOf(ID) as ManualClock).advanceTo(platform.clocks.fallback.now());
  const stored = await platform.container.applications.get(ID);
  const seller = stored?.application.seller as { uscc: string; companyName: string };
  sku = stored?.application.skus[0]?.sku as string;
  const now = new Date().toISOString();
  await platform.container.portal.createDraft({
    applicationId: ID,
    owner: localUser('seller-a').sub,
    form: { seller, category: stored?.application.category ?? '', skus: [], sampleSkus: [] },
    documents: [],
    createdAt: now,
    updatedAt: now,
    submittedAt: now,
  });
  await recordOpsViolations(platform.container, [
    { uscc: seller.uscc, date: '2026-11-10', severity: 'minor', type: 'late_shipment', skus: [sku] },
    { uscc: seller.uscc, date: '2026-11-15', severity: 'minor', type: 'false_advertising' },
  ]);
}, 600_000);

afterAll(async () => {
  await closeBrowser?.();
  await server?.close();
  await platform?.stop();
});

/** Signed in on this file's portal (test/e2e/support/page.ts). */
const signIn = (
  username: string,
  viewport = DESKTOP,
  options: { acceptDownloads?: boolean } = { acceptDownloads: true },
) => signInTo(browser, server.url, username, viewport, options);

describe('seller health and ops at-risk pages', () => {
  it('shows the seller its score, tier, delisted SKU, violations and what to do, on a desk and a phone', async () => {
    for (const [name, viewport] of [
      ['desktop', { width: 1280, height: 900 }],
      ['phone', PHONE],
    ] as const) {
      const page = await signIn('seller-a', viewport);
      await page.getByRole('link', { name: zh('navHealth') }).click();
      await page.getByRole('heading', { name: zh('healthTitle') }).waitFor();
      await page
        .getByRole('alert')
        .filter({ hasText: zh('healthAtRisk', { n: 85 }) })
        .waitFor();
      const body = (await page.locator('main').textContent()) ?? '';
      expect(body).toContain('80');
      expect(body).toContain(zh('tier.RESTRICTED'));
      expect(body).toContain(zh('healthUntilFix'));
      expect(body).toContain(zh('todo.confirm_fix', { skus: sku }));
      expect(body).toContain('late_shipment');
      const overflow =
        ((await page.evaluate('document.documentElement.scrollWidth')) as number) - viewport.width;
      expect(overflow, name).toBeLessThanOrEqual(0);
      await shot(page, `health-seller-${name}`);
      if (name === 'desktop') {
        const download = page.waitForEvent('download');
        await page.getByRole('button', { name: zh('healthReport') }).click();
        const report = JSON.parse(readFileSync(await (await download).path(), 'utf8'));
        expect(report).toMatchObject({ report: 'diagnostic', applicationId: ID, healthScore: 80 });
        const pdfDownload = page.waitForEvent('download');
        await page.getByRole('button', { name: zh('healthReportPdf') }).click();
        const pdf = readFileSync(await (await pdfDownload).path());
        expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      }
      await page.context().close();
    }
  }, 300_000);

  it('lists the seller for ops among those at risk', async () => {
    const page = await signIn('ops');
    await page.getByRole('link', { name: zh('navAtRisk') }).click();
    await page.getByRole('heading', { name: zh('atRiskTitle') }).waitFor();
    const row = page.getByRole('row', { name: /80/ });
    await row.waitFor();
    expect(await row.textContent()).toContain(zh('tier.RESTRICTED'));
    await shot(page, 'health-ops-at-risk');
    await page.context().close();
  }, 300_000);

  it('lets the seller appeal an egregious violation on a phone, ops uphold it, and the ban lifts', async () => {
    const uscc = (await platform.container.applications.get(ID))?.application.seller.uscc as string;
    const today = chinaDateOf(platform.clocks.clockOf(ID).now().toISOString());
    await recordOpsViolations(platform.container, [
      { uscc, date: today, severity: 'serious', impact: 'egregious', type: 'counterfeit', skus: [sku] },
    ]);
    const seller = await signIn('seller-a', PHONE);
    await seller.getByRole('link', { name: zh('navHealth') }).click();
    await seller.getByRole('heading', { name: zh('healthTitle') }).waitFor();
    // The heading comes before the health is fetched: wait for the tier itself.
    await seller.locator('main').getByText(zh('tier.BANNED')).first().waitFor();
    const row = seller.getByRole('row', { name: /counterfeit/ });
    await row.getByRole('button', { name: zh('appealViolation'), exact: true }).click();
    await row.getByLabel(zh('evidenceKind')).selectOption('production_licence');
    await row.getByLabel(zh('evidenceFile')).setInputFiles({
      name: 'licence.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'),
    });
    await row.getByLabel(zh('appealStatement')).fill('我们是品牌授权生产商');
    const overflow =
      ((await seller.evaluate('document.documentElement.scrollWidth')) as number) - PHONE.width;
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(seller, 'health-seller-appeal-form-phone');
    await row.getByRole('button', { name: zh('appealSubmit') }).click();
    await row.getByText(zh('appealFiledOn', { date: today })).waitFor();
    await shot(seller, 'health-seller-appealed-phone');

    const ops = await signIn('ops');
    await ops.getByRole('link', { name: zh('navAppeals') }).click();
    await ops.getByRole('heading', { name: zh('appealsTitle') }).waitFor();
    await ops.getByText('我们是品牌授权生产商').waitFor();
    expect(await ops.locator('main').textContent()).toContain('licence.pdf');
    await shot(ops, 'health-ops-appeals');
    await ops.getByLabel(zh('appealNote')).fill('许可证核实无误');
    await ops.getByRole('button', { name: zh('appealUphold') }).click();
    await ops.getByText(zh('appealsNone')).waitFor();
    await ops.context().close();

    await seller.reload();
    await seller.getByRole('heading', { name: zh('healthTitle') }).waitFor();
    await seller.getByText(zh('appealUpheld', { date: today })).waitFor();
    const body = (await seller.locator('main').textContent()) ?? '';
    expect(body).toContain(zh('tier.RESTRICTED'));
    expect(body).not.toContain(zh('tier.BANNED'));
    expect(body).toContain(zh('healthVoided'));
    await shot(seller, 'health-seller-upheld-phone');
    await seller.context().close();
  }, 300_000);
});
