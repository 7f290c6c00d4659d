/**
 * The seller's webhook pages in a real browser over the local platform (issue 19), at phone size
 * (390 px): register an endpoint against a local receiver written from SPEC (signature checked,
 * replays older than 5 minutes refused) that fails the first POST; the signing secret is shown
 * once and read off the page; an event published for the seller's application is delivered after
 * one retry; the page lists the delivery with both attempts; a re-send arrives signed anew; the
 * endpoint is turned off. axe-core finds nothing serious or critical; screenshots in test-results/e2e/.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sellerEvent } from '../../lambdas/notify/events.js';
import { type PortalServer, startPortalServer } from '../../local/http.js';
import type { Platform } from '../../local/platform.js';
import { localUser } from '../support/api-client.js';
import { testPlatform } from '../support/platform.js';
import { type Receiver, replay, startReceiver } from '../support/webhook-receiver.js';
import { launchChromium } from './support/browser.js';
import { DESKTOP, horizontalOverflow, PHONE, shot, signIn as signInTo, zh } from './support/page.js';
import { ensurePortalBuilt } from './support/portal-build.js';

const APP = 'e2e-webhooks';

let platform: Platform;
let server: PortalServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let receiver: Receiver;

beforeAll(async () => {
  const [portalDir, chromium, p] = await Promise.all([
    ensurePortalBuilt(),
    launchChromium(),
    // Retries within a second, so a test sees the schedule run.
    testPlatform({
      notify: { settings: { backoff: { baseMs: 300, capMs: 600, windowMs: 60_000 } }, sweepMs: 200 },
    }),
  ]);
  platform = p;
  ({ browser, close: closeBrowser } = chromium);
  server = await startPortalServer(platform, { portalDir });
  receiver = await startReceiver({ failFirst: 1 });
  const now = new Date().toISOString();
  await platform.container.portal.createDraft({
    applicationId: APP,
    owner: localUser('seller-a').sub,
    form: { seller: { companyName: 'x', uscc: 'x' }, category: 'home', skus: [], sampleSkus: [] },
    documents: [],
    createdAt: now,
    updatedAt: now,
  });
}, 600_000);

afterAll(async () => {
  await closeBrowser?.();
  await server?.close();
  await receiver?.close();
  await platform?.stop();
});

/** Signed in on this file's portal (test/e2e/support/page.ts). */
const signIn = (username: string, viewport = DESKTOP, options: { acceptDownloads?: boolean } = {}) =>
  signInTo(browser, server.url, username, viewport, options);

/** Fits the phone (no sideways scrolling), screenshot, axe-core clean. */
async function check(page: Page, name: string): Promise<void> {
  expect(await horizontalOverflow(page), name).toBeLessThanOrEqual(0);
  await shot(page, name);
}

async function until(what: string, probe: () => boolean, timeoutMs = 30_000): Promise<void> {
  const start = Date.now();
  while (!probe()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the seller webhook pages', () => {
  it('registers an endpoint, shows the secret once, lists a delivery with its attempts and re-sends it', async () => {
    const page = await signIn('seller-a', PHONE);
    await page.getByRole('link', { name: zh('navWebhooks') }).click();
    await page.getByRole('heading', { name: zh('webhooksTitle'), level: 1 }).waitFor();
    await check(page, 'webhooks-empty-phone');

    await page.getByLabel(zh('webhookUrl')).fill(receiver.url);
    await page.getByRole('checkbox', { name: 'application.submitted' }).check();
    await page.getByRole('button', { name: zh('webhookAdd') }).click();
    const shown = page.getByRole('status').locator('code');
    await shown.waitFor();
    receiver.secret = ((await shown.textContent()) ?? '').trim();
    expect(receiver.secret).toMatch(/^whsec_/);
    // Shown once: the list (and a reload) never carries it.
    const listed = page.getByRole('listitem').filter({ hasText: receiver.url });
    await listed.first().waitFor();
    expect(await listed.first().textContent()).toContain(zh('webhookOn'));
    await page.reload();
    await page.getByRole('heading', { name: zh('webhooksTitle'), level: 1 }).waitFor();
    expect(await page.locator('main').textContent()).not.toContain(receiver.secret);

    // An event for the seller's application: the receiver fails once, then takes it.
    const event = sellerEvent(APP, 'application.submitted', 1, new Date().toISOString());
    expect(await platform.container.notifications.publish(event)).toBe(true);
    await until('the delivery after one retry', () => receiver.accepted.length === 1);
    expect(receiver.requests).toBe(2);
    expect(receiver.accepted[0]?.event).toMatchObject({ id: event.id, type: 'application.submitted' });

    await page.getByRole('button', { name: zh('refresh') }).click();
    const item = page.getByRole('listitem', { name: `application.submitted ${event.id}` });
    await item.getByText(zh('webhookAttempts', { n: 2 })).waitFor();
    const text = (await item.textContent()) ?? '';
    expect(text).toContain('HTTP 500');
    expect(text).toContain('HTTP 204');
    expect(text).toContain(zh('webhookStatus.succeeded'));
    await check(page, 'webhooks-delivered-phone');

    // Re-sent from the page: signed anew, the same event.
    await item.getByRole('button', { name: zh('webhookResend') }).click();
    await until('the re-sent delivery', () => receiver.accepted.length === 2);
    expect(receiver.accepted[1]?.event.id).toBe(event.id);
    // Signed at its own sending (the receiver checked it): within the first's second the
    // signature is the same, since it covers only the timestamp and the body.
    const stamp = (d?: { header: string }) => Number(/^t=(\d+),/.exec(d?.header ?? '')?.[1]);
    expect(stamp(receiver.accepted[1])).toBeGreaterThanOrEqual(stamp(receiver.accepted[0]));
    await page.getByRole('button', { name: zh('refresh') }).click();
    await item.getByText(zh('webhookAttempts', { n: 3 })).waitFor();

    // The receiver refuses a captured delivery replayed 6 minutes later.
    const first = receiver.accepted[0];
    receiver.now = () => new Date(Date.now() + 6 * 60_000);
    expect(await replay(receiver, first as NonNullable<typeof first>)).toBe(400);
    receiver.now = () => new Date();

    // Turned off by the seller.
    await listed
      .first()
      .getByRole('button', { name: zh('webhookTurnOff') })
      .click();
    await listed
      .first()
      .getByRole('button', { name: zh('webhookTurnOn') })
      .waitFor();
    expect(await listed.first().textContent()).toContain('已由您停用');
    await check(page, 'webhooks-off-phone');
    await page.context().close();
  }, 300_000);
});
