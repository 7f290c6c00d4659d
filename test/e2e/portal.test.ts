/**
 * The portal in a real browser (Debian's chromium driven by playwright-core) over the local
 * platform: a seller applies and uploads generated documents, a reviewer approves the flag, the
 * lab posts results, the seller signs, and the application shows ADMITTED. Screenshots of each
 * step go to test-results/e2e/. Pages are found by role and label, in the portal's own words.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admitFolder } from '../../local/admit.js';
import { type PortalServer, startPortalServer } from '../../local/http.js';
import type { Platform } from '../../local/platform.js';
import { type WordKey, word } from '../../portal/src/i18n/dictionary.js';
import { type ApplicationJson, writeApplicationFolder } from '../support/docgen/index.js';
import { scratchDir, testPlatform } from '../support/platform.js';
import { launchChromium } from './support/browser.js';
import { DESKTOP, horizontalOverflow, PHONE, shot, signIn as signInTo, zh } from './support/page.js';
import { ensurePortalBuilt } from './support/portal-build.js';

let platform: Platform;
let server: PortalServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;

beforeAll(async () => {
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

/** A fresh browser context signed in on this file's portal (test/e2e/support/page.ts). */
const signIn = (username: string, viewport = DESKTOP) => signInTo(browser, server.url, username, viewport);

// Code run in the page, as source text: the tests' TypeScript program has no DOM types (adding
// them to this file would change fetch's and FormData's types for every file of the program).
const IN_PAGE = {
  // Visible controls under 44 × 44 CSS px; a checkbox or radio counts with its label.
  smallTargets: `Array.from(document.querySelectorAll('button, a.button, select, input:not([type=hidden]), summary'))
    .filter((el) => el.offsetParent !== null && getComputedStyle(el).opacity !== '0')
    .map((el) => ({ el, r: el.getBoundingClientRect() }))
    .filter(({ el, r }) => {
      const check = el.matches('input[type=checkbox], input[type=radio]');
      const box = check ? (el.closest('label')?.getBoundingClientRect() ?? r) : r;
      return box.height < 44 || (box.width < 44 && !check);
    })
    .map(({ el, r }) => el.tagName.toLowerCase() + ' "' + (el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 30) + '" ' + Math.round(r.width) + '×' + Math.round(r.height))`,
};

