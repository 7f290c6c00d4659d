import { describe, expect, it } from 'vitest';
import type { GovernanceEvent, ViolationEvent } from '../../../lambdas/domain/governance/events.js';
import { DEFAULT_GOVERNANCE_SETTINGS } from '../../../lambdas/domain/governance/settings.js';
import { renderEmail } from '../../../lambdas/notify/templates.js';
import { governanceNotifications } from '../../../lambdas/usecases/governance-notify.js';
import { statementIssuedEvents } from '../../../lambdas/usecases/statement-notify.js';

const USCC = '91310000MA1K000001';
const AT = '2026-12-04T02:00:00.000Z';
const admitted: GovernanceEvent = {
  type: 'admitted',
  applicationId: 'app-1',
  uscc: USCC,
  date: '2026-10-01',
  category: 'home',
  skus: ['SKU-1', 'SKU-2'],
};
const violation = (id: string, date: string, severity: 'minor' | 'serious' = 'minor'): ViolationEvent => ({
  type: 'violation',
  violationId: id,
  uscc: USCC,
  date,
  severity,
  skus: ['SKU-1'],
});
const v1 = violation('ops:1', '2026-11-01');
const v2 = violation('ops:2', '2026-11-20');

const tell = (history: GovernanceEvent[], batch: ViolationEvent[]) =>
  governanceNotifications(history, batch, '2026-12-04', AT, DEFAULT_GOVERNANCE_SETTINGS).map((e) => [
    e.id,
    e.data.tier,
    e.data.previousTier,
  ]);

describe('what a seller is told when ops record violations', () => {
  it.each([
    [
      'the first violation: recorded, GOOD → WARNED',
      [admitted],
      [v1],
      [
        ['app-1:seller.violation_recorded:ops:1', 'WARNED', undefined],
        ['app-1:seller.tier_changed:2026-12-04:WARNED', 'WARNED', 'GOOD'],
      ],
    ],
    [
      'a retry of that batch (already in the store): the same ids',
      [admitted, v1],
      [v1],
      [
        ['app-1:seller.violation_recorded:ops:1', 'WARNED', undefined],
        ['app-1:seller.tier_changed:2026-12-04:WARNED', 'WARNED', 'GOOD'],
      ],
    ],
    [
      'the second: RESTRICTED and at risk',
      [admitted, v1],
      [v2],
      [
        ['app-1:seller.violation_recorded:ops:2', 'RESTRICTED', undefined],
        ['app-1:seller.tier_changed:2026-12-04:RESTRICTED', 'RESTRICTED', 'WARNED'],
        ['app-1:seller.at_risk:2026-12-04', 'RESTRICTED', undefined],
      ],
    ],
    ['no admission: nobody to tell', [], [v1], []],
    [
      'a violation twice in one batch: told once',
      [admitted, v1, v2],
      [v2, v2],
      [
        ['app-1:seller.violation_recorded:ops:2', 'RESTRICTED', undefined],
        ['app-1:seller.tier_changed:2026-12-04:RESTRICTED', 'RESTRICTED', 'WARNED'],
        ['app-1:seller.at_risk:2026-12-04', 'RESTRICTED', undefined],
      ],
    ],
  ] as const)('%s', (_name, history, batch, expected) => {
    expect(tell([...history], [...batch])).toEqual(expected);
  });

  it('says only what the seller owns: ids, day, severity, SKUs, tier and score', () => {
    const [e] = governanceNotifications([admitted], [v1], '2026-12-04', AT, DEFAULT_GOVERNANCE_SETTINGS);
    expect(e?.recipient).toEqual({ kind: 'seller', applicationId: 'app-1' });
    expect(Object.keys(e?.data ?? {}).sort()).toEqual(
      ['applicationId', 'date', 'healthScore', 'severity', 'skus', 'tier', 'violationId'].sort(),
    );
  });
});

describe('statement.issued', () => {
  const issued = {
    period: '2026-11',
    issuedAt: AT,
    files: [
      { applicationId: 'app-1', currency: 'CNY' },
      { applicationId: 'app-1', currency: 'USD' },
      { applicationId: 'app-2', currency: 'CNY' },
    ],
  };
  it('one event per statement, its id from the period and currency', () => {
    expect(statementIssuedEvents(issued).map((e) => e.id)).toEqual([
      'app-1:statement.issued:2026-11:CNY',
      'app-1:statement.issued:2026-11:USD',
      'app-2:statement.issued:2026-11:CNY',
    ]);
    expect(statementIssuedEvents(issued)).toEqual(statementIssuedEvents(issued));
  });
});

describe('emails of the seller.* and statement events', () => {
  const [recorded, tier, risk] = governanceNotifications(
    [admitted, v1],
    [violation('ops:3', '2026-11-21', 'serious')],
    '2026-12-04',
    AT,
    DEFAULT_GOVERNANCE_SETTINGS,
  );
  const [statement] = statementIssuedEvents({
    period: '2026-11',
    issuedAt: AT,
    files: [{ applicationId: 'app-1', currency: 'CNY' }],
  });
  it.each([
    [recorded, 'zh', '违规记录：ops:3', '请在门户中查看整改要求', '#/health'],
    [recorded, 'en', 'Violation recorded: ops:3', 'See what to fix in the portal', '#/health'],
    [tier, 'zh', '店铺等级变更为', '请在门户中查看等级', '#/health'],
    [tier, 'en', 'Your tier is now', 'See in the portal what the tier means', '#/health'],
    [risk, 'zh', '店铺健康分低于风险线', '请尽快在门户中查看待办事项', '#/health'],
    [risk, 'en', 'Your store is at risk', 'Please see what to do', '#/health'],
    [statement, 'zh', '2026-11 结算单已出（CNY）', '无需操作。', '#/applications/app-1'],
    [statement, 'en', 'Statement for 2026-11 issued (CNY)', 'Nothing to do.', '#/applications/app-1'],
  ] as const)('%#: %s in %s', (event, lang, subject, first, link) => {
    expect(event).toBeDefined();
    const mail = renderEmail(event as NonNullable<typeof event>, lang, 'https://p.example/');
    expect(mail.subject).toContain(subject);
    expect(mail.text.split('\n')[0]).toContain(first);
    expect(mail.text).toContain(`https://p.example/${link}`);
    expect(mail.html).toContain(link);
  });
});
