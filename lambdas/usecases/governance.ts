/**
 * Recording governance events (SPEC "After admission"): the admission that starts a seller's
 * history and the violations ops record against an admitted seller. Events are appended, never
 * edited; the store keeps the same event twice as one item, so a re-run records nothing new.
 * The seller is told of each new violation, a change of tier and falling at risk.
 */
import { createHash } from 'node:crypto';
import type { Container } from '../adapters/container.js';
import { chinaDateOf } from '../domain/calendar.js';
import type { AdmittedEvent, ViolationEvent } from '../domain/governance/events.js';
import { DEFAULT_GOVERNANCE_SETTINGS } from '../domain/governance/settings.js';
import type { ApplicationRecord, ViolationRecord } from '../ports/repository.js';
import { governanceNotifications } from './governance-notify.js';
import { emit } from './notify.js';
import type { ViolationsSchema } from './schemas.js';

type OpsViolation = ReturnType<typeof ViolationsSchema.parse>[number];

/**
 * The `admitted` event of an application just admitted. `wasAdmitted`: the record read before this
 * run was ADMITTED already (a re-run): the day is the one its audit trail says it was admitted on,
 * so the event is the same one and the store keeps one item.
 */
export async function recordAdmittedEvent(
  c: Container,
  record: ApplicationRecord,
  at: string,
  wasAdmitted: boolean,
): Promise<void> {
  const app = record.application;
  let when = at;
  if (wasAdmitted) {
    const audit = await c.applications.listEvents(app.applicationId);
    when = audit.find((e) => e.action === 'admitted')?.at ?? at;
  }
  const event: AdmittedEvent = {
    type: 'admitted',
    applicationId: app.applicationId,
    uscc: app.seller.uscc,
    date: chinaDateOf(when),
    category: app.category,
    skus: app.skus.map((s) => s.sku),
  };
  await c.governanceEvents.append(app.seller.uscc, [event]);
}

/** An ops record without an id is named by its content: the same record twice is one violation. */
export function opsViolationId(v: OpsViolation): string {
  const { violationId: _id, ...rest } = v;
  const digest = createHash('sha256').update(JSON.stringify(rest)).digest('hex').slice(0, 16);
  return `ops:${v.uscc}:${v.date}:${digest}`;
}

export function violationEvent(v: OpsViolation): ViolationEvent {
  return {
    type: 'violation',
    violationId: v.violationId ?? opsViolationId(v),
    uscc: v.uscc,
    date: v.date,
    severity: v.severity,
    ...(v.impact ? { impact: v.impact } : {}),
    ...(v.skus ? { skus: v.skus } : {}),
    ...(v.type ? { violationType: v.type } : {}),
    ...(v.note ? { note: v.note } : {}),
  };
}

/**
 * Ops' violation records: kept for the admission checks as before (uscc, date, severity, impact,
 * type, note), and, for a USCC with an admission in the governance history, also a `violation`
 * event. A USCC without one is still an applicant: its records are for the checks only.
 */
export async function recordOpsViolations(
  c: Container,
  records: readonly OpsViolation[],
): Promise<{ loaded: number; governed: number }> {
  const checks: ViolationRecord[] = records.map(({ uscc, date, severity, impact, type, note }) => ({
    uscc,
    date,
    severity,
    ...(impact ? { impact } : {}),
    ...(type !== undefined ? { type } : {}),
    ...(note !== undefined ? { note } : {}),
  }));
  const loaded = await c.violations.put(checks);
  const byUscc = new Map<string, ViolationEvent[]>();
  for (const r of records) {
    const list = byUscc.get(r.uscc) ?? [];
    list.push(violationEvent(r));
    byUscc.set(r.uscc, list);
  }
  let governed = 0;
  for (const [uscc, events] of byUscc) {
    const history = await c.governanceEvents.forUscc(uscc);
    if (!history.some((e) => e.type === 'admitted')) continue;
    await c.governanceEvents.append(uscc, events);
    governed += events.length;
    // After the append: a crash before it tells nobody of events not recorded; a retry after it
    // decides from the same history and makes the same event ids.
    const at = c.clock.now().toISOString();
    await emit(
      c,
      ...governanceNotifications(history, events, chinaDateOf(at), at, DEFAULT_GOVERNANCE_SETTINGS),
    );
  }
  return { loaded, governed };
}
