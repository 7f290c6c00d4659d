/**
 * An ops spot-check round in a real browser over the local platform (issue 18): ops start a round
 * on the spot-check page, the round's state machine books the admitted seller's SKU at the lab,
 * the lab posts a failing result with a safety finding beside its admission bookings, ops see the
 * result recorded, and the seller's health page shows the spot check and its serious violation
 * (100 − 25 = 75, at risk). axe-core finds nothing serious or critical on the new pages.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDateOf } from '../../lambdas/domain/calendar.js';
import { type PortalServer, startPortalServer } from '../../local/http.js';
import type { Platform } from '../../local/platform.js';
import { localUser } from '../support/api-client.js';
import { testPlatform } from '../support/platform.js';
import { launchChromium } from './support/browser.js';
import { DESKTOP, shot, signIn as signInTo, zh } from './support/page.js';
import { ensurePortalBuilt } from './support/portal-build.js';

const ID = 'e2e-spot';
const USCC = '91330100MA2SPOT01X';
const SKU = 'SPOT-KETTLE-01';
const USCC2 = '91330200MA2SPOT02X';
const SKU2 = 'SPOT-LAMP-02';

let platform: Platform;
let server: PortalServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;

beforeAll(async () => {
  const [portalDir, chromium, p] = await Promise.all([ensurePortalBuilt(), launchChromium(), testPlatform()]);
  platform = p;
  ({ browser, close: closeBrowser } = chromium);
  server = await startPortalServer(platform, { portalDir });
  // An admitted seller of seller-a's, its admission recorded as the platform records it.
  const c = platform.container;
  const at = c.clock.now().toISOString();
  const seller = { companyName: '杭州抽检测试有限公司', uscc: USCC };
  await c.applications.create(
    {
      application: {
        applicationId: ID,
        applicationDate: chinaDateOf(at),
        seller,
        category: 'home',
        skus: [{ sku: SKU, monthlyCapacity: 5000 }],
        sampleSkus: [SKU],
        documents: [],
      },
      status: 'ADMITTED',
      createdAt: at,
      updatedAt: at,
    },
    { at, actor: 'system', action: 'admitted' },
  );
  await c.governanceEvents.append(USCC, [
    { type: 'admitted', applicationId: ID, uscc: USCC, date: chinaDateOf(at), category: 'home', skus: [SKU] },
  ]);
  await c.portal.createDraft({
    applicationId: ID,
    owner: localUser('seller-a').sub,
    form: { seller, category: 'home', skus: [], sampleSkus: [] },
    documents: [],
    createdAt: at,
    updatedAt: at,
    submittedAt: at,
  });
}, 600_000);

afterAll(async () => {
  await closeBrowser?.();
  await server?.close();
  await platform?.stop();
});

/** Signed in on this file's portal (test/e2e/support/page.ts). */
const signIn = (username: string, viewport = DESKTOP, options: { acceptDownloads?: boolean } = {}) =>
  signInTo(browser, server.url, username, viewport, options);

/** Clicks the round's refresh until its counts read `counts`. */
async function waitForCounts(page: Page, counts: Record<string, number>): Promise<void> {
  const text = zh('spotCounts', counts);
  const round = page.getByRole('region', { name: new RegExp(zh('spotRound')) });
  for (let i = 0; i < 120; i++) {
    if ((await round.getByRole('status').textContent()) === text) return;
    await round.getByRole('button', { name: zh('refresh') }).click();
    await page.waitForTimeout(500);
  }
  expect(await round.getByRole('status').textContent()).toBe(text);
}

