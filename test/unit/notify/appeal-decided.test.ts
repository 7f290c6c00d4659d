import { describe, expect, it } from 'vitest';
import type { Container } from '../../../lambdas/adapters/container.js';
import type { AppealFiling } from '../../../lambdas/domain/governance/appeal-filing.js';
import type { GovernanceEvent } from '../../../lambdas/domain/governance/events.js';
import { DEFAULT_GOVERNANCE_SETTINGS } from '../../../lambdas/domain/governance/settings.js';
import { webhookBody } from '../../../lambdas/notify/events.js';
import { renderEmail } from '../../../lambdas/notify/templates.js';
import type { NotificationEvent } from '../../../lambdas/ports/notifications.js';
import type { ApplicationRecord } from '../../../lambdas/ports/repository.js';
import { AlreadyDecidedError } from '../../../lambdas/shared/errors.js';
import { appealTierChange, violationAppealDecided } from '../../../lambdas/usecases/governance-notify.js';
import type { Actor } from '../../../lambdas/usecases/portal/access.js';
import { decideViolationAppeal } from '../../../lambdas/usecases/portal/health-appeals-ops.js';

const AT = '2026-12-04T02:00:00.000Z';
const PORTAL = 'https://portal.example.com';
const filing: AppealFiling = {
  violationId: 'ops:v1',
  uscc: '91310000MA1K000001',
  applicationId: 'app-1',
  date: '2026-11-20',
  filedAt: '2026-11-20T03:00:00.000Z',
  filedBy: 'seller-sub-1',
  statement: 'bought from the brand owner',
  evidence: [],
};
const decided = (outcome: 'uphold' | 'dismiss'): Parameters<typeof violationAppealDecided>[0] => ({
  ...filing,
  decision: { outcome, note: 'invoices check out', decidedOn: '2026-12-04', decidedBy: 'ops-sub-9' },
});

describe('application.appeal_decided for an appeal of a violation', () => {
  it.each([
    [
      'uphold',
      'zh',
      '违规 ops:v1 的申诉已处理',
      '2026-12-04 申诉结果：成立，该违规已撤销，等级与健康分已重新计算。处理说明：invoices check out',
    ],
    [
      'uphold',
      'en',
      'Appeal of violation ops:v1 decided',
      'Outcome (2026-12-04): upheld; the violation is voided and your tier and score recomputed. Note: invoices check out',
    ],
    [
      'dismiss',
      'zh',
      '违规 ops:v1 的申诉已处理',
      '2026-12-04 申诉结果：驳回，违规记录不变。处理说明：invoices check out',
    ],
    [
      'dismiss',
      'en',
      'Appeal of violation ops:v1 decided',
      'Outcome (2026-12-04): dismissed; the violation stands. Note: invoices check out',
    ],
  ] as const)(
    '%s in %s: the outcome and ops note, linked to the health page',
    (outcome, lang, subject, detail) => {
      const mail = renderEmail(violationAppealDecided(decided(outcome), AT), lang, PORTAL);
      expect(mail.subject).toBe(subject);
      expect(mail.text.split('\n\n')[1]).toBe(detail);
      expect(mail.text).toContain(`${PORTAL}/#/health`);
    },
  );

  it('keeps the admission appeal email as it was (no violationId: its round)', () => {
    const e: NotificationEvent = {
      id: 'app-1:application.appeal_decided:1',
      type: 'application.appeal_decided',
      occurredAt: AT,
      recipient: { kind: 'seller', applicationId: 'app-1' },
      data: { applicationId: 'app-1', round: 1, outcome: 'uphold' },
    };
    expect(renderEmail(e, 'en', PORTAL).subject).toBe('Appeal on application app-1 decided');
    expect(renderEmail(e, 'en', PORTAL).text).toContain('Outcome: upheld, the application goes on.');
    expect(renderEmail(e, 'en', PORTAL).text).toContain(`${PORTAL}/#/applications/app-1`);
  });

  it('has a stable id per appeal and says nothing of who decided it', () => {
    const e = violationAppealDecided(decided('dismiss'), AT);
    expect(e.id).toBe('app-1:application.appeal_decided:violation:ops:v1');
    expect(violationAppealDecided(decided('dismiss'), '2026-12-05T00:00:00.000Z').id).toBe(e.id);
    expect(e.recipient).toEqual({ kind: 'seller', applicationId: 'app-1' });
    const body = JSON.parse(webhookBody(e));
    expect(body).toEqual({
      id: e.id,
      type: 'application.appeal_decided',
      createdAt: AT,
      data: {
        applicationId: 'app-1',
        violationId: 'ops:v1',
        outcome: 'dismiss',
        note: 'invoices check out',
        date: '2026-12-04',
      },
    });
    expect(webhookBody(e)).not.toMatch(/ops-sub-9|seller-sub-1|brand owner|91310000MA1K000001/);
  });
});

/** The ops decision use case over fakes: the decision kept once, the outbox keeping each id once. */
function fakes() {
  let stored: AppealFiling = { ...filing };
  const outbox = new Map<string, NotificationEvent>();
  const record = {
    status: 'ADMITTED',
    application: { applicationId: 'app-1', seller: { uscc: filing.uscc, companyName: 'X' } },
  } as unknown as ApplicationRecord;
  // The ledger: the seller admitted, one minor violation (WARNED), and the appeal once decided.
  const ledger: GovernanceEvent[] = [
    {
      type: 'admitted',
      applicationId: 'app-1',
      uscc: filing.uscc,
      date: '2026-01-10',
      category: 'home',
      skus: ['SKU-1'],
    },
    {
      type: 'violation',
      violationId: 'ops:v1',
      uscc: filing.uscc,
      date: '2026-11-18',
      severity: 'minor',
      skus: ['SKU-1'],
    },
  ];
  const c = {
    portal: { getDraft: async () => null },
    applications: { get: async () => record },
    governanceEvents: {
      appealFilings: async () => [stored],
      decideAppeal: async (f: AppealFiling, event: GovernanceEvent) => {
        if (stored.decision) return false;
        stored = f;
        ledger.push(event);
        return true;
      },
      forUscc: async () => [...ledger],
    },
    notifications: {
      publish: async (e: NotificationEvent) => {
        if (outbox.has(e.id)) return false;
        outbox.set(e.id, e);
        return true;
      },
    },
    clock: { now: () => new Date(AT) },
  } as unknown as Container;
  return { c, outbox };
}

