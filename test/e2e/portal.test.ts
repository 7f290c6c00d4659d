/**
 * The portal in a real browser (Debian's chromium driven by playwright-core) over the local
 * platform: a seller applies and uploads generated documents, a reviewer approves the flag, the
 * lab posts results, the seller signs, and the application shows ADMITTED. Screenshots of each
 * step go to test-results/e2e/. Pages are found by role and label, in the portal's own words.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PortalServer, startPortalServer } from '../../local/http.js';
import type { Platform } from '../../local/platform.js';
import { type WordKey, word } from '../../portal/src/i18n/dictionary.js';
import { type ApplicationJson, writeApplicationFolder } from '../support/docgen/index.js';
import { scratchDir, testPlatform } from '../support/platform.js';
import { launchChromium } from './support/browser.js';
import { ensurePortalBuilt } from './support/portal-build.js';

const SHOTS = resolve(import.meta.dirname, '..', '..', 'test-results', 'e2e');
const zh = (key: WordKey, vars?: Record<string, string | number>) => word(key, 'zh', vars);

let platform: Platform;
let server: PortalServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const [portalDir, chromium, p] = await Promise.all([ensurePortalBuilt(), launchChromium(), testPlatform()]);
  platform = p;
  ({ browser, close: closeBrowser } = chromium);
  server = await startPortalServer(platform, { portalDir });
}, 180_000);

afterAll(async () => {
  await closeBrowser?.();
  await server?.close();
  await platform?.stop();
});

/** A fresh browser context (its own storage: language and token) signed in as `username`. */
async function signIn(username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.getByRole('button', { name: `${zh('logInAs')} ${username}` }).click();
  await page.getByRole('button', { name: zh('logIn'), exact: true }).click();
  await page.getByRole('button', { name: zh('logOut') }).waitFor();
  return page;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** Waits for the status badge, reloading now and then (the page polls only while the flow moves). */
async function waitForStatus(page: Page, status: string, timeoutMs = 60_000): Promise<void> {
  const badge = page.locator(`.page-head [data-status="${status}"]`);
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await badge.isVisible()) return;
    await page.waitForTimeout(1000);
    if (!(await badge.isVisible())) await page.reload();
  }
  const shown = await page.locator('.page-head [data-status]').getAttribute('data-status');
  throw new Error(`status ${status} not reached in ${timeoutMs} ms (shows ${shown})`);
}

async function fillApplication(page: Page, app: ApplicationJson): Promise<void> {
  await page.getByRole('link', { name: zh('newApplication') }).click();
  await page.getByLabel(zh('companyName'), { exact: true }).fill(app.seller.companyName);
  await page.getByLabel(zh('uscc'), { exact: true }).fill(app.seller.uscc);
  await page
    .getByLabel(zh('legalRepresentative'), { exact: true })
    .fill(app.seller.legalRepresentative ?? '');
  await page.getByLabel(zh('contactEmail'), { exact: true }).fill(app.seller.contactEmail ?? '');
  await page.getByLabel(zh('category'), { exact: true }).selectOption(app.category);
  for (const [i, sku] of app.skus.entries()) {
    if (i > 0) await page.getByRole('button', { name: zh('addSku') }).click();
    const row = page.getByRole('group', { name: `SKU ${i + 1}`, exact: true });
    await row.getByLabel(zh('sku'), { exact: true }).fill(sku.sku);
    await row.getByLabel(zh('skuName'), { exact: true }).fill(sku.name ?? '');
    await row.getByLabel(zh('monthlyCapacity'), { exact: true }).fill(String(sku.monthlyCapacity));
    await row.getByLabel(zh('brand'), { exact: true }).fill(sku.brand ?? '');
    await row.getByLabel(zh('targetMarkets'), { exact: true }).fill((sku.targetMarkets ?? []).join(', '));
    await row.getByLabel(zh('attributes'), { exact: true }).fill(JSON.stringify(sku.attributes ?? {}));
    if (app.sampleSkus.includes(sku.sku)) await row.getByLabel(zh('sample'), { exact: true }).check();
  }
}