describe('an ops spot-check round', () => {
  it('starts a round, the lab posts a failing result, the violation reaches the seller', async () => {
    const ops = await signIn('ops');
    await ops.getByRole('link', { name: zh('navSpotChecks') }).click();
    await ops.getByRole('heading', { name: zh('spotTitle'), level: 1 }).waitFor();
    await ops.getByLabel(zh('spotSampleSize')).fill('1');
    // "Start a round" pressed twice, its first answer lost on the way back (the round was made):
    // the second press is ignored while pending, the retry sends the same key, one round is listed.
    const keys: string[] = [];
    let lost = 0;
    await ops.route('**/api/ops/spot-checks', async (route) => {
      if (route.request().method() !== 'POST') return route.fallback();
      keys.push((route.request().postDataJSON() as { idempotencyKey: string }).idempotencyKey);
      if (lost++ > 0) return route.fallback();
      await route.fetch();
      await route.abort('connectionreset');
    });
    await ops.getByRole('button', { name: zh('spotStart') }).dblclick();
    await ops.getByRole('alert').waitFor();
    await ops.getByRole('button', { name: zh('spotStart') }).click();
    const counts = { picked: 1, booked: 1, results: 0, failed: 0, overdue: 0, recorded: 0, cancelled: 0 };
    await waitForCounts(ops, counts);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    expect(await ops.getByRole('button', { name: new RegExp(`^${zh('spotShow')} `) }).count()).toBe(1);
    expect((await platform.container.spotChecks.listRounds(10)).length).toBe(1);
    await ops.unroute('**/api/ops/spot-checks');
    expect(await ops.locator('main').textContent()).toContain(SKU);
    await shot(ops, 'spot-checks-ops-booked');

    const lab = await signIn('lab-cti');
    await lab.getByRole('link', { name: zh('navLab') }).click();
    await lab.getByRole('heading', { name: zh('spotBookingsTitle') }).waitFor();
    const booking = lab.getByRole('article', { name: `${zh('spotBooking')} ${SKU}` });
    await booking.getByRole('radio', { name: zh('failed'), exact: true }).check();
    await booking.getByRole('checkbox', { name: new RegExp(zh('finding.FORMALDEHYDE')) }).check();
    await shot(lab, 'spot-checks-lab');
    await booking.getByRole('button', { name: zh('postResult') }).click();
    await booking.getByText(zh('failed')).first().waitFor();
    await booking.getByRole('button', { name: zh('postResult') }).waitFor({ state: 'detached' });

    await waitForCounts(ops, { ...counts, results: 1, failed: 1, recorded: 1 });
    await shot(ops, 'spot-checks-ops-recorded');

    // On a phone: ops' seven pages fit the bar, the round's table wraps instead of scrolling sideways.
    const phone = await signIn('ops', { width: 390, height: 844 });
    await phone.getByRole('link', { name: zh('navSpotChecks') }).click();
    await phone
      .getByRole('button', {
        name: `${zh('spotShow')} ${(await ops.locator('main code').first().textContent()) ?? ''}`,
      })
      .click();
    await phone
      .getByRole('region', { name: new RegExp(zh('spotRound')) })
      .getByRole('status')
      .waitFor();
    const overflow = ((await phone.evaluate('document.documentElement.scrollWidth')) as number) - 390;
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(phone, 'spot-checks-ops-phone');

    const seller = await signIn('seller-a');
    await seller.getByRole('link', { name: zh('navHealth') }).click();
    await seller.getByRole('heading', { name: zh('healthTitle') }).waitFor();
    await seller.locator('main').getByText('spot_check_failed').first().waitFor();
    const body = (await seller.locator('main').textContent()) ?? '';
    expect(body).toContain('75');
    expect(body).toContain('spot_check_failed');
    expect(body).toContain(SKU);
    expect(body).toContain('FORMALDEHYDE');
  }, 300_000);

  it('cancels a booking: the lab sees it cancelled and no result form; the round ends with it cancelled', async () => {
    // Another admitted seller (the first one's SKU is delisted now): the next round picks its SKU.
    const c = platform.container;
    const at = c.clock.now().toISOString();
    await c.applications.create(
      {
        application: {
          applicationId: `${ID}-2`,
          applicationDate: chinaDateOf(at),
          seller: { companyName: '宁波抽检测试有限公司', uscc: USCC2 },
          category: 'home',
          skus: [{ sku: SKU2, monthlyCapacity: 5000 }],
          sampleSkus: [SKU2],
          documents: [],
        },
        status: 'ADMITTED',
        createdAt: at,
        updatedAt: at,
      },
      { at, actor: 'system', action: 'admitted' },
    );
    await c.governanceEvents.append(USCC2, [
      {
        type: 'admitted',
        applicationId: `${ID}-2`,
        uscc: USCC2,
        date: chinaDateOf(at),
        category: 'home',
        skus: [SKU2],
      },
    ]);
    const ops = await signIn('ops');
    await ops.getByRole('link', { name: zh('navSpotChecks') }).click();
    await ops.getByLabel(zh('spotSampleSize')).fill('1');
    await ops.getByRole('button', { name: zh('spotStart') }).click();
    const counts = { picked: 1, booked: 1, results: 0, failed: 0, overdue: 0, recorded: 0, cancelled: 0 };
    await waitForCounts(ops, counts);
    const round = ops.getByRole('region', { name: new RegExp(zh('spotRound')) });
    const cancel = round.getByRole('button', { name: `${zh('spotCancel')} #1 ${SKU2}` });
    expect(await cancel.isDisabled()).toBe(true);
    await round.getByLabel(zh('spotCancelReason')).fill('商品已下架');
    await cancel.click();
    await waitForCounts(ops, { ...counts, cancelled: 1 });
    await round
      .getByRole('list', { name: zh('spotEvents') })
      .getByText('商品已下架')
      .waitFor();
    await shot(ops, 'spot-checks-ops-cancelled');

    const lab = await signIn('lab-cti');
    await lab.getByRole('link', { name: zh('navLab') }).click();
    const booking = lab.getByRole('article', { name: `${zh('spotBooking')} ${SKU2}` });
    await booking.getByText(zh('spotCancelled')).waitFor();
    expect(await booking.getByRole('button', { name: zh('postResult') }).count()).toBe(0);
    await shot(lab, 'spot-checks-lab-cancelled');
  }, 300_000);
});
