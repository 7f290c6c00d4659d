/**
 * Ops' funnel page in a real browser over the local platform: an application rejected at intake
 * and one waiting for a reviewer past its SLA. The filters, a number opening its applications
 * (asked for when opened), the status-per-day chart, the CSV export, the stuck list and its
 * re-drive; axe-core finds nothing serious or critical.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PortalServer, startPortalServer } from '../../local/http.js';
import type { Platform } from '../../local/platform.js';
import { type WordKey, word } from '../../portal/src/i18n/dictionary.js';
import { admitSample, testPlatform } from '../support/platform.js';
import { launchChromium } from './support/browser.js';
import { ensurePortalBuilt } from './support/portal-build.js';

const SHOTS = resolve(import.meta.dirname, '..', '..', 'test-results', 'e2e');
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
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
  await admitSample(platform, { applicationId: 'e2e-rejected', category: 'drugs' } as never);
  await admitSample(platform, {
    applicationId: 'e2e-waiting',
    applicationDate: '2026-11-10',
    company: { name: '义乌市佳家日用品（集团）有限公司' },
  });
}, 600_000);

afterAll(async () => {
  await closeBrowser?.();
  await server?.close();
  await platform?.stop();
});

async function seriousProblems(page: Page): Promise<string[]> {
  // In-page code as source text: the tests' program has no DOM types (a DOM lib reference here
  // would change fetch's and FormData's types for every file).
  if (!(await page.evaluate("'axe' in window"))) await page.evaluate(AXE);
  const violations = (await page.evaluate('(async () => (await window.axe.run()).violations)()')) as {
    id: string;
    impact: string | null;
    help: string;
  }[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help}`);
}

describe('ops funnel page', () => {
  it('shows the figures of a period, opens the applications behind a number, exports CSV and re-drives stuck work', async () => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: 'zh-CN',
      acceptDownloads: true,
    });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.getByRole('button', { name: `${zh('logInAs')} ops` }).click();
    await page.getByRole('button', { name: zh('logIn'), exact: true }).click();
    await page.getByRole('link', { name: zh('navFunnel') }).click();
    await page.getByRole('heading', { name: zh('funnelTitle') }).waitFor();

    await page.getByLabel(zh('funnelFrom')).fill('2026-01-01');
    await page.getByLabel(zh('funnelTo')).fill('2026-12-31');
    await page.getByRole('button', { name: zh('funnelApply') }).click();
    const submitted = page.getByRole('row', { name: new RegExp(`^${zh('funnelSubmitted')}`) });
    await expect.poll(() => submitted.textContent()).toContain('2');

    await page
      .getByRole('row', { name: new RegExp(`^${zh('funnelRejected')}`) })
      .getByText('1')
      .click();
    // The list is asked for when the number is opened (a request of its own).
    await expect
      .poll(() => page.getByRole('link', { name: 'e2e-rejected' }).count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    await page.getByRole('img', { name: new RegExp(`^${zh('funnelStatusByDay')}`) }).waitFor();

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: zh('funnelCsv') }).click();
    const csv = readFileSync(await (await download).path(), 'utf8');
    expect(csv).toContain('overall,rejected,,1,e2e-rejected');

    const stuckRow = page.getByRole('row', { name: /e2e-waiting/ });
    await stuckRow.waitFor();
    await page.screenshot({ path: join(SHOTS, 'ops-funnel.png'), fullPage: true });
    expect(await seriousProblems(page)).toEqual([]);
    await stuckRow.getByRole('button', { name: zh('funnelRedrive') }).click();
    await page.getByRole('status').filter({ hasText: 'e2e-waiting' }).waitFor();
    await context.close();
  }, 300_000);

  it('fits a phone: no sideways scrolling with the chart and an opened list, axe-core clean', async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: 'zh-CN',
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
    });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.getByRole('button', { name: `${zh('logInAs')} ops` }).click();
    await page.getByRole('button', { name: zh('logIn'), exact: true }).click();
    await page.getByRole('button', { name: zh('logOut') }).waitFor();
    await page.goto(`${server.url}/#/ops/funnel`);
    await page.getByRole('heading', { name: zh('funnelTitle') }).waitFor();
    await page.getByLabel(zh('funnelFrom')).fill('2026-01-01');
    await page.getByLabel(zh('funnelTo')).fill('2026-12-31');
    await page.getByRole('button', { name: zh('funnelApply') }).click();
    await page.getByRole('img', { name: new RegExp(`^${zh('funnelStatusByDay')}`) }).waitFor();
    await page.getByText(zh('funnelStatusByDayTable')).click();
    await page
      .getByRole('row', { name: new RegExp(`^${zh('funnelSubmitted')}`) })
      .getByText('2')
      .click();
    await page.getByRole('link', { name: 'e2e-waiting' }).first().waitFor({ timeout: 30_000 });
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: join(SHOTS, 'ops-funnel-phone.png'), fullPage: true });
    const overflow = ((await page.evaluate('document.documentElement.scrollWidth')) as number) - 390;
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await seriousProblems(page)).toEqual([]);
    await context.close();
  }, 300_000);
});
