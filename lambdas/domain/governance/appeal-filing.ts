/**
 * What a seller and ops may do about one violation from the portal (SPEC "After admission"):
 * confirm its fix, appeal it (once, within 14 days, *setting*, with evidence), and ops decide an
 * open appeal. Pure: the seller's stored history and its appeal filings in, a refusal naming the
 * field or the event to record out. The ledger's `appeal` event is recorded only when ops decide;
 * it carries the filing's date, so the 14 days are judged on the day the seller appealed.
 */
import { lastAppealDay } from './appeals.js';
import {
  type AppealEvent,
  type AppealOutcome,
  type FixConfirmedEvent,
  type GovernanceEvent,
  spotCheckViolation,
  type ViolationEvent,
} from './events.js';
import type { HealthViolation, TodoItem } from './health.js';
import type { GovernanceSettings } from './settings.js';

/** The evidence an appeal may carry (SPEC, `001_*`). */
export const EVIDENCE_KINDS = ['production_licence', 'purchase_invoices', 'drop_shipping_contract'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export interface AppealEvidence {
  evidenceId: string;
  kind: EvidenceKind;
  file: string;
  key: string;
  contentType: string;
  size: number;
  sha256: string;
}

/** A seller's appeal as filed, before ops decide it. Recorded once per violation. */
export interface AppealFiling {
  violationId: string;
  uscc: string;
  applicationId: string;
  /** The China day it was filed: the day the appeal window is judged on. */
  date: string;
  filedAt: string;
  filedBy: string;
  statement: string;
  evidence: AppealEvidence[];
  /** Set once ops decided it (the `appeal` event is recorded with the same facts). */
  decision?: { outcome: AppealOutcome; note: string; decidedOn: string; decidedBy: string };
}

/** A refusal: the field it concerns and why, for a 4xx that names it. */
export interface Refusal {
  status: 'not_found' | 'conflict' | 'rule';
  field: string;
  reason: string;
}

type Decided<T> = { ok: true; value: T } | { ok: false; refusal: Refusal };

const refuse = (status: Refusal['status'], field: string, reason: string) =>
  ({ ok: false, refusal: { status, field, reason } }) as const;

/** The violation the history records under this id (the first of it), dated on or before `asOf`. */
export function findViolation(
  events: readonly GovernanceEvent[],
  violationId: string,
  asOf: string,
  settings: GovernanceSettings,
): ViolationEvent | null {
  for (const e of events) {
    if (e.date > asOf) continue;
    const v = e.type === 'spot_check' ? spotCheckViolation(e, settings.safetyFindings) : e;
    if (v?.type === 'violation' && v.violationId === violationId) return v;
  }
  return null;
}

/** The seller confirms it fixed what the violation names: once, from today. */
export function confirmFix(
  events: readonly GovernanceEvent[],
  violationId: string,
  today: string,
  settings: GovernanceSettings,
): Decided<FixConfirmedEvent> {
  if (!findViolation(events, violationId, today, settings))
    return refuse('not_found', 'violationId', `no violation ${violationId} of this seller`);
  const fixed = events.find((e) => e.type === 'fix_confirmed' && e.violationId === violationId);
  if (fixed)
    return refuse('conflict', 'violationId', `the fix of ${violationId} was confirmed on ${fixed.date}`);
  return { ok: true, value: { type: 'fix_confirmed', violationId, date: today } };
}

/**
 * Whether the seller may appeal the violation today: it exists, is not appealed yet (a filing or
 * a recorded appeal), and today is within the window (the violation's date + 14 days included).
 */
export function mayAppeal(
  events: readonly GovernanceEvent[],
  filings: readonly AppealFiling[],
  violationId: string,
  today: string,
  settings: GovernanceSettings,
): Decided<ViolationEvent> {
  const v = findViolation(events, violationId, today, settings);
  if (!v) return refuse('not_found', 'violationId', `no violation ${violationId} of this seller`);
  const filed = filings.find((f) => f.violationId === violationId);
  const appealed = events.find((e): e is AppealEvent => e.type === 'appeal' && e.violationId === violationId);
  const first = filed?.date ?? appealed?.date;
  if (first) return refuse('conflict', 'violationId', `${violationId} was appealed on ${first}: once only`);
  const lastDay = lastAppealDay(v.date, settings);
  if (today > lastDay)
    return refuse(
      'rule',
      'violationId',
      `${violationId} (${v.date}) could be appealed until ${lastDay} (${settings.appealWindowDays} days)`,
    );
  return { ok: true, value: v };
}

/** Ops decide an open appeal: the ledger's `appeal` event, dated the day it was filed. */
export function decideAppeal(filing: AppealFiling | undefined, outcome: AppealOutcome): Decided<AppealEvent> {
  if (!filing) return refuse('not_found', 'violationId', 'no appeal was filed for this violation');
  if (filing.decision)
    return refuse('conflict', 'violationId', `the appeal was decided on ${filing.decision.decidedOn}`);
  return { ok: true, value: { type: 'appeal', violationId: filing.violationId, date: filing.date, outcome } };
}

/** What the seller's page shows of its appeal of a violation: filed, and decided once it is. */
export interface FiledAppealView {
  date: string;
  statement: string;
  evidence: { kind: EvidenceKind; file: string }[];
  decision: { outcome: AppealOutcome; note: string; decidedOn: string } | null;
}

/**
 * The seller's health with its appeal filings: each violation says whether it was appealed and
 * how it was decided; a filed one may not be appealed again, so its appeal-by day and "appeal"
 * to-do go.
 */
export function withFilings<H extends { violations: HealthViolation[]; todo: TodoItem[] }>(
  health: H,
  filings: readonly AppealFiling[],
): Omit<H, 'violations'> & { violations: (HealthViolation & { appealFiled: FiledAppealView | null })[] } {
  const byId = new Map(filings.map((f) => [f.violationId, f]));
  const violations = health.violations.map((v) => {
    const f = byId.get(v.violationId);
    if (!f) return { ...v, appealFiled: null };
    const decision = f.decision
      ? { outcome: f.decision.outcome, note: f.decision.note, decidedOn: f.decision.decidedOn }
      : null;
    const evidence = f.evidence.map(({ kind, file }) => ({ kind, file }));
    return {
      ...v,
      appealBy: null,
      appealFiled: { date: f.date, statement: f.statement, evidence, decision },
    };
  });
  const todo = health.todo.filter((t) => t.kind !== 'appeal' || !byId.has(t.violationId));
  return { ...health, violations, todo };
}
