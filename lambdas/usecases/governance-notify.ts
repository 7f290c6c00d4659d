/**
 * What a seller is told when ops record violations (SPEC "Telling people"): each new violation,
 * a change of tier, and falling at risk. Decided from the history without this batch and with it,
 * so a retried or re-run batch (whose events the store holds already) makes the same events with
 * the same ids, which the outbox keeps once.
 */
import type { AppealFiling } from '../domain/governance/appeal-filing.js';
import type { AppealEvent, GovernanceEvent, ViolationEvent } from '../domain/governance/events.js';
import { type SellerHealth, sellerHealth } from '../domain/governance/health.js';
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
    if (now.tier !== was.tier) out.push(tierChanged(id, was, now, asOf, at));
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

/**
 * The seller is told ops decided its appeal of a violation (`application.appeal_decided`, SPEC
 * "Telling people"): once per appeal, its id from the violation (`…:violation:<violationId>`, apart
 * from an admission appeal's rounds), its facts from the stored decision, so a repeat of the
 * decision (or a retry after a crash) makes the same event. Only what the seller owns: the
 * violation, the outcome, ops' note to the seller and the day; never who decided.
 */
export function violationAppealDecided(
  filing: AppealFiling & { decision: NonNullable<AppealFiling['decision']> },
  at: string,
): NotificationEvent {
  return sellerEvent(
    filing.applicationId,
    'application.appeal_decided',
    `violation:${filing.violationId}`,
    at,
    {
      violationId: filing.violationId,
      outcome: filing.decision.outcome,
      note: filing.decision.note,
      date: filing.decision.decidedOn,
    },
  );
}

/**
 * A change of tier an appeal's decision made (an upheld appeal voids its violation: a delisting
 * it caused is lifted, a ban may end): `seller.tier_changed`, decided from the history without
 * the appeal and with it, as for recorded violations (the same id scheme, so a repeat is kept once).
 */
export function appealTierChange(
  history: readonly GovernanceEvent[],
  appeal: AppealEvent,
  applicationId: string,
  asOf: string,
  at: string,
  settings: GovernanceSettings,
): NotificationEvent[] {
  const isThis = (e: GovernanceEvent) => e.type === 'appeal' && e.violationId === appeal.violationId;
  const before = history.filter((e) => !isThis(e));
  const was = sellerHealth(before, applicationId, asOf, settings);
  const now = sellerHealth([...before, appeal], applicationId, asOf, settings);
  if (!was || !now || now.tier === was.tier) return [];
  return [tierChanged(applicationId, was, now, asOf, at)];
}

/** `seller.tier_changed`, its id from the day and the new tier (a repeat is kept once). */
function tierChanged(
  applicationId: string,
  was: SellerHealth,
  now: SellerHealth,
  asOf: string,
  at: string,
): NotificationEvent {
  return sellerEvent(applicationId, 'seller.tier_changed', `${asOf}:${now.tier}`, at, {
    tier: now.tier,
    previousTier: was.tier,
    healthScore: now.healthScore,
    date: asOf,
  });
}
