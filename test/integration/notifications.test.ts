import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodemailerMailer } from '../../lambdas/adapters/nodemailer-mailer.js';
import { EVENT_TYPES } from '../../lambdas/ports/notifications.js';
import { type MailCatcher, startMailCatcher } from '../../local/mail-catcher.js';
import type { Platform } from '../../local/platform.js';
import { admitSample, testPlatform } from '../support/platform.js';
import { type Receiver, replay, startReceiver } from '../support/webhook-receiver.js';

const APPLICATION = 'notify-admitted';
const OWNER = 'seller-a';
const APPROVE = {
  review: { outcome: 'approve' },
  labResults: {},
  signature: { accept: true, signerName: '张三' },
};
const SELLER_EVENTS = [
  'application.submitted',
  'application.samples_booked',
  'application.lab_result_posted',
  'application.agreement_issued',
  'application.action_required',
  'application.admitted',
];

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('notifications end to end (local mail catcher, signed webhooks)', () => {
  let platform: Platform;
  let catcher: MailCatcher;
  let mailer: NodemailerMailer;
  let ok: Receiver;
  let flaky: Receiver;

  beforeAll(async () => {
    catcher = await startMailCatcher();
    mailer = NodemailerMailer.smtp('127.0.0.1', catcher.smtpPort, 'noreply@admission.local');
    [ok, flaky] = await Promise.all([startReceiver(), startReceiver({ failFirst: 2 })]);
    platform = await testPlatform({
      // A step that fails after its effect is retried: its events must still go out once.
      faults: [
        { state: 'BookSamples', transientFailures: 1, afterEffect: true },
        { state: 'RecordAdmission', transientFailures: 1, afterEffect: true },
      ],
      notify: {
        mailer,
        settings: {
          portalUrl: 'http://127.0.0.1:5173',
          backoff: { baseMs: 300, capMs: 1000, windowMs: 60_000 },
        },
        sweepMs: 200,
      },
    });
    const now = new Date().toISOString();
    await platform.container.portal.createDraft({
      applicationId: APPLICATION,
      owner: OWNER,
      form: { seller: { companyName: 'x', uscc: 'x' }, category: 'home', skus: [], sampleSkus: [] },
      documents: [],
      createdAt: now,
      updatedAt: now,
    });
    for (const r of [ok, flaky]) {
      const reg = await platform.container.webhooks.register(OWNER, {
        url: r.url,
        events: EVENT_TYPES.filter((t) => t.startsWith('application.')),
      });
      r.secret = reg.secret as string;
    }
  });

  afterAll(async () => {
    await platform?.stop();
    mailer?.close();
    await Promise.all([catcher?.stop(), ok?.close(), flaky?.close()]);
  });

  it('emails the seller in English and the lab, and delivers signed webhooks to both receivers', async () => {
    const { record } = await admitSample(platform, {
      applicationId: APPLICATION,
      seller: { contactEmail: 'ops@example.com', language: 'en' },
      decisions: APPROVE,
    });
    expect(record.status).toBe('ADMITTED');
    // Every event handed over has fanned out (emails are sent within the fan-out).
    await platform.notifier.settled();

    const mails = await until('the emails', async () => {
      const m = await catcher.messages();
      return m.length >= SELLER_EVENTS.length + 1 ? m : undefined;
    });
    const toSeller = mails.filter((m) => m.to.some((t) => t.address === 'ops@example.com'));
    const eventIds = toSeller.map((m) => m.headers['x-admission-event-id']);
    expect(new Set(eventIds).size).toBe(eventIds.length);
    expect(toSeller.map((m) => m.subject)).toEqual(
      expect.arrayContaining([
        `Application ${APPLICATION} submitted`,
        `Application ${APPLICATION} admitted`,
        `Agreement for application ${APPLICATION} ready to sign`,
        `Action required on application ${APPLICATION}`,
      ]),
    );
    const sign = toSeller.find((m) => m.subject.startsWith('Action required')) as (typeof toSeller)[number];
    // The action and its deadline come first; the link goes into the portal.
    expect(sign.text?.split('\n')[0]).toMatch(
      /^Please sign the agreement, by \d{4}-\d{2}-\d{2} \d{2}:\d{2} \(China time\)/,
    );
    expect(sign.text).toContain(`http://127.0.0.1:5173/#/applications/${APPLICATION}`);
    expect(sign.html).toContain(`href="http://127.0.0.1:5173/#/applications/${APPLICATION}"`);
    const toLab = mails.filter((m) => m.to.some((t) => t.address.endsWith('@labs.admission.local')));
    // One booking per sample SKU, each told to the lab once (in Chinese: labs have no language setting).
    const bookings = toSeller.filter((m) => m.subject.startsWith('Result posted for sample'));
    expect(toLab).toHaveLength(bookings.length);
    expect(new Set(toLab.map((m) => m.headers['x-admission-event-id'])).size).toBe(toLab.length);
    expect(toLab[0]?.subject).toMatch(/^新验货预约/);

    for (const r of [ok, flaky]) {
      await until('every webhook', async () =>
        SELLER_EVENTS.every((t) => r.accepted.some((a) => a.event.type === t)) ? true : undefined,
      );
      const ids = r.accepted.map((a) => a.event.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(r.refused).toEqual([]);
    }
    // The flaky receiver answered 500 twice: the first delivery was tried three times, all logged.
    expect(flaky.requests).toBe(flaky.accepted.length + 2);
    const deliveries = (await platform.container.webhooks.listDeliveries(OWNER)) as {
      endpointId: string;
      status: string;
      attempts: { n: number; outcome: string; httpStatus?: number }[];
    }[];
    const retried = deliveries.filter((d) => d.attempts.length === 3);
    expect(retried).toHaveLength(1);
    expect(retried[0]?.attempts.map((a) => [a.outcome, a.httpStatus])).toEqual([
      ['failed', 500],
      ['failed', 500],
      ['succeeded', 204],
    ]);
    expect(deliveries.every((d) => d.status === 'succeeded')).toBe(true);
  });

  it('lets a receiver refuse a replayed delivery', async () => {
    const captured = ok.accepted[0];
    if (!captured) throw new Error('no delivery captured');
    ok.now = () => new Date(Date.now() + 6 * 60_000);
    expect(await replay(ok, captured)).toBe(400);
    expect(ok.refused.at(-1)?.reason).toMatch(/replay/);
    ok.now = () => new Date();
  });

  it('sends nothing twice after a restart (outbox swept, deliveries done)', async () => {
    const before = { mails: (await catcher.messages()).length, ok: ok.requests, flaky: flaky.requests };
    platform = await platform.restart();
    await new Promise((r) => setTimeout(r, 1500));
    await platform.notifier.settled();
    expect((await catcher.messages()).length).toBe(before.mails);
    expect([ok.requests, flaky.requests]).toEqual([before.ok, before.flaky]);
  });

  it('re-sends a delivery on request, signed anew', async () => {
    const [first] = (await platform.container.webhooks.listDeliveries(OWNER)) as { deliveryId: string }[];
    if (!first) throw new Error('no delivery');
    const before = ok.accepted.length + flaky.accepted.length;
    await platform.container.webhooks.resend(OWNER, first.deliveryId);
    await until('the re-sent delivery', async () =>
      ok.accepted.length + flaky.accepted.length > before ? true : undefined,
    );
  });
});
