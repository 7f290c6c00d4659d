/**
 * `statement.issued` end to end over the emulators (issue 19): an admitted seller with a webhook
 * endpoint and an email address, an order file in the bucket, finance issues the period. The
 * seller gets one signed webhook and one email per statement (one per currency), with the period,
 * the currency and the totals, and an issue tried again (409) tells nobody twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodemailerMailer } from '../../lambdas/adapters/nodemailer-mailer.js';
import { AlreadyDecidedError } from '../../lambdas/shared/errors.js';
import { type MailCatcher, startMailCatcher } from '../../local/mail-catcher.js';
import type { Platform } from '../../local/platform.js';
import { admitSample, testPlatform } from '../support/platform.js';
import { type Receiver, startReceiver } from '../support/webhook-receiver.js';

const APPLICATION = 'notify-statements';
const OWNER = 'seller-a';
const EMAIL = 'finance-desk@example.com';

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('statement.issued end to end (mail catcher, signed webhook)', () => {
  let platform: Platform;
  let catcher: MailCatcher;
  let mailer: NodemailerMailer;
  let receiver: Receiver;

  beforeAll(async () => {
    catcher = await startMailCatcher();
    mailer = NodemailerMailer.smtp('127.0.0.1', catcher.smtpPort, 'noreply@admission.local');
    receiver = await startReceiver();
    platform = await testPlatform({
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
    const { record } = await admitSample(platform, {
      applicationId: APPLICATION,
      seller: { contactEmail: EMAIL, language: 'en' },
      decisions: {
        review: { outcome: 'approve' },
        labResults: {},
        signature: { accept: true, signerName: '张三' },
      },
    });
    expect(record.status).toBe('ADMITTED');
    // Registered after admission: only the statement events reach this endpoint.
    const reg = await platform.container.webhooks.register(OWNER, {
      url: receiver.url,
      events: ['statement.issued'],
    });
    receiver.secret = reg.secret as string;
    await platform.notifier.settled();
  }, 600_000);

  afterAll(async () => {
    await platform?.stop();
    mailer?.close();
    await Promise.all([catcher?.stop(), receiver?.close()]);
  });

  it('tells the seller of each statement once, by webhook and email, with its totals', async () => {
    // Settling in October 2026 on T+15: two CNY lines, one USD line, one line of nobody's.
    const csv = [
      'orderId,applicationId,transactionDate,currency,amountMinor,kind,vasCode',
      `O-1,${APPLICATION},2026-10-01,CNY,10000,sale,`,
      `O-2,${APPLICATION},2026-10-02,CNY,-2500,refund,`,
      `O-3,${APPLICATION},2026-10-03,USD,4000,sale,`,
      'O-4,nobody,2026-10-03,USD,100,sale,',
      '',
    ].join('\n');
    await platform.container.documents.putIfAbsent(
      'orders/oct.csv',
      new TextEncoder().encode(csv),
      'text/csv',
    );
    const issued = await platform.container.statements.issue('2026-10', 'finance');
    // Locally the period is issued at once (on AWS the statement job is started instead).
    if ('started' in issued) throw new Error('the local issue started a job instead of issuing');
    const mine = issued.summary.statements.filter((s) => s.applicationId === APPLICATION);
    expect(mine.map((s) => [s.currency, s.lines, s.grossMinor])).toEqual([
      ['CNY', 2, 7500],
      ['USD', 1, 4000],
    ]);
    await expect(platform.container.statements.issue('2026-10', 'finance')).rejects.toBeInstanceOf(
      AlreadyDecidedError,
    );
    await platform.notifier.settled();

    const hooks = await until('both statement webhooks', async () =>
      receiver.accepted.length >= 2 ? receiver.accepted : undefined,
    );
    expect(receiver.refused).toEqual([]);
    expect(hooks.map((h) => h.event.id).sort()).toEqual([
      `${APPLICATION}:statement.issued:2026-10:CNY`,
      `${APPLICATION}:statement.issued:2026-10:USD`,
    ]);
    for (const h of hooks) {
      expect(h.event.type).toBe('statement.issued');
      expect(h.event.data).toMatchObject({ applicationId: APPLICATION, period: '2026-10' });
    }
    const mails = await until('both statement emails', async () => {
      const m = (await catcher.messages()).filter(
        (x) =>
          x.to.some((t) => t.address === EMAIL) &&
          String(x.headers['x-admission-event-id']).includes(':statement.issued:'),
      );
      return m.length >= 2 ? m : undefined;
    });
    expect(mails.map((m) => m.headers['x-admission-event-id']).sort()).toEqual(
      hooks.map((h) => h.event.id).sort(),
    );
    for (const m of mails) expect(m.subject, m.subject).toContain('2026-10');
    // Nothing more arrives after the refused second issue has fanned out.
    await new Promise((r) => setTimeout(r, 1500));
    expect(receiver.accepted).toHaveLength(2);
    const again = (await catcher.messages()).filter((x) =>
      String(x.headers['x-admission-event-id']).includes(':statement.issued:'),
    );
    expect(again).toHaveLength(2);
  }, 300_000);
});