/** Visible controls smaller than 44 × 44 CSS px on a phone (WCAG 2.5.5 target size). */
async function smallTargets(page: Page): Promise<string[]> {
  return (await page.evaluate(IN_PAGE.smallTargets)) as string[];
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
    // The category's own attributes are fields; anything else goes into the folded JSON.
    const { materialComposition, containsFormaldehyde, en71_3Tested, ...others } = (sku.attributes ??
      {}) as Record<string, unknown>;
    if (materialComposition)
      await row.getByLabel(zh('attribute.materialComposition'), { exact: true }).fill(
        Object.entries(materialComposition as Record<string, number>)
          .map(([k, v]) => `${k} ${v}`)
          .join(', '),
      );
    if (containsFormaldehyde)
      await row
        .getByLabel(zh('attribute.containsFormaldehyde'), { exact: true })
        .selectOption(String(containsFormaldehyde));
    if (en71_3Tested)
      await row.getByLabel(zh('attribute.en71_3Tested'), { exact: true }).selectOption(String(en71_3Tested));
    if (Object.keys(others).length > 0) {
      await row.getByText(zh('otherAttributes')).click();
      await row.getByLabel(zh('attributes'), { exact: true }).fill(JSON.stringify(others));
    }
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
    // Each slot says what was read in words; the raw fields are folded under it.
    const licence = seller.getByRole('region', { name: zh('doc.business_licence'), exact: true });
    await licence.locator('dd code', { hasText: app.seller.uscc }).waitFor();
    const bank = seller.getByRole('region', { name: zh('doc.bank_statement'), exact: true });
    // A draft is dated today (the server dates it at submission): its window is the 6 full months
    // before this month in China, whatever months the generated statements cover.
    const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' })
      .format(new Date())
      .split('-')
      .map(Number) as [number, number];
    const month = (back: number) => {
      const i = y * 12 + m - 1 - back;
      return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
    };
    await bank.getByText(new RegExp(`已覆盖 \\d/6 个月（${month(6)} – ${month(1)}）`)).waitFor();
    await seller.getByRole('img', { name: /用电量/ }).waitFor();
    // Everything is in: the next step says so first, above the progress.
    await seller.getByText(zh('next.submit')).waitFor();
    expect(
      await seller
        .getByRole('navigation', { name: zh('progress') })
        .getByRole('listitem')
        .count(),
    ).toBe(6);
    await shot(seller, '03-seller-documents-read');

    // Submitted from the next-step card, first on the page.
    await seller
      .getByRole('region', { name: zh('nextStep') })
      .getByRole('button', { name: zh('submit') })
      .click();
    await waitForStatus(seller, 'AWAITING_REVIEW');
    // The progress shows the review as the current step with its deadline counting down.
    const current = seller.locator('.flow-step[aria-current="step"]');
    expect(await current.textContent()).toContain(zh('flow.review'));
    await current.locator('.countdown').waitFor();
    expect(await seller.getByRole('cell', { name: 'LICENCE_NAME_MISMATCH' }).count()).toBe(1);
    await shot(seller, '04-seller-awaiting-review');

    // The reviewer claims the flag, sees the licence beside what was read, and approves.
    const reviewer = await signIn('reviewer');
    // The queue counts its tasks by deadline bucket and by step.
    await reviewer.getByRole('group', { name: zh('slaBuckets') }).waitFor();
    await reviewer.getByRole('button', { name: `${zh('claim')}: ${app.seller.companyName}` }).click();
    await reviewer.getByRole('heading', { name: `${zh('task')}: ${app.seller.companyName}` }).waitFor();
    await reviewer.getByRole('img', { name: /licence\.png/ }).waitFor();
    // The licence photo with every field read on it outlined, the flagged name highlighted.
    await reviewer.locator('.field-box.flagged').first().waitFor();
    expect(await reviewer.locator('.field-box').count()).toBeGreaterThan(3);
    await shot(reviewer, '05-reviewer-task');
    // A PDF is drawn in the page (pdf.js, loaded for this page only) with its fields outlined too.
    const bankPdf = app.documents.find((d) => d.type === 'bank_statement' && d.file.endsWith('.pdf'));
    if (bankPdf) {
      await reviewer
        .getByLabel(zh('chooseDocument'))
        .selectOption({ label: `${zh('doc.bank_statement')} — ${bankPdf.file}` });
      await reviewer.getByRole('img', { name: new RegExp(`${bankPdf.file.replace('.', '\\.')}`) }).waitFor();
      await expect.poll(() => reviewer.locator('.field-box').count(), { timeout: 20_000 }).toBeGreaterThan(0);
      await reviewer.locator('canvas[data-rendered="1"]').waitFor({ timeout: 20_000 });
      await shot(reviewer, '05b-reviewer-pdf-page');
    }
    // A chooses approve and puts the cursor in the note.
    await reviewer.getByRole('heading', { name: zh('decision') }).click();
    await reviewer.keyboard.press('a');
    expect(await reviewer.getByLabel(zh('decision.approve'), { exact: true }).isChecked()).toBe(true);
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

  it('lets a seller apply from a phone: one column, touch-sized controls, the camera offered, the reading at once', async () => {
    const folder = join(scratchDir('e2e-phone-'), 'application');
    const { application: app } = await writeApplicationFolder(folder, { licence: { form: 'png' } });
    const phone = await signIn('seller-b', PHONE);
    await shot(phone, '10-phone-applications');
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
    await fillApplication(phone, {
      ...app,
      skus: app.skus.slice(0, 1),
      sampleSkus: app.sampleSkus.slice(0, 1),
    });
    await shot(phone, '11-phone-new-application');
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
    await phone.getByRole('button', { name: zh('createApplication') }).click();
    await phone.locator('.page-head [data-status="DRAFT"]').waitFor();
    // The next action lists what to upload, first on the page.
    await phone.getByText(zh('next.complete')).waitFor();

    // The licence photographed: the camera input, its preview, and what was read.
    const licenceDoc = app.documents.find((d) => d.type === 'business_licence');
    const camera = phone.locator('.upload-camera input[capture="environment"]').first();
    expect(await camera.getAttribute('accept')).toContain('image/');
    await camera.setInputFiles(join(folder, licenceDoc?.file as string));
    await phone.getByRole('img', { name: new RegExp(`${zh('preview')}`) }).waitFor();
    const licence = phone.getByRole('region', { name: zh('doc.business_licence'), exact: true });
    await licence.getByText(zh('readOk')).waitFor({ timeout: 30_000 });
    await shot(phone, '12-phone-licence-read');
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
    expect(await smallTargets(phone)).toEqual([]);
    await phone.context().close();
  }, 120_000);

  it('holds the portal to its budget: the JS and CSS every page loads', () => {
    const dist = resolve(import.meta.dirname, '..', '..', 'portal', 'dist');
    const html = readFileSync(join(dist, 'index.html'), 'utf8');
    const total = (re: RegExp) => {
      const refs = [...html.matchAll(re)].map((m) => m[1] as string);
      expect(refs.length, String(re)).toBeGreaterThan(0);
      return refs.reduce((n, ref) => n + readFileSync(join(dist, ref)).length, 0);
    };
    // README "Portal": 120 KB of JS (the entry and every chunk it preloads) and 12 KB of CSS on
    // first load; staff pages and the PDF renderer are chunks of their own, fetched when opened.
    expect(
      total(/<(?:script[^>]+src|link rel="modulepreload"[^>]+href)="\/?([^"]+\.js)"/g),
    ).toBeLessThanOrEqual(120 * 1024);
    expect(total(/<link rel="stylesheet"[^>]+href="\/?([^"]+\.css)"/g)).toBeLessThanOrEqual(12 * 1024);
  });

  // Every page of every role, at a desktop and at a phone's size: a screenshot each, axe-core clean,
  // and on the phone nothing wider than the screen.
  const PAGES: [user: string, hash: string][] = [
    ['seller-a', '#/applications'],
    ['seller-a', '#/health'],
    ['reviewer', '#/review'],
    ['lab-cti', '#/lab'],
    ['ops', '#/ops/violations'],
    ['ops', '#/ops/rules'],
    ['ops', '#/ops/labs'],
    ['ops', '#/ops/funnel'],
    ['ops', '#/ops/at-risk'],
    ['finance', '#/finance'],
  ];
  for (const [size, viewport] of [
    ['desktop', { width: 1280, height: 900 }],
    ['phone', PHONE],
  ] as const) {
    it(`shows every role's pages cleanly at ${size} size (axe-core, no sideways scrolling on a phone)`, async () => {
      const byUser = new Map<string, Page>();
      for (const [user, hash] of PAGES) {
        let page = byUser.get(user);
        if (!page) {
          page = await signIn(user, viewport);
          byUser.set(user, page);
        }
        await page.goto(`${server.url}/${hash}`);
        await page.getByRole('heading', { level: 1 }).first().waitFor();
        await page
          .locator('[aria-busy="true"]')
          .first()
          .waitFor({ state: 'detached', timeout: 10_000 })
          .catch(() => {});
        await page.waitForLoadState('networkidle');
        await shot(page, `20-${size}-${user}-${hash.replace(/[#/]+/g, '-').replace(/^-|-$/g, '')}`);
        if (size === 'phone')
          expect(await horizontalOverflow(page), `${hash} overflows`).toBeLessThanOrEqual(0);
      }
      for (const page of byUser.values()) await page.context().close();
    }, 180_000);
  }

  it("shows the reviewer a borrowed bank statement: the sign, the page, and the other company's document beside it", async () => {
    // Company A applies; company B applies with A's bank statement file (the same bytes).
    const a = join(scratchDir('e2e-reuse-a-'), 'application');
    const { application: appA } = await writeApplicationFolder(a, {
      seed: 101,
      seller: { companyName: '金华市甲方五金有限公司' },
      company: { name: '金华市甲方五金有限公司' },
    });
    const recordA = await admitFolder(platform, a);
    const b = join(scratchDir('e2e-reuse-b-'), 'application');
    const { application: appB } = await writeApplicationFolder(b, {
      seed: 102,
      seller: { companyName: '台州市乙方塑料制品有限公司' },
      company: { name: '台州市乙方塑料制品有限公司' },
    });
    const bankA = appA.documents.find((d) => d.type === 'bank_statement')?.file as string;
    const bankB = appB.documents.find((d) => d.type === 'bank_statement')?.file as string;
    copyFileSync(join(a, bankA), join(b, bankB));
    const recordB = await admitFolder(platform, b);
    expect(recordB.status).toBe('AWAITING_REVIEW');

    const reviewer = await signIn('reviewer');
    await reviewer.getByRole('button', { name: `${zh('claim')}: ${appB.seller.companyName}` }).click();
    const signs = reviewer.getByRole('region', { name: zh('integritySigns') });
    const row = signs.getByRole('row').filter({ hasText: 'DOCUMENT_REUSED' }).first();
    await row.waitFor();
    expect(await row.textContent()).toContain(recordA.applicationId);
    await row.getByRole('button', { name: zh('showOnPage') }).click();
    // The other application's statement beside this one.
    const other = reviewer.getByRole('region', { name: new RegExp(zh('otherApplication')) });
    await other.getByText(appA.seller.companyName).waitFor();
    await other.locator('canvas[data-rendered="1"], img').first().waitFor({ timeout: 20_000 });
    await shot(reviewer, '13-reviewer-reused-statement');
    await reviewer.context().close();
  }, 240_000);
});
