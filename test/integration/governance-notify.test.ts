/**
 * Ops' violation records tell the seller (issue 19) over the emulators: the admission in the
 * governance history, two violations recorded through the use case ops' API runs, the batch
 * recorded again (a retry); the outbox in DynamoDB Local holds each event id once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDateOf } from '../../lambdas/domain/calendar.js';
import { sellerEvent } from '../../lambdas/notify/events.js';
import { recordOpsViolations } from '../../lambdas/usecases/governance.js';
import type { Platform } from '../../local/platform.js';
import { testPlatform } from '../support/platform.js';

const USCC = '91310000MA1K0NOTIF';
const APP = 'gov-notify';

describe('seller.* events from ops violation records', () => {
  let platform: Platform;
  beforeAll(async () => {
    platform = await testPlatform();
    await platform.container.governanceEvents.append(USCC, [
      {
        type: 'admitted',
        applicationId: APP,
        uscc: USCC,
        date: '2026-10-01',
        category: 'home',
        skus: ['S1'],
      },
    ]);
  }, 120_000);
  afterAll(async () => {
    await platform.stop();
  });

  /** True when the outbox holds the id already (a publish of it is then a no-op). */
  const recorded = async (type: Parameters<typeof sellerEvent>[1], occurrence: string) =>
    !(await platform.container.notifications.publish(
      sellerEvent(APP, type, occurrence, new Date().toISOString()),
    ));

  it('records each event once, a retried batch adding nothing', async () => {
    const batch = [
      { uscc: USCC, date: '2026-11-10', severity: 'minor' as const, violationId: 'ops:a', skus: ['S1'] },
      { uscc: USCC, date: '2026-11-15', severity: 'minor' as const, violationId: 'ops:b' },
    ];
    expect(await recordOpsViolations(platform.container, batch)).toEqual({ loaded: 2, governed: 2 });
    expect(await recordOpsViolations(platform.container, batch)).toEqual({ loaded: 2, governed: 2 });
    const day = chinaDateOf(platform.container.clock.now().toISOString());
    expect(await recorded('seller.violation_recorded', 'ops:a')).toBe(true);
    expect(await recorded('seller.violation_recorded', 'ops:b')).toBe(true);
    expect(await recorded('seller.tier_changed', `${day}:RESTRICTED`)).toBe(true);
    expect(await recorded('seller.at_risk', day)).toBe(true);
    // Nothing else was recorded under these keys (the first publish of an unknown id is new).
    expect(await recorded('seller.tier_changed', `${day}:WARNED`)).toBe(false);
  });
});
