import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sellerEvent } from '../../lambdas/notify/events.js';
import type { Platform } from '../../local/platform.js';
import { testPlatform } from '../support/platform.js';
import { type Receiver, startReceiver } from '../support/webhook-receiver.js';

async function until(
  what: string,
  probe: () => boolean | Promise<boolean>,
  timeoutMs = 90_000,
): Promise<void> {
  const start = Date.now();
  while (!(await probe())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function closedPort(): Promise<string> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return `http://127.0.0.1:${port}/down`;
}

const OWNER = 'seller-restart';
const APP = 'restart-app';
const EVENTS = 300;

describe('the local sender stopped during a burst', () => {
  let platform: Platform;
  let ok: Receiver;

  beforeAll(async () => {
    platform = await testPlatform({
      notify: {
        settings: { backoff: { baseMs: 30_000, capMs: 60_000, windowMs: 86_400_000 } },
        sweepMs: 200,
      },
    });
    ok = await startReceiver();
  }, 120_000);
  afterAll(async () => {
    await platform.stop();
    await ok.close();
  });

  it('loses nothing: a restart hands the marked events over again and every delivery is made and tried', async () => {
    const now = new Date().toISOString();
    await platform.container.portal.createDraft({
      applicationId: APP,
      owner: OWNER,
      form: { seller: { companyName: 'x', uscc: 'x' }, category: 'home', skus: [], sampleSkus: [] },
      documents: [],
      createdAt: now,
      updatedAt: now,
    });
    ok.secret = (
      await platform.container.webhooks.register(OWNER, { url: ok.url, events: ['application.admitted'] })
    ).secret as string;
    const down = await platform.container.webhooks.register(OWNER, {
      url: await closedPort(),
      events: ['application.admitted'],
    });

    // The sender stopped (a process about to be killed): a burst is recorded and fanned out in
    // memory, nothing attempted; the restart starts from the table alone.
    platform.notifier.stop();
    await Promise.all(
      Array.from({ length: EVENTS }, (_, i) =>
        platform.container.notifications.publish(sellerEvent(APP, 'application.admitted', i, now)),
      ),
    );
    expect(await platform.notifier.store.undispatched(EVENTS + 1)).toHaveLength(EVENTS);
    expect(ok.requests).toBe(0);

    platform = await platform.restart();
    await until('every event at the live receiver', () => {
      return new Set(ok.accepted.map((a) => a.event.id)).size === EVENTS;
    });
    await until(
      'the outbox emptied',
      async () => (await platform.notifier.store.undispatched(10)).length === 0,
    );
    await platform.notifier.settled();

    const deliveries = await platform.notifier.store.listDeliveries(OWNER, 10 * EVENTS);
    const toDown = deliveries.filter((d) => d.endpointId === down.endpointId);
    expect(toDown).toHaveLength(EVENTS);
    // The down endpoint's: each tried and waiting for its next attempt (full jitter may already
    // have made a second), every attempt logged.
    const counts = toDown.map((d) => `${d.status}:${d.attempts}:${d.nextAttemptAt ? 'next' : '-'}`);
    expect(counts.filter((c) => !/^pending:[1-9]\d*:next$/.test(c))).toEqual([]);
    const [one] = toDown;
    expect(await platform.notifier.store.listAttempts(OWNER, one?.deliveryId as string)).toHaveLength(
      one?.attempts as number,
    );
    const toOk = deliveries.filter((d) => d.endpointId !== down.endpointId);
    expect(toOk.every((d) => d.status === 'succeeded')).toBe(true);
    // Nothing was under way at the stop: each event reached the receiver once.
    expect(ok.accepted).toHaveLength(EVENTS);
  }, 180_000);
});
