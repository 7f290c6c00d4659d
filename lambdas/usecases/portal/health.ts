/**
 * Sellers' health after admission (SPEC "After admission"): the seller's page and diagnostic
 * report, and ops' list of sellers at risk. Read by Query only: a seller's applications by its
 * owner index, admitted ones by the status index, each seller's history by its USCC partition.
 */
import type { Container } from '../../adapters/container.js';
import { chinaDateOf } from '../../domain/calendar.js';
import type { GovernanceEvent } from '../../domain/governance/events.js';
import { type SellerHealth, sellerHealth } from '../../domain/governance/health.js';
import { DEFAULT_GOVERNANCE_SETTINGS } from '../../domain/governance/settings.js';
import type { ApplicationRecord } from '../../ports/repository.js';
import { NotFoundError } from '../../shared/errors.js';
import { type Actor, visibleApplication } from './access.js';

export interface ApplicationHealth extends SellerHealth {
  companyName: string;
}

const today = (c: Container) => chinaDateOf(c.clock.now().toISOString());

/**
 * The history of the record's seller. An application admitted before the platform recorded
 * admissions has no `admitted` event: it is read as admitted on the day its audit trail says.
 */
async function historyOf(c: Container, record: ApplicationRecord, cache?: Map<string, GovernanceEvent[]>) {
  const { uscc } = record.application.seller;
  let events = cache?.get(uscc);
  if (!events) {
    events = await c.governanceEvents.forUscc(uscc);
    cache?.set(uscc, events);
  }
  const id = record.application.applicationId;
  if (events.some((e) => e.type === 'admitted' && e.applicationId === id)) return events;
  const audit = await c.applications.listEvents(id);
  const at = audit.find((e) => e.action === 'admitted')?.at ?? record.updatedAt;
  return [
    ...events,
    {
      type: 'admitted' as const,
      applicationId: id,
      uscc,
      date: chinaDateOf(at),
      category: record.application.category,
      skus: record.application.skus.map((s) => s.sku),
    },
  ];
}

export async function healthOfRecord(
  c: Container,
  record: ApplicationRecord,
  asOf: string,
  cache?: Map<string, GovernanceEvent[]>,
): Promise<ApplicationHealth | null> {
  if (record.status !== 'ADMITTED') return null;
  const events = await historyOf(c, record, cache);
  const health = sellerHealth(events, record.application.applicationId, asOf, DEFAULT_GOVERNANCE_SETTINGS);
  return health && { ...health, companyName: record.application.seller.companyName };
}

/** The seller's admitted applications, each with its health as of today in China. */
export async function myHealth(c: Container, actor: Actor): Promise<ApplicationHealth[]> {
  const asOf = today(c);
  const out: ApplicationHealth[] = [];
  const cache = new Map<string, GovernanceEvent[]>();
  for (const id of await c.portal.listOwned(actor.sub)) {
    const record = await c.applications.get(id);
    const health = record && (await healthOfRecord(c, record, asOf, cache));
    if (health) out.push(health);
  }
  return out.sort((a, b) => a.applicationId.localeCompare(b.applicationId));
}

/** The diagnostic report (问题诊断报告) of one admitted application its owner or ops may read. */
export async function healthReport(c: Container, actor: Actor, applicationId: string) {
  const { record } = await visibleApplication(c, actor, applicationId);
  const health = record && (await healthOfRecord(c, record, today(c)));
  if (!health) throw new NotFoundError(`application ${applicationId} has no health: it is not admitted`);
  return { report: 'diagnostic', generatedAt: c.clock.now().toISOString(), ...health };
}

/** Admitted sellers below the at-risk score or not GOOD, lowest score first. */
export async function atRiskSellers(c: Container) {
  const asOf = today(c);
  const cache = new Map<string, GovernanceEvent[]>();
  const rows = [];
  for (const id of await c.applications.listByStatus('ADMITTED')) {
    const record = await c.applications.get(id);
    const h = record && (await healthOfRecord(c, record, asOf, cache));
    if (!h || (!h.atRisk && h.tier === 'GOOD')) continue;
    rows.push({
      applicationId: h.applicationId,
      uscc: h.uscc,
      companyName: h.companyName,
      tier: h.tier,
      healthScore: h.healthScore,
      atRisk: h.atRisk,
      violationsCounted: h.violationsCounted,
      delistedSkus: h.delistedSkus.length,
    });
  }
  return {
    asOf,
    atRiskBelow: DEFAULT_GOVERNANCE_SETTINGS.atRiskBelow,
    sellers: rows.sort(
      (a, b) => a.healthScore - b.healthScore || a.applicationId.localeCompare(b.applicationId),
    ),
  };
}