const ops: Actor = { sub: 'ops-sub-9', groups: ['ops'] } as unknown as Actor;

describe('ops deciding an appeal of a violation tells the seller once', () => {
  it.each([
    ['uphold', 'uphold'],
    ['dismiss', 'dismiss'],
  ] as const)('%s: one event; a second decision is 409 and adds none', async (_name, outcome) => {
    const { c, outbox } = fakes();
    const req = { violationId: 'ops:v1', outcome, note: 'invoices check out' };
    await decideViolationAppeal(c, ops, 'app-1', req);
    await expect(decideViolationAppeal(c, ops, 'app-1', req)).rejects.toBeInstanceOf(AlreadyDecidedError);
    const decided = [...outbox.values()].filter((e) => e.type === 'application.appeal_decided');
    expect(decided.map((e) => [e.id, e.data.outcome, e.data.note])).toEqual([
      ['app-1:application.appeal_decided:violation:ops:v1', outcome, 'invoices check out'],
    ]);
    // Upheld, the only violation is voided: WARNED to GOOD, told once; dismissed, nothing changes.
    const tiers = [...outbox.values()].filter((e) => e.type === 'seller.tier_changed');
    expect(tiers.map((e) => [e.data.previousTier, e.data.tier])).toEqual(
      outcome === 'uphold' ? [['WARNED', 'GOOD']] : [],
    );
  });

  it('a decision stored before its event went out (a crash) is told when ops press again', async () => {
    const { c, outbox } = fakes();
    const req = { violationId: 'ops:v1', outcome: 'uphold' as const, note: 'first note' };
    const publish = c.notifications.publish;
    c.notifications.publish = async () => {
      throw new Error('crashed before the event');
    };
    await expect(decideViolationAppeal(c, ops, 'app-1', req)).rejects.toThrow(/crashed/);
    c.notifications.publish = publish;
    // Pressed again (even with another note): 409, and the stored decision is told.
    await expect(decideViolationAppeal(c, ops, 'app-1', { ...req, note: 'other' })).rejects.toBeInstanceOf(
      AlreadyDecidedError,
    );
    expect(
      [...outbox.values()].map((e) => [e.type, e.data.outcome ?? e.data.tier, e.data.note ?? null]),
    ).toEqual([
      ['application.appeal_decided', 'uphold', 'first note'],
      ['seller.tier_changed', 'GOOD', null],
    ]);
  });
});

describe('seller.tier_changed from an appeal decision', () => {
  const admitted = {
    type: 'admitted' as const,
    applicationId: 'app-1',
    uscc: filing.uscc,
    date: '2026-01-10',
    category: 'home' as const,
    skus: ['SKU-1'],
  };
  const violation = (violationId: string, severity: 'minor' | 'serious') => ({
    type: 'violation' as const,
    violationId,
    uscc: filing.uscc,
    date: '2026-11-18',
    severity,
    skus: ['SKU-1'],
  });
  const appeal = (violationId: string, outcome: 'uphold' | 'dismiss') => ({
    type: 'appeal' as const,
    violationId,
    date: '2026-11-20',
    outcome,
  });
  it.each([
    [
      'one minor violation upheld: WARNED to GOOD',
      [violation('v1', 'minor')],
      appeal('v1', 'uphold'),
      ['WARNED', 'GOOD'],
    ],
    [
      'one serious violation upheld: RESTRICTED to GOOD',
      [violation('v1', 'serious')],
      appeal('v1', 'uphold'),
      ['RESTRICTED', 'GOOD'],
    ],
    [
      'two minor, one upheld: RESTRICTED to WARNED',
      [violation('v1', 'minor'), violation('v2', 'minor')],
      appeal('v2', 'uphold'),
      ['RESTRICTED', 'WARNED'],
    ],
    ['dismissed: nothing changes', [violation('v1', 'minor')], appeal('v1', 'dismiss'), null],
    [
      'upheld, the tier the same: nothing to tell',
      [violation('v1', 'serious'), violation('v2', 'serious')],
      appeal('v2', 'uphold'),
      null,
    ],
  ] as const)('%s', (_name, violations, decided, tiers) => {
    // The ledger as the store holds it once the decision is written: the appeal in it.
    const history = [admitted, ...violations, decided];
    const events = appealTierChange(history, decided, 'app-1', '2026-12-04', AT, DEFAULT_GOVERNANCE_SETTINGS);
    if (!tiers) return expect(events).toEqual([]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      id: `app-1:seller.tier_changed:2026-12-04:${tiers[1]}`,
      type: 'seller.tier_changed',
      data: { previousTier: tiers[0], tier: tiers[1], date: '2026-12-04' },
    });
    // Told again (a repeat of the decision), the same event id.
    expect(
      appealTierChange(history, decided, 'app-1', '2026-12-04', AT, DEFAULT_GOVERNANCE_SETTINGS),
    ).toEqual(events);
  });
});
