/**
 * What each role may read of an application. The seller who owns it and the reviewer who decides
 * it see everything (the evidence is their work); finance and ops see the application's standing
 * and its fees, never a document's contents or a person's details. Their view is a zod schema
 * the response is parsed through: a field not listed here is dropped, so a field added to the
 * detail later cannot reach them by accident.
 */
import * as z from 'zod';
import type { Role } from '../domain/roles.js';
import type { Actor } from '../usecases/portal/access.js';
import type { ApplicationDetail } from './contract.js';

const Message = z.object({ zh: z.string(), en: z.string() });
const FeeSchedule = z.object({
  commissionRate: z.string(),
  fulfilmentRate: z.string(),
  settlementTermDays: z.number(),
});

export const StaffApplicationView = z.object({
  applicationId: z.string(),
  status: z.string(),
  form: z.object({
    applicationDate: z.string().optional(),
    seller: z.object({ companyName: z.string(), uscc: z.string() }),
    category: z.string(),
    skus: z.array(
      z.object({
        sku: z.string(),
        name: z.string().optional(),
        monthlyCapacity: z.number(),
        brand: z.string().optional(),
      }),
    ),
    sampleSkus: z.array(z.string()),
  }),
  // Which files there are and whether they were read, not what was read from them.
  documents: z.array(
    z.object({
      documentId: z.string(),
      type: z.string(),
      file: z.string(),
      sku: z.string().optional(),
      size: z.number().optional(),
      uploaded: z.boolean(),
      read: z.object({ ok: z.boolean() }).optional(),
    }),
  ),
  reasons: z.array(
    z.object({
      code: z.string(),
      step: z.string(),
      outcome: z.string(),
      message: Message,
      document: z.string().optional(),
      field: z.string().optional(),
      resolution: z.string().optional(),
    }),
  ),
  // Who did what and when; a note or a signer's name stays in the detail.
  timeline: z.array(z.object({ at: z.string(), actor: z.string(), action: z.string() })),
  openTasks: z.array(
    z.object({ kind: z.string(), round: z.number(), openedAt: z.string(), dueAt: z.string().optional() }),
  ),
  agreement: z
    .object({
      round: z.number(),
      issuedAt: z.string(),
      deadline: z.string(),
      sha256: z.string(),
      feeSchedule: FeeSchedule,
      signed: z.object({ at: z.string(), sha256: z.string() }).optional(),
    })
    .optional(),
  feeSchedule: FeeSchedule.optional(),
  canAppeal: z.boolean(),
});
export type StaffApplicationView = z.infer<typeof StaffApplicationView>;

/** Staff roles that read an application in full: the reviewer weighs the evidence. */
const FULL_VIEW: readonly Role[] = ['reviewer'];

/** The application as this actor may read it: in full to its owner and reviewers. */
export function applicationViewFor(
  actor: Actor,
  owner: string | undefined,
  detail: ApplicationDetail,
): ApplicationDetail | StaffApplicationView {
  if (owner === actor.sub || actor.groups.some((g) => FULL_VIEW.includes(g))) return detail;
  return StaffApplicationView.parse(detail);
}

/**
 * The diagnostic report as staff (ops) read it: the standing and its facts, not ops' free-text
 * notes on a violation (the seller reads its own report in full).
 */
export const StaffHealthReportView = z.object({
  report: z.string(),
  generatedAt: z.string(),
  applicationId: z.string(),
  uscc: z.string(),
  companyName: z.string(),
  asOf: z.string(),
  admittedOn: z.string(),
  settingsVersion: z.string(),
  tier: z.string(),
  healthScore: z.number(),
  atRisk: z.boolean(),
  atRiskBelow: z.number(),
  settlementTermDays: z.number(),
  violationsCounted: z.number(),
  delistedSkus: z.array(z.object({ sku: z.string(), until: z.string().nullable() })),
  violations: z.array(
    z.object({
      violationId: z.string(),
      date: z.string(),
      severity: z.string(),
      impact: z.string().optional(),
      type: z.string().optional(),
      skus: z.array(z.string()),
      fixedOn: z.string().nullable(),
      appeal: z.object({ date: z.string(), outcome: z.string() }).nullable(),
      voided: z.boolean(),
      counted: z.boolean(),
      appealBy: z.string().nullable(),
    }),
  ),
  spotChecks: z.array(
    z.object({ date: z.string(), sku: z.string(), passed: z.boolean(), findings: z.array(z.string()) }),
  ),
});

/** The report in full to the seller (the route lets only its owner or ops through), else the staff view. */
export function healthReportFor<R extends Record<string, unknown>>(actor: Actor, report: R) {
  return actor.groups.includes('seller') ? report : StaffHealthReportView.parse(report);
}
