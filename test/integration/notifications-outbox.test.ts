import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxNotifications } from '../../lambdas/adapters/outbox-notifications.js';
import { sellerEvent } from '../../lambdas/notify/events.js';
import type { NotificationEvent } from '../../lambdas/ports/notifications.js';
import type { Platform } from '../../local/platform.js';
import { testPlatform } from '../support/platform.js';
import { startReceiver } from '../support/webhook-receiver.js';

async function until(
  what: string,
  probe: () => boolean | Promise<boolean>,
  timeoutMs = 45_000,
): Promise<number> {
  const start = Date.now();
  while (!(await probe())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return Date.now() - start;
}

async function draft(platform: Platform, applicationId: string, owner: string) {
  const now = new Date().toISOString();
  await platform.container.portal.createDraft({
    applicationId,
    owner,
    form: { seller: { companyName: 'x', uscc: 'x' }, category: 'home', skus: [], sampleSkus: [] },
    documents: [],
    createdAt: now,
    updatedAt: now,
  });
}

describe('the outbox and the local sender', () => {
  let platform: Platform;
  const servers: Server[] = [];
  beforeAll(async () => {
    platform = await testPlatform({
      notify: {
        settings: {
          backoff: { baseMs: 200, capMs: 500, windowMs: 30_000 },
          post: { timeoutMs: 500, maxResponseBytes: 1024 },
        },
        sweepMs: 100,
      },
    });
  });
  afterAll(async () => {
    await platform.stop();
    for (const s of servers) s.close();
  });

  it('keeps an event id once, and hands over again an event whose dispatch failed', async () => {
    // The platform's own sweeper would hand the event over first: paused for this test.
    platform.notifier.stop();
    const dispatched: string[] = [];
    let fail = true;
    const outbox = new OutboxNotifications(platform.notifier.store, {
      dispatch: async (events: NotificationEvent[]) => {
        if (fail) throw new Error('bus down');
        for (const e of events) {
          dispatched.push(e.id);
          await platform.notifier.store.markDispatched(e.id);
        }
      },
    });
    const e = sellerEvent('outbox-app', 'application.admitted', 1, new Date().toISOString());
    expect(await outbox.publish(e)).toBe(true);
    expect(await outbox.publish(e)).toBe(false);
    expect(dispatched).toEqual([]);
    fail = false;
    // What the sweeper does after a crash or a failed PutEvents.
    expect(await outbox.redispatch()).toBeGreaterThanOrEqual(1);
    expect(dispatched).toContain(e.id);
    expect(await platform.notifier.store.claimEmail(e.id, 'A@x.test', 'now')).toBe(true);
    expect(await platform.notifier.store.claimEmail(e.id, 'a@x.test', 'now')).toBe(false);
    platform.notifier.start();
  });

  it("serves one seller's receiver at once while another seller's hangs, and reads at most the limit back", async () => {
    const hanging = createServer(() => {
      // Never answers: every attempt ends at the 500 ms timeout.
    });
    const chatty = createServer((_req, res) => {
      res.writeHead(200);
      const chunk = Buffer.alloc(64 * 1024, 'x');
      // An answer with no end: only the size limit stops the read.
      const write = () => {
        while (res.write(chunk)) {}
      };
      write();
      res.on('drain', write);
    });
    for (const s of [hanging, chatty]) {
      servers.push(s);
      await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
    }
    const url = (s: Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}/`;
    const ok = await startReceiver();
    await draft(platform, 'slow-app', 'seller-slow');
    await draft(platform, 'fast-app', 'seller-fast');
    await platform.container.webhooks.register('seller-slow', {
      url: url(hanging),
      events: ['application.admitted'],
    });
    await platform.container.webhooks.register('seller-slow', {
      url: url(chatty),
      events: ['application.admitted'],
    });
    ok.secret = (
      await platform.container.webhooks.register('seller-fast', {
        url: ok.url,
        events: ['application.admitted'],
      })
    ).secret as string;

    const at = new Date().toISOString();
    for (let i = 0; i < 20; i++) {
      await platform.container.notifications.publish(sellerEvent('slow-app', 'application.admitted', i, at));
    }
    for (let i = 0; i < 20; i++) {
      await platform.container.notifications.publish(sellerEvent('fast-app', 'application.admitted', i, at));
    }
    const ms = await until('the fast seller served', () => ok.accepted.length === 20);
    // 20 hanging deliveries at 500 ms each, 8 at a time, would take over a second in a row.
    expect(ms).toBeLessThan(30_000);
    // A delivery is written with its first attempt: the hanging receiver's only after their
    // timeouts, so the slow seller's 40 are counted once every first attempt has ended.
    await until('the chatty receiver answered', async () => {
      const all = await platform.notifier.store.listDeliveries('seller-slow', 100);
      return all.some((d) => d.status === 'succeeded');
    });
    await until('every first attempt of the slow seller', async () => {
      const all = await platform.notifier.store.listDeliveries('seller-slow', 100);
      return all.length === 40;
    });
    expect(await platform.notifier.store.listDeliveries('seller-slow', 100)).toHaveLength(40);
    const attempts = await Promise.all(
      (await platform.notifier.store.listDeliveries('seller-slow', 100)).map((d) =>
        platform.notifier.store.listAttempts('seller-slow', d.deliveryId),
      ),
    );
    const flat = attempts.flat();
    expect(flat.some((a) => a.error?.includes('no answer within 500 ms'))).toBe(true);
    // The endless answer was cut at the limit: the attempt succeeded instead of running into its timeout.
    expect(flat.filter((a) => a.httpStatus === 200).length).toBeGreaterThan(0);
    await ok.close();
  }, 120_000);
});
