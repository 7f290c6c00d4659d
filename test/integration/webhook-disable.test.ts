/**
 * An endpoint that fails every attempt for 24 hours is turned off and its seller told (issue 19),
 * on the local clock: the sender's store is DynamoDB Local, the receiver a real HTTP server that
 * answers 500; the clock (local/clock.ts) crosses the day in milliseconds. The seller turns it on
 * again; an endpoint that recovers before 24 hours stays on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AttemptOutcome,
  attemptDelivery,
  createDeliveries,
  registerEndpoint,
  type SenderDeps,
  setEndpointEnabled,
} from '../../lambdas/notify/deliver.js';
import { sellerEvent } from '../../lambdas/notify/events.js';
import type { MailMessage } from '../../lambdas/ports/notifications.js';
import type { ApplicationRecord } from '../../lambdas/ports/repository.js';
import { ManualClock } from '../../local/clock.js';
import { LocalSecretBox } from '../../local/notifications.js';
import type { Platform } from '../../local/platform.js';
import { testPlatform } from '../support/platform.js';
import { type Receiver, startReceiver } from '../support/webhook-receiver.js';

const OWNER = 'seller-disable';
const APP = 'app-disable';

describe('an endpoint failing for 24 hours', () => {
  let platform: Platform;
  let down: Receiver;
  let flaky: Receiver;
  let deps: SenderDeps;
  const clock = new ManualClock(new Date());
  const mail: MailMessage[] = [];

  beforeAll(async () => {
    platform = await testPlatform();
    // The platform's own queue worker and sweeper stay off: this test moves time itself.
    platform.notifier.stop();
    down = await startReceiver({ failFirst: Number.MAX_SAFE_INTEGER });
    flaky = await startReceiver({ failFirst: 3 });
    flaky.now = () => clock.now();
    const now = clock.now().toISOString();
    await platform.container.portal.createDraft({
      applicationId: APP,
      owner: OWNER,
      form: { seller: { companyName: 'x', uscc: 'x' }, category: 'home', skus: [], sampleSkus: [] },
      documents: [],
      createdAt: now,
      updatedAt: now,
    });
    deps = {
      store: platform.notifier.store,
      queue: platform.notifier.queue,
      secrets: new LocalSecretBox(),
      clock,
      settings: platform.notifier.settings,
      mailer: { send: async (m) => void mail.push(m) },
      // The seller's contact as the application record holds it (the record itself is the flow's).
      applications: {
        get: async () =>
          ({
            application: { seller: { contactEmail: 'ops@seller.test', language: 'en' } },
          }) as ApplicationRecord,
      },
      portal: platform.container.portal,
    };
  }, 120_000);
  afterAll(async () => {
    await Promise.all([down.close(), flaky.close()]);
    await platform.stop();
  });

  /** Attempts a delivery until it is done, moving the clock to each next attempt. */
  async function drive(owner: string, deliveryId: string): Promise<AttemptOutcome[]> {
    const outcomes: AttemptOutcome[] = [];
    for (;;) {
      const o = await attemptDelivery(deps, owner, deliveryId);
      outcomes.push(o);
      if (o.kind !== 'retry') return outcomes;
      clock.advanceTo(o.dueAt);
    }
  }

  it('is turned off after 24 hours of failures, once, and the seller told once', async () => {
    const ep = await registerEndpoint(deps, OWNER, { url: down.url, events: ['application.admitted'] });
    const started = clock.now();
    const e = sellerEvent(APP, 'application.admitted', 1, started.toISOString());
    expect(await createDeliveries(deps, e)).toBe(1);
    const [delivery] = await deps.store.listDeliveries(OWNER, 10);
    const outcomes = await drive(OWNER, delivery?.deliveryId as string);
    expect(outcomes.at(-1)).toEqual({ kind: 'failed' });
    expect(outcomes.length).toBeGreaterThan(5);

    const stored = await deps.store.getEndpoint(OWNER, ep.endpointId);
    expect(stored?.disabled?.by).toBe('failures');
    const failedFor = Date.parse(stored?.disabled?.at ?? '') - Date.parse(stored?.failingSince ?? '');
    expect(failedFor).toBeGreaterThan(20 * 3_600_000);
    const attempts = await deps.store.listAttempts(OWNER, delivery?.deliveryId as string);
    expect(attempts).toHaveLength(outcomes.length);
    expect(attempts.every((a) => a.outcome === 'failed' && a.httpStatus === 500)).toBe(true);

    expect(mail).toHaveLength(1);
    expect(mail[0]?.to).toBe('ops@seller.test');
    expect(mail[0]?.subject).toBe('Webhook endpoint disabled');
    expect(mail[0]?.text).toContain(down.url);
    expect(mail[0]?.text).toContain('/#/webhooks');
    // A retried record after the notice: claimed once, not sent again.
    expect(await attemptDelivery(deps, OWNER, delivery?.deliveryId as string)).toEqual({ kind: 'skipped' });
    expect(mail).toHaveLength(1);

    // Off: a new event makes no delivery to it.
    clock.advanceBy(60_000);
    expect(
      await createDeliveries(deps, sellerEvent(APP, 'application.admitted', 2, clock.now().toISOString())),
    ).toBe(0);

    // On again: failures forgotten, deliveries made again.
    expect(await setEndpointEnabled(deps, OWNER, ep.endpointId, true)).toBe(true);
    const on = await deps.store.getEndpoint(OWNER, ep.endpointId);
    expect(on?.disabled).toBeUndefined();
    expect(on?.failingSince).toBeUndefined();
    expect(
      await createDeliveries(deps, sellerEvent(APP, 'application.admitted', 3, clock.now().toISOString())),
    ).toBe(1);
    expect(await setEndpointEnabled(deps, OWNER, 'we_missing', true)).toBe(false);
  });

  it('stays on when it recovers within the day; a seller-disabled endpoint is not attempted', async () => {
    const ep = await registerEndpoint(deps, OWNER, { url: flaky.url, events: ['application.submitted'] });
    flaky.secret = ep.secret;
    const e = sellerEvent(APP, 'application.submitted', 1, clock.now().toISOString());
    expect(await createDeliveries(deps, e)).toBe(1);
    const d = (await deps.store.listDeliveries(OWNER, 50)).find((x) => x.endpointId === ep.endpointId);
    const outcomes = await drive(OWNER, d?.deliveryId as string);
    expect(outcomes.map((o) => o.kind)).toEqual(['retry', 'retry', 'retry', 'succeeded']);
    const stored = await deps.store.getEndpoint(OWNER, ep.endpointId);
    expect(stored?.disabled).toBeUndefined();
    expect(stored?.failingSince).toBeUndefined();
    expect(flaky.accepted).toHaveLength(1);

    // Turned off by the seller while a delivery waits: it is closed, not POSTed.
    const e2 = sellerEvent(APP, 'application.submitted', 2, clock.now().toISOString());
    expect(await createDeliveries(deps, e2)).toBe(1);
    expect(await setEndpointEnabled(deps, OWNER, ep.endpointId, false)).toBe(true);
    const requests = flaky.requests;
    const d2 = (await deps.store.listDeliveries(OWNER, 50)).find(
      (x) => x.endpointId === ep.endpointId && x.eventId === e2.id,
    );
    expect(await attemptDelivery(deps, OWNER, d2?.deliveryId as string)).toEqual({ kind: 'failed' });
    expect(flaky.requests).toBe(requests);
    expect((await deps.store.getEndpoint(OWNER, ep.endpointId))?.disabled?.by).toBe('seller');
  });

  it("queues again a delivery written by an event's first try whose queueing then failed", async () => {
    const owner = 'seller-requeue';
    const app = 'app-requeue';
    const now = clock.now().toISOString();
    await platform.container.portal.createDraft({
      applicationId: app,
      owner,
      form: { seller: { companyName: 'x', uscc: 'x' }, category: 'home', skus: [], sampleSkus: [] },
      documents: [],
      createdAt: now,
      updatedAt: now,
    });
    const ok = await startReceiver();
    ok.now = () => clock.now();
    try {
      const ep = await registerEndpoint(deps, owner, { url: ok.url, events: ['application.admitted'] });
      ok.secret = ep.secret;
      const e = sellerEvent(app, 'application.admitted', 1, now);
      // The queue refuses (an SQS outage) after the deliveries were written: the event is retried.
      const refusing = {
        ...deps,
        queue: {
          enqueue: async () => Promise.reject(new Error('queue down')),
          enqueueMany: async () => Promise.reject(new Error('queue down')),
        },
      };
      await expect(createDeliveries(refusing, e)).rejects.toThrow('queue down');
      const queued: string[] = [];
      const recording = {
        ...deps,
        queue: {
          enqueue: async (q: { deliveryId: string }) => void queued.push(q.deliveryId),
          enqueueMany: async (qs: { deliveryId: string }[]) =>
            void queued.push(...qs.map((q) => q.deliveryId)),
        },
      };
      // The retry finds the delivery made, never attempted: it is queued, then attempted once.
      expect(await createDeliveries(recording, e)).toBe(1);
      const [d] = await deps.store.listDeliveries(owner, 10);
      expect(queued).toEqual([d?.deliveryId]);
      expect(await attemptDelivery(deps, owner, d?.deliveryId as string)).toEqual({ kind: 'succeeded' });
      expect(ok.accepted.map((a) => a.event.id)).toEqual([e.id]);
      // Once attempted, a further retry of the event queues nothing.
      expect(await createDeliveries(recording, e)).toBe(0);
    } finally {
      await ok.close();
    }
  });
});
