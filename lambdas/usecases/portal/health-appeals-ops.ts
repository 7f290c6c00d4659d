/**
 * Ops' side of sellers' appeals of violations (SPEC "After admission"): the open ones with their
 * evidence, and the decision, recorded with the ledger's `appeal` event (upheld: the violation is
 * voided and the tier recomputed from the history; dismissed: nothing changes). Apart from the
 * seller's side so the ops function does not bundle the upload checks.
 */
import type { Container } from '../../adapters/container.js';
import { chinaDateOf } from '../../domain/calendar.js';
import { decideAppeal, findViolation } from '../../domain/governance/appeal-filing.js';
import type { AppealOutcome } from '../../domain/governance/events.js';
import { DEFAULT_GOVERNANCE_SETTINGS } from '../../domain/governance/settings.js';
import { AlreadyDecidedError, NotFoundError } from '../../shared/errors.js';
import { appealTierChange, violationAppealDecided } from '../governance-notify.js';
import { emit } from '../notify.js';
import { type Actor, visibleApplication } from './access.js';
import { refused } from './health-refusal.js';

const settings = DEFAULT_GOVERNANCE_SETTINGS;
const today = (c: Container) => chinaDateOf(c.clock.now().toISOString());

/** Appeals waiting for ops, oldest first, each with its violation and its evidence (read by evidenceLink). */
export async function openAppeals(c: Container) {
  const seen = new Set<string>();
  const rows = [];
  for (const id of await c.applications.listByStatus('ADMITTED')) {
    const record = await c.applications.get(id);
    const uscc = record?.application.seller.uscc;
    if (!record || !uscc || seen.has(uscc)) continue;
    seen.add(uscc);
    const filings = (await c.governanceEvents.appealFilings(uscc)).filter((f) => !f.decision);
    if (filings.length === 0) continue;
    const events = await c.governanceEvents.forUscc(uscc);
    for (const f of filings) {
      const v = findViolation(events, f.violationId, '9999-12-31', settings);
      const evidence = f.evidence.map(({ evidenceId, kind, file, size }) => ({
        evidenceId,
        kind,
        file,
        size,
      }));
      rows.push({
        applicationId: f.applicationId,
        companyName: record.application.seller.companyName,
        uscc,
        violationId: f.violationId,
        violation: v && {
          date: v.date,
          severity: v.severity,
          impact: v.impact ?? null,
          type: v.violationType ?? null,
          skus: v.skus ?? [],
        },
        filedOn: f.date,
        statement: f.statement,
        evidence,
      });
    }
  }
  return {
    appeals: rows.sort(
      (a, b) => a.filedOn.localeCompare(b.filedOn) || a.violationId.localeCompare(b.violationId),
    ),
  };
}

/** Ops decide an open appeal: upheld voids the violation (tier recomputed), dismissed changes nothing. */
export async function decideViolationAppeal(
  c: Container,
  actor: Actor,
  applicationId: string,
  req: { violationId: string; outcome: AppealOutcome; note: string },
) {
  const { record } = await visibleApplication(c, actor, applicationId);
  if (record?.status !== 'ADMITTED') throw new NotFoundError(`application ${applicationId} is not admitted`);
  const uscc = record.application.seller.uscc;
  const filing = (await c.governanceEvents.appealFilings(uscc)).find(
    (f) => f.violationId === req.violationId,
  );
  const at = c.clock.now().toISOString();
  // The decision, and the tier it changed (from the ledger, which holds the appeal by now).
  const tell = async (f: Parameters<typeof violationAppealDecided>[0]) => {
    await emit(c, violationAppealDecided(f, at));
    const appeal = {
      type: 'appeal' as const,
      violationId: f.violationId,
      date: f.date,
      outcome: f.decision.outcome,
    };
    const history = await c.governanceEvents.forUscc(uscc);
    for (const e of appealTierChange(history, appeal, applicationId, today(c), at, settings))
      await emit(c, e);
  };
  // Decided already: the seller is told from the stored decision (the same event id, a no-op
  // unless the request that decided it stopped between its write and its event).
  const tellStored = async (f: typeof filing) => {
    if (f?.decision) await tell({ ...f, decision: f.decision });
  };
  const decided = decideAppeal(filing, req.outcome);
  if (!decided.ok) {
    await tellStored(filing);
    throw refused(decided.refusal);
  }
  if (!filing) throw new NotFoundError('violationId: no appeal was filed for this violation');
  const decision = { outcome: req.outcome, note: req.note, decidedOn: today(c), decidedBy: actor.sub };
  if (!(await c.governanceEvents.decideAppeal({ ...filing, decision }, decided.value))) {
    // A concurrent request decided it first.
    await tellStored(
      (await c.governanceEvents.appealFilings(uscc)).find((f) => f.violationId === req.violationId),
    );
    throw new AlreadyDecidedError(`violationId: the appeal of ${req.violationId} was decided already`);
  }
  await tell({ ...filing, decision });
  return { violationId: req.violationId, outcome: req.outcome, decidedOn: decision.decidedOn };
}
