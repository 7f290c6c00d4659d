/**
 * Ops' funnel page in a real browser over the local platform: an application rejected at intake
 * and one waiting for a reviewer past its SLA. The filters, a number opening its applications
 * (asked for when opened), the status-per-day chart, the CSV export, the stuck list and its
 * re-drive; axe-core finds nothing serious or critical.
 */
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PortalServer, startPortalServer } from '../../local/http.js';
import type { Platform } from '../../local/platform.js';
import { admitSample, testPlatform } from '../support/platform.js';
import { launchChromium } from './support/browser.js';
import { DESKTOP, horizontalOverflow, PHONE, shot, signIn, zh } from './support/page.js';
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

describe('ops funnel page', () => {
  it('shows the figures of a period, opens the applications behind a number, exports CSV and re-drives stuck work', async () => {
    const page = await signIn(browser, server.url, 'ops', DESKTOP, { acceptDownloads: true });
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
    await shot(page, 'ops-funnel');
    await stuckRow.getByRole('button', { name: zh('funnelRedrive') }).click();
    await page.getByRole('status').filter({ hasText: 'e2e-waiting' }).waitFor();
    await page.context().close();
  }, 300_000);

  it('fits a phone: no sideways scrolling with the chart and an opened list, axe-core clean', async () => {
    const page = await signIn(browser, server.url, 'ops', PHONE);
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
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await shot(page, 'ops-funnel-phone');
    await page.context().close();
  }, 300_000);
});