describe('portal (browser)', () => {
  it('takes a seller from application to ADMITTED with a reviewer, a lab and a signature', async () => {
    // Arrange: the seller's documents; the licence is a scanned PNG whose company name differs
    // from the declared one, so the checks flag LICENCE_NAME_MISMATCH for a reviewer.
    const folder = join(scratchDir('e2e-'), 'application');
    const { application: app } = await writeApplicationFolder(folder, {
      seller: { companyName: '佳家日用品（义乌）有限公司' },
      company: { name: '义乌市佳家日用品有限公司' },
      licence: { form: 'png' },
    });

    // The seller applies (the portal opens in Chinese).
    const seller = await signIn('seller-a');
    await shot(seller, '01-seller-applications');
    await fillApplication(seller, app);
    await shot(seller, '02-seller-new-application');
    await seller.getByRole('button', { name: zh('createApplication') }).click();
    await seller.locator('.page-head [data-status="DRAFT"]').waitFor();

    // Each document uploaded through its presigned POST; what was read shows at once.
    for (const doc of app.documents) {
      const label = `${zh('uploadFile')}${word(`doc.${doc.type}` as WordKey, 'zh')}`;
      await seller.getByLabel(label, { exact: true }).setInputFiles(join(folder, doc.file));
      const read = seller.getByRole('article', { name: doc.file, exact: true });
      await read.getByText(zh('readOk')).waitFor({ timeout: 30_000 });
    }
    const licence = seller.getByRole('article', { name: 'licence.png', exact: true });
    expect(await licence.getByRole('cell', { name: app.seller.uscc }).count()).toBeGreaterThan(0);
    await shot(seller, '03-seller-documents-read');

    await seller.getByRole('button', { name: zh('submit') }).click();
    await waitForStatus(seller, 'AWAITING_REVIEW');
    expect(await seller.getByRole('cell', { name: 'LICENCE_NAME_MISMATCH' }).count()).toBe(1);
    await shot(seller, '04-seller-awaiting-review');

    // The reviewer claims the flag, sees the licence beside what was read, and approves.
    const reviewer = await signIn('reviewer');
    await reviewer.getByRole('button', { name: `${zh('claim')}: ${app.seller.companyName}` }).click();
    await reviewer.getByRole('heading', { name: `${zh('task')}: ${app.seller.companyName}` }).waitFor();
    await reviewer.getByRole('img', { name: /licence\.png/ }).waitFor();
    await shot(reviewer, '05-reviewer-task');
    await reviewer.getByLabel(zh('decision.approve'), { exact: true }).check();
    await reviewer.getByLabel(zh('note'), { exact: true }).fill('营业执照名称与申报一致（简称），电话核实。');
    await reviewer.getByRole('button', { name: zh('submitDecision') }).click();
    await reviewer.getByText(zh('decided')).waitFor();

    // The lab posts a passing result for each of the 3 samples.
    const lab = await signIn('lab-cti');
    const post = lab.getByRole('button', { name: zh('postResult') });
    for (let tries = 0; (await post.count()) < 3 && tries < 30; tries++) {
      await lab.waitForTimeout(500);
      await lab.getByRole('button', { name: zh('refresh') }).click();
    }
    expect(await post.count()).toBe(3);
    await shot(lab, '06-lab-bookings');
    for (let left = 3; left > 0; left--) {
      const booking = lab.locator('article.booking.pending').first();
      await booking.getByLabel(zh('passed'), { exact: true }).check();
      await booking.getByRole('button', { name: zh('postResult') }).click();
      await expect.poll(() => post.count(), { timeout: 10_000 }).toBe(left - 1);
    }

    // The seller reads the agreement with its fee appendix and signs.
    await seller.reload();
    await waitForStatus(seller, 'AWAITING_SIGNATURE');
    await seller.getByRole('table', { name: zh('feeAppendix') }).waitFor();
    await seller.locator(`iframe[title="${zh('agreementFile')}"]`).waitFor();
    await shot(seller, '07-seller-agreement');
    await seller.getByLabel(zh('readAgreement')).check();
    await seller.getByRole('button', { name: zh('sign') }).click();
    await waitForStatus(seller, 'ADMITTED');
    const approved = seller.getByRole('row').filter({ hasText: 'LICENCE_NAME_MISMATCH' });
    expect(await approved.getByText(word('resolution.approved', 'zh')).count()).toBe(1);
    await shot(seller, '08-seller-admitted');
  }, 240_000);

  it('lets finance upload an order file, issue the period once and download its statements', async () => {
    const [id] = await platform.container.applications.listByStatus('ADMITTED');
    expect(id).toBeDefined();
    const dir = scratchDir('orders-');
    const file = join(dir, 'orders-oct.csv');
    writeFileSync(
      file,
      `orderId,applicationId,transactionDate,currency,amountMinor,kind,vasCode\nO-1,${id},2026-10-10,CNY,10000,sale,\nO-2,${id},2026-10-11,CNY,-2500,refund,\nO-3,${id},2026-10-12,CNY,300,vas,ADS\n`,
    );
    const finance = await signIn('finance');
    await finance.getByRole('cell', { name: id as string }).waitFor();
    // A period is issued once it has ended: October's lines settle in October.
    await finance.getByLabel(zh('period')).fill('2026-10');
    await finance.getByRole('button', { name: zh('show') }).click();
    await finance.getByText(zh('notIssued')).waitFor();
    await finance.getByLabel(zh('orderFiles')).setInputFiles(file);
    await finance.getByText(zh('ordersUploaded'), { exact: false }).waitFor();
    await finance.getByRole('button', { name: zh('issueStatements') }).click();
    const row = finance
      .getByRole('row')
      .filter({ hasText: id as string })
      .filter({ hasText: 'CNY' });
    await row.getByRole('link', { name: 'CSV' }).waitFor();
    // 100.00 − 25.00 gross; net = 75.00 − 3.75 commission − fulfilment − 3.00 VAS.
    expect(await row.textContent()).toContain('75.00');
    await shot(finance, '09-finance-statements');
    const csv = await (
      await fetch((await row.getByRole('link', { name: 'CSV' }).getAttribute('href')) as string)
    ).text();
    expect(csv).toContain('O-3');
  }, 120_000);

  it('remembers the language the user chose', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(server.url);
    await page.getByRole('heading', { name: zh('logInTitle') }).waitFor();
    await page.getByRole('button', { name: `${zh('language')}: ${zh('switchLanguage')}` }).click();
    await page.getByRole('heading', { name: word('logInTitle', 'en') }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: word('logInTitle', 'en') }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await context.close();
  });

  it("shows seller B no trace of seller A's application", async () => {
    const a = await signIn('seller-a');
    await a.getByRole('link', { name: zh('newApplication') }).click();
    await a.getByLabel(zh('companyName'), { exact: true }).fill('卖家A公司');
    await a.getByLabel(zh('uscc'), { exact: true }).fill('91330782MA2XXXXXXX');
    const row = a.getByRole('group', { name: 'SKU 1', exact: true });
    await row.getByLabel(zh('sku'), { exact: true }).fill('H-001');
    await row.getByLabel(zh('monthlyCapacity'), { exact: true }).fill('6000');
    await a.getByRole('button', { name: zh('createApplication') }).click();
    await a.locator('.page-head [data-status="DRAFT"]').waitFor();
    const id = decodeURIComponent(new URL(a.url()).hash.split('/').pop() ?? '');

    const b = await signIn('seller-b');
    await b.goto(`${server.url}/#/applications/${encodeURIComponent(id)}`);
    await b
      .getByRole('alert')
      .filter({ hasText: zh('error.404') })
      .waitFor();
    await b.goto(`${server.url}/#/applications`);
    await b.getByRole('heading', { name: zh('applications') }).waitFor();
    expect(await b.getByText('卖家A公司').count()).toBe(0);
  });
});
