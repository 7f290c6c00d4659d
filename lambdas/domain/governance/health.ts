/**
 * The seller's health page and diagnostic report (SPEC "After admission", 健康度 / 问题诊断报告):
 * the standing the ledger computes (the same computation as `governance` and statements) and the
 * facts behind it: each violation with its fix, appeal and whether it counts, spot checks, and
 * what the seller can do. Pure: one seller's stored history in, the view out.
 */
import { decideAppeals, lastAppealDay } from './appeals.js';
import {
  type AdmittedEvent,
  type AppealEvent,
  type GovernanceEvent,
  spotCheckViolation,
  type ViolationEvent,
} from './events.js';
import { GovernanceLedger, type SellerRecord } from './ledger.js';
import type { GovernanceSettings } from './settings.js';
import { countingViolations, governanceWindow } from './standing.js';

export interface HealthViolation {
  violationId: string;
  date: string;
  severity: ViolationEvent['severity'];
  impact?: 'egregious';
  type?: string;
  note?: string;
  skus: string[];
  /** The day the seller's fix was confirmed, or null. */
  fixedOn: string | null;
  /** The appeal that stands (the first, within the window), or null. */
  appeal: { date: string; outcome: AppealEvent['outcome'] } | null;
  /** Voided by an upheld appeal: never counts. */
  voided: boolean;
  /** Counts at the as-of date: since admission, in the window, not voided. */
  counted: boolean;
  /** The last day it may be appealed, while it still may be (not appealed, not past it). */
  appealBy: string | null;
}

export interface HealthSpotCheck {
  date: string;
  sku: string;
  passed: boolean;
  findings: string[];
}

export type TodoItem =
  | { kind: 'confirm_fix'; violationId: string; skus: string[] }
  | { kind: 'appeal'; violationId: string; lastDay: string }
  | { kind: 'raise_score'; healthScore: number; atRiskBelow: number }
  | { kind: 'banned' };

export interface SellerHealth extends SellerRecord {
  asOf: string;
  admittedOn: string;
  settingsVersion: string;
  atRiskBelow: number;
  violations: HealthViolation[];
  spotChecks: HealthSpotCheck[];
  todo: TodoItem[];
}

/** The violations of the history as they stand at `asOf`: first of each id, fixes and appeals applied. */
function resolveViolations(
  events: readonly GovernanceEvent[],
  admission: AdmittedEvent,
  asOf: string,
  settings: GovernanceSettings,
): HealthViolation[] {
  const byId = new Map<string, ViolationEvent>();
  const fixes = new Map<string, string>();
  const appeals = new Map<string, AppealEvent[]>();
  for (const e of events) {
    if (e.date > asOf) continue;
    if (e.type === 'violation' || e.type === 'spot_check') {
      if (e.uscc !== admission.uscc) continue;
      const v = e.type === 'spot_check' ? spotCheckViolation(e, settings.safetyFindings) : e;
      if (v && !byId.has(v.violationId)) byId.set(v.violationId, v);
    } else if (e.type === 'fix_confirmed') {
      const first = fixes.get(e.violationId);
      if (!first || e.date < first) fixes.set(e.violationId, e.date);
    } else if (e.type === 'appeal') {
      appeals.set(e.violationId, [...(appeals.get(e.violationId) ?? []), e]);
    }
  }
  const { from } = governanceWindow(asOf, settings);
  const out: HealthViolation[] = [];
  for (const v of byId.values()) {
    const list = [...(appeals.get(v.violationId) ?? [])].sort((a, b) => (a.date < b.date ? -1 : 1));
    const decided = decideAppeals(v.date, list, settings);
    const fixedOn = fixes.get(v.violationId) ?? null;
    const governed = { date: v.date, severity: v.severity, impact: v.impact, voidedOn: decided.voidedOn };
    const counted = countingViolations(admission, [governed], asOf).length === 1 && v.date >= from;
    const lastDay = lastAppealDay(v.date, settings);
    out.push({
      violationId: v.violationId,
      date: v.date,
      severity: v.severity,
      ...(v.impact ? { impact: v.impact } : {}),
      ...(v.violationType ? { type: v.violationType } : {}),
      ...(v.note ? { note: v.note } : {}),
      skus: v.skus ?? [],
      fixedOn,
      appeal: decided.accepted ? { date: decided.accepted.date, outcome: decided.accepted.outcome } : null,
      voided: decided.voidedOn !== null,
      counted,
      appealBy: !decided.accepted && v.date >= admission.date && asOf <= lastDay ? lastDay : null,
    });
  }
  return out.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
}

/** What the seller can do now, most pressing first. */
function todoOf(record: SellerRecord, violations: readonly HealthViolation[], settings: GovernanceSettings) {
  if (record.tier === 'BANNED') return [{ kind: 'banned' } as const];
  const todo: TodoItem[] = [];
  const waiting = new Set(record.delistedSkus.filter((d) => d.until === null).map((d) => d.sku));
  for (const v of violations) {
    const skus = v.skus.filter((s) => waiting.has(s));
    if (v.counted && v.fixedOn === null && skus.length > 0)
      todo.push({ kind: 'confirm_fix', violationId: v.violationId, skus });
  }
  for (const v of violations)
    if (v.appealBy) todo.push({ kind: 'appeal', violationId: v.violationId, lastDay: v.appealBy });
  if (record.atRisk)
    todo.push({ kind: 'raise_score', healthScore: record.healthScore, atRiskBelow: settings.atRiskBelow });
  return todo;
}

/**
 * The health of one admitted application from its seller's history (one USCC's events, in any
 * order), or null when the history has no admission of it on or before `asOf`.
 */
export function sellerHealth(
  events: readonly GovernanceEvent[],
  applicationId: string,
  asOf: string,
  settings: GovernanceSettings,
): SellerHealth | null {
  const ledger = new GovernanceLedger(asOf, settings);
  for (const [i, e] of events.entries()) ledger.add(e, { file: 'store', line: i + 1 });
  const record = ledger.resolve().sellers.find((s) => s.applicationId === applicationId);
  const admission = events.find(
    (e): e is AdmittedEvent => e.type === 'admitted' && e.applicationId === applicationId && e.date <= asOf,
  );
  if (!record || !admission) return null;
  const violations = resolveViolations(events, admission, asOf, settings);
  const spotChecks = events
    .filter((e) => e.type === 'spot_check' && e.uscc === admission.uscc && e.date <= asOf)
    .map((e) => e as Extract<GovernanceEvent, { type: 'spot_check' }>)
    .map(({ date, sku, passed, findings }) => ({ date, sku, passed, findings }))
    .sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
  return {
    ...record,
    asOf,
    admittedOn: admission.date,
    settingsVersion: settings.version,
    atRiskBelow: settings.atRiskBelow,
    violations,
    spotChecks,
    todo: todoOf(record, violations, settings),
  };
}
