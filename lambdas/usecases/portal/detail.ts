import type { Container } from '../../adapters/container.js';
import type { Extraction } from '../../domain/model.js';
import type { Draft, DraftDocument } from '../../ports/portal.js';
import { agreementOnOffer } from '../agreement.js';
import { rulesOf } from '../common.js';
import { viewApplication } from '../view.js';
import type { Visible } from './access.js';
import type { ApiFieldRead, ApplicationDetailShape, DocumentViewShape } from './shapes.js';

/**
 * Every field read, flattened for display: `months[2]`, `rows[0]`, with where it came from and
 * whether it is below the confidence floor (the portal keeps no copy of the setting).
 */
export function fieldsRead(extraction: Extraction | undefined, floor: number): Record<string, ApiFieldRead> {
  const out: Record<string, ApiFieldRead> = {};
  if (!extraction?.ok) return out;
  const put = (name: string, f: unknown) => {
    const field = f as {
      value: unknown;
      confidence: number;
      source: { page: number; line: number; method: 'text' | 'ocr'; box?: ApiFieldRead['box'] };
    };
    if (field && typeof field === 'object' && 'confidence' in field && 'source' in field) {
      out[name] = {
        value: field.value,
        confidence: field.confidence,
        lowConfidence: field.confidence < floor,
        page: field.source.page,
        line: field.source.line,
        method: field.source.method,
        ...(field.source.box ? { box: field.source.box } : {}),
      };
    }
  };
  for (const [name, value] of Object.entries(extraction.fields as Record<string, unknown>)) {
    if (Array.isArray(value)) {
      for (const [i, f] of value.entries()) put(`${name}[${i}]`, f);
    } else put(name, value);
  }
  return out;
}

function problemsOf(extraction: Extraction | undefined) {
  return extraction && !extraction.ok ? [{ code: extraction.code, message: extraction.message }] : [];
}

function draftDocumentView(d: DraftDocument, floor: number): DocumentViewShape {
  return {
    documentId: d.documentId,
    type: d.type,
    file: d.file,
    ...(d.sku ? { sku: d.sku } : {}),
    ...(d.size !== undefined ? { size: d.size } : {}),
    ...(d.sha256 ? { sha256: d.sha256 } : {}),
    uploaded: d.uploaded,
    ...(d.read
      ? { read: { ok: d.read.ok, fields: fieldsRead(d.read, floor), problems: problemsOf(d.read) } }
      : {}),
  };
}

/** Before submission, fields are weighed against the current rules (submission pins them). */
async function currentFloor(c: Container): Promise<number> {
  return (await c.rulesConfig.current()).settings.confidenceFloor;
}

/** An upload of a draft, as read at once. */
export async function documentView(c: Container, d: DraftDocument): Promise<DocumentViewShape> {
  return draftDocumentView(d, await currentFloor(c));
}

async function agreementOf(c: Container, id: string): Promise<ApplicationDetailShape['agreement']> {
  const offer = await agreementOnOffer(c, id);
  if (!offer) return undefined;
  const { task, issue } = offer;
  const decision =
    task.status === 'DONE' ? (task.decision as { accept?: boolean; signerName?: string }) : undefined;
  return {
    round: issue.round,
    issuedAt: issue.issuedAt,
    deadline: issue.deadline,
    sha256: issue.sha256,
    feeSchedule: {
      commissionRate: issue.feeSchedule.commissionRate,
      fulfilmentRate: issue.feeSchedule.fulfilmentRate,
      settlementTermDays: issue.feeSchedule.settlementTermDays,
    },
    ...(decision?.accept
      ? { signed: { signerName: decision.signerName ?? '', at: task.decidedAt ?? '', sha256: issue.sha256 } }
      : {}),
  };
}

/** Before submission: the draft alone. */
function draftDetail(draft: Draft, floor: number): ApplicationDetailShape {
  return {
    applicationId: draft.applicationId,
    status: 'DRAFT',
    form: draft.form as ApplicationDetailShape['form'],
    documents: draft.documents.map((d) => draftDocumentView(d, floor)),
    reasons: [],
    requirements: { currentlyDue: [], errors: [] },
    timeline: [{ at: draft.createdAt, actor: 'seller', action: 'draft_created' }],
    openTasks: [],
    canAppeal: false,
  };
}

/** The seller's status page and the reviewer's evidence: the pipeline's record plus what was read. */
export async function applicationDetail(
  c: Container,
  id: string,
  visible: Visible,
): Promise<ApplicationDetailShape> {
  const { draft, record } = visible;
  if (!record) return draftDetail(draft as Draft, await currentFloor(c));
  const [view, stored, extractions, events, agreement, rules, checked] = await Promise.all([
    viewApplication(c, id),
    c.applications.listDocuments(id),
    c.applications.listExtractions(id),
    c.applications.listEvents(id),
    agreementOf(c, id),
    rulesOf(c, record),
    c.applications.getResult(id, 'checks'),
  ]);
  const floor = rules.confidenceFloor;
  const byIndex = new Map(extractions.map((e) => [e.index, e.extraction]));
  const draftDoc = (file: string) => draft?.documents.find((d) => d.submittedAs === file);
  const documents = stored.map((d): DocumentViewShape => {
    const read = byIndex.get(d.index);
    const reasons = view.reasons.filter((r) => r.document === d.file);
    return {
      documentId: draftDoc(d.file)?.documentId ?? `doc-${d.index}`,
      type: d.type,
      file: d.file,
      ...(d.skuId ? { sku: d.skuId } : {}),
      ...(d.size !== undefined ? { size: d.size } : {}),
      ...(d.sha256 ? { sha256: d.sha256 } : {}),
      uploaded: Boolean(d.key),
      ...(read
        ? {
            read: {
              ok: read.ok,
              fields: fieldsRead(read, floor),
              problems: [...problemsOf(read), ...reasons.map((r) => ({ code: r.code, message: r.message }))],
            },
          }
        : {}),
    };
  });
  const app = record.application;
  return {
    applicationId: id,
    status: record.status,
    form: {
      applicationDate: app.applicationDate,
      seller: app.seller,
      category: app.category,
      skus: app.skus.map(({ documents: _d, ...s }) => s),
      sampleSkus: app.sampleSkus,
    } as ApplicationDetailShape['form'],
    // Appeal evidence arrives after submission: it is listed from the portal record.
    documents: [
      ...documents,
      ...(draft?.documents ?? [])
        .filter((d) => d.type === 'appeal_evidence' && d.uploaded)
        .map((d) => draftDocumentView(d, floor)),
    ],
    reasons: view.reasons,
    requirements: view.requirements,
    timeline: events,
    openTasks: view.openTasks,
    ...(agreement ? { agreement } : {}),
    ...(view.feeSchedule ? { feeSchedule: view.feeSchedule } : {}),
    ...(checked ? { capacity: view.capacity } : {}),
    canAppeal: record.status === 'REJECTED' && Boolean(record.rejection) && !record.rejection?.appealed,
  };
}
