/**
 * What a seller is told when ops record violations (SPEC "Telling people"): each new violation,
 * a change of tier, and falling at risk. Decided from the history without this batch and with it,
 * so a retried or re-run batch (whose events the store holds already) makes the same events with
 * the same ids, which the outbox keeps once.
 */
import type { GovernanceEvent, ViolationEvent } from '../domain/governance/events.js';
import { sellerHealth } from '../domain/governance/health.js';
import type { GovernanceSettings } from '../domain/governance/settings.js';
import { sellerEvent } from '../notify/events.js';
import type { NotificationEvent } from '../ports/notifications.js';

export function governanceNotifications(
  history: readonly GovernanceEvent[],
  batch: readonly ViolationEvent[],
  asOf: string,
  at: string,
  settings: GovernanceSettings,
): NotificationEvent[] {
  const batchIds = new Set(batch.map((v) => v.violationId));
  const isBatch = (e: GovernanceEvent) => e.type === 'violation' && batchIds.has(e.violationId);
  const before = history.filter((e) => !isBatch(e));
  const after = [...before, ...batch];
  const known = new Set(before.flatMap((e) => (e.type === 'violation' ? [e.violationId] : [])));
  const out: NotificationEvent[] = [];
  for (const admission of before) {
    if (admission.type !== 'admitted' || admission.date > asOf) continue;
    const id = admission.applicationId;
    const was = sellerHealth(before, id, asOf, settings);
    const now = sellerHealth(after, id, asOf, settings);
    if (!was || !now) continue;
    const seen = new Set<string>();
    for (const v of batch) {
      if (known.has(v.violationId) || seen.has(v.violationId) || v.date < admission.date) continue;
      seen.add(v.violationId);
      out.push(
        sellerEvent(id, 'seller.violation_recorded', v.violationId, at, {
          violationId: v.violationId,
          date: v.date,
          severity: v.severity,
          ...(v.skus ? { skus: v.skus } : {}),
          tier: now.tier,
          healthScore: now.healthScore,
        }),
      );
    }
    if (now.tier !== was.tier) {
      out.push(
        sellerEvent(id, 'seller.tier_changed', `${asOf}:${now.tier}`, at, {
          tier: now.tier,
          previousTier: was.tier,
          healthScore: now.healthScore,
          date: asOf,
        }),
      );
    }
    if (now.atRisk && !was.atRisk) {
      out.push(
        sellerEvent(id, 'seller.at_risk', asOf, at, {
          tier: now.tier,
          healthScore: now.healthScore,
          date: asOf,
        }),
      );
    }
  }
  return out;
}
