import { describe, expect, it } from 'vitest';
import type { Container } from '../../../lambdas/adapters/container.js';
import type { GovernanceEvent } from '../../../lambdas/domain/governance/events.js';
import type { ApplicationRecord, ViolationRecord } from '../../../lambdas/ports/repository.js';
import { recordAdmittedEvent, recordOpsViolations } from '../../../lambdas/usecases/governance.js';

/** A store that keeps the same event twice as one, as the DynamoDB adapter does. */
function fakeContainer(auditAt?: string) {
  const events = new Map<string, Map<string, GovernanceEvent>>();
  const checks: ViolationRecord[] = [];
  const c = {
    governanceEvents: {
      append: async (uscc: string, list: readonly GovernanceEvent[]) => {
        const mine = events.get(uscc) ?? new Map();
        events.set(uscc, mine);
        let added = 0;
        for (const e of list) {
          if (!mine.has(JSON.stringify(e))) added++;
          mine.set(JSON.stringify(e), e);
        }
        return added;
      },
      forUscc: async (uscc: string) => [...(events.get(uscc)?.values() ?? [])],
    },
    violations: {
      put: async (r: ViolationRecord[]) => {
        checks.push(...r);
        return r.length;
      },
      forUscc: async () => [],
    },
    applications: {
      listEvents: async () => (auditAt ? [{ at: auditAt, actor: 'workflow', action: 'admitted' }] : []),
    },
    // Violation records tell the seller (governance-notify.ts); no notifications port: none sent.
    clock: { now: () => new Date('2026-11-22T02:00:00.000Z') },
  } as unknown as Container;
  return { c, events, checks };
}

const record = {
  status: 'ADMITTED',
  application: {
    applicationId: 'app-1',
    seller: { uscc: 'U1', companyName: 'X' },
    category: 'home',
    skus: [{ sku: 'H-1' }, { sku: 'H-2' }],
  },
} as unknown as ApplicationRecord;

describe('governance events recorded by the platform', () => {
  it('records the admission on its China day, once however often it runs', async () => {
    const { c, events } = fakeContainer('2026-11-19T17:00:00.000Z');
    // 17:00 UTC is 01:00 the next day in China.
    await recordAdmittedEvent(c, record, '2026-11-19T17:00:00.000Z', false);
    await recordAdmittedEvent(c, record, '2026-11-25T03:00:00.000Z', true);
    expect([...(events.get('U1')?.values() ?? [])]).toEqual([
      {
        type: 'admitted',
        applicationId: 'app-1',
        uscc: 'U1',
        date: '2026-11-20',
        category: 'home',
        skus: ['H-1', 'H-2'],
      },
    ]);
  });

  it('records a violation event only for a USCC with an admission, and the check record as before', async () => {
    const { c, events, checks } = fakeContainer();
    await recordAdmittedEvent(c, record, '2026-11-20T01:00:00.000Z', false);
    const rows = [
      { uscc: 'U1', date: '2026-11-21', severity: 'minor' as const, type: 'late_shipment', skus: ['H-1'] },
      { uscc: 'U2', date: '2026-11-21', severity: 'serious' as const },
    ];
    expect(await recordOpsViolations(c, rows)).toEqual({ loaded: 2, governed: 1 });
    await recordOpsViolations(c, rows);
    expect(checks[0]).toEqual({ uscc: 'U1', date: '2026-11-21', severity: 'minor', type: 'late_shipment' });
    const u1 = [...(events.get('U1')?.values() ?? [])].filter((e) => e.type === 'violation');
    expect(u1).toHaveLength(1);
    expect(u1[0]).toMatchObject({ severity: 'minor', skus: ['H-1'], violationType: 'late_shipment' });
    expect((u1[0] as { violationId: string }).violationId).toMatch(/^ops:U1:2026-11-21:[0-9a-f]{16}$/);
    expect(events.get('U2')).toBeUndefined();
  });
});
