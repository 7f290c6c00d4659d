import type { Container } from '../adapters/container.js';
import type { Reason } from '../domain/model.js';
import { type LicenceSummary, summariseLicence } from '../domain/rules/licence.js';
import type { ApplicationStatus } from '../ports/repository.js';
import { declaredDocuments } from './actions.js';
import { isCleared, requireApplication } from './common.js';

/** The licence fields the record shows (ISO dates, validUntil null for 长期, capital in yuan). */
export type LicenceView = LicenceSummary;

/** The record `admit` prints and the seller's status page shows (SPEC "Driving it headless"). */
export interface ApplicationView {
  applicationId: string;
  status: ApplicationStatus;
  reasons: Reason[];
  extracted: { licence: LicenceView };
  capacity: { score: number; ratio: string | null };
  feeSchedule?: { commissionRate: string; fulfilmentRate: string; settlementTermDays: number };
  requirements: {
    currentlyDue: string[];
    errors: { document: string; code: string; message: Reason['message'] }[];
  };
  openTasks: { kind: string; round: number; openedAt: string; dueAt?: string }[];
}

/** Before the checks ran: what extraction read from the licence, if it got that far. */
async function licenceReadSoFar(c: Container, applicationId: string): Promise<LicenceView> {
  const read = (await c.applications.listExtractions(applicationId))
    .map((e) => e.extraction)
    .find((e) => e.ok && e.type === 'business_licence');
  return summariseLicence(read?.ok && read.type === 'business_licence' ? read.fields : {});
}

export async function viewApplication(c: Container, applicationId: string): Promise<ApplicationView> {
  const record = await requireApplication(c, applicationId);
  const stored = await c.applications.listReasons(applicationId);
  const checks = await c.applications.getResult<{
    licence: LicenceView;
    capacity: { score: number; ratio: string | null };
  }>(applicationId, 'checks');
  const fees = await c.applications.getResult<{
    commissionRate: string;
    fulfilmentRate: string;
    settlementTermDays: number;
  }>(applicationId, 'feeSchedule');
  const tasks = (await c.applications.listTasks(applicationId)).filter((t) => t.status === 'OPEN');

  const reasons: Reason[] = stored.map(({ key: _k, raisedAt: _r, ...r }) => r);
  // Reasons name the file; the seller's to-do list names what to provide: the document type.
  const typeOfFile = new Map(declaredDocuments(record.application).map((d) => [d.file, d.type as string]));
  const documentType = (document: string) => typeOfFile.get(document) ?? document;
  // What the seller must still fix: every standing reason about a document or a field.
  const standing = stored.filter((r) => !isCleared(r) && r.code !== 'REVIEW_REJECTED');
  const currentlyDue = new Set<string>();
  for (const r of standing) {
    if (r.document) currentlyDue.add(documentType(r.document));
    else if (r.field && r.step !== 'samples') currentlyDue.add(r.field);
  }
  if (record.status === 'AWAITING_SIGNATURE') currentlyDue.add('signature');
  return {
    applicationId,
    status: record.status,
    reasons,
    extracted: { licence: checks?.licence ?? (await licenceReadSoFar(c, applicationId)) },
    // Not scored (intake stopped it first): no capacity evidence counted, score 0.
    capacity: checks?.capacity
      ? { score: checks.capacity.score, ratio: checks.capacity.ratio }
      : { score: 0, ratio: null },
    ...(fees && record.status === 'ADMITTED'
      ? {
          feeSchedule: {
            commissionRate: fees.commissionRate,
            fulfilmentRate: fees.fulfilmentRate,
            settlementTermDays: fees.settlementTermDays,
          },
        }
      : {}),
    requirements: {
      currentlyDue: [...currentlyDue],
      errors: standing
        .filter((r) => r.document)
        .map((r) => ({
          document: documentType(r.document as string),
          file: r.document as string,
          code: r.code,
          message: r.message,
        })),
    },
    openTasks: tasks.map((t) => ({
      kind: t.kind,
      round: t.round,
      openedAt: t.openedAt,
      ...(t.dueAt ? { dueAt: t.dueAt } : {}),
    })),
  };
}
