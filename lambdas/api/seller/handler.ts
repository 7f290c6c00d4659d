import { dynamoPorts } from '../../adapters/aws/dynamo.js';
import { notificationPorts, webhookPorts } from '../../adapters/aws/events.js';
import { readerPorts } from '../../adapters/aws/lambda.js';
import { presigningDocumentPorts } from '../../adapters/aws/s3.js';
import { workflowPorts } from '../../adapters/aws/sfn.js';
import { s3Presigner } from '../../adapters/s3-presigner.js';
import { InvalidInputError } from '../../shared/errors.js';
import { type Actor, isStaff, visibleApplication } from '../../usecases/portal/access.js';
import { applicationDetail, documentView } from '../../usecases/portal/detail.js';
import {
  appeal,
  confirmUpload,
  createDraft,
  deleteDocument,
  reapply,
  requestUpload,
  sign,
  submitDraft,
  updateDraft,
} from '../../usecases/portal/drafts.js';
import { agreementLink, documentLink } from '../../usecases/portal/files.js';
import {
  confirmViolationFix,
  evidenceLink,
  fileViolationAppeal,
  healthReportWithAppeals,
  myHealthWithAppeals,
  requestEvidenceUpload,
} from '../../usecases/portal/health-appeals.js';
import { listApplications } from '../../usecases/portal/list.js';
import { importSkus } from '../../usecases/portal/skus.js';
import { registerWebhook } from '../../usecases/portal/webhooks.js';
import {
  AppealRequest,
  ApplicationForm,
  EvidenceUploadRequest,
  FixRequest,
  SignatureRequest,
  SkuImport,
  UploadRequest,
  ViolationAppealRequest,
  WebhookEnabledRequest,
  WebhookEndpointRequest,
} from '../contract.js';
import { apiHandler, type Request } from '../kit.js';
import { applicationViewFor, healthReportFor } from '../views.js';

const detail = async (req: Request) => {
  const id = req.params.id as string;
  const visible = await visibleApplication(req.c, req.actor, id);
  return applicationViewFor(req.actor, visible.draft?.owner, await applicationDetail(req.c, id, visible));
};
const staffOrOwner = (actor: Actor) => (isStaff(actor) ? 'all' : actor.sub);

/** The container ports its routes reach: only their SDK clients are in this bundle. */
const ports = {
  ...dynamoPorts,
  ...presigningDocumentPorts(s3Presigner),
  ...readerPorts,
  ...workflowPorts,
  ...notificationPorts,
  ...webhookPorts,
};

export const handler = apiHandler(ports, {
  'GET /api/applications': async ({ c, actor }) => listApplications(c, staffOrOwner(actor)),
  'POST /api/applications': async ({ c, actor, body }) => {
    const draft = await createDraft(c, actor, body(ApplicationForm));
    return { applicationId: draft.applicationId, status: 'DRAFT' };
  },
  'GET /api/applications/{id}': detail,
  'PUT /api/applications/{id}': async (req) => {
    await updateDraft(req.c, req.actor, req.params.id as string, req.body(ApplicationForm));
    return detail(req);
  },
  'POST /api/applications/{id}/skus/import': async ({ c, actor, params, body }) =>
    importSkus(c, actor, params.id as string, body(SkuImport).csv),
  'POST /api/applications/{id}/uploads': async ({ c, actor, params, body }) =>
    requestUpload(c, actor, params.id as string, body(UploadRequest)),
  'POST /api/applications/{id}/documents/{documentId}/confirm': async ({ c, actor, params }) =>
    documentView(c, await confirmUpload(c, actor, params.id as string, params.documentId as string)),
  'DELETE /api/applications/{id}/documents/{documentId}': async ({ c, actor, params }) => {
    await deleteDocument(c, actor, params.id as string, params.documentId as string);
  },
  'GET /api/applications/{id}/documents/{documentId}/file': async ({ c, actor, params }) => {
    const id = params.id as string;
    return documentLink(c, id, params.documentId as string, await visibleApplication(c, actor, id));
  },
  'POST /api/applications/{id}/submit': async (req) => {
    await submitDraft(req.c, req.actor, req.params.id as string);
    return detail(req);
  },
  'POST /api/applications/{id}/reapply': async ({ c, actor, params }) => {
    const draft = await reapply(c, actor, params.id as string);
    return { applicationId: draft.applicationId, status: 'DRAFT' };
  },
  'POST /api/applications/{id}/appeal': async (req) => {
    await appeal(req.c, req.actor, req.params.id as string, req.body(AppealRequest).documentIds);
    return detail(req);
  },
  'GET /api/applications/{id}/agreement/file': async ({ c, actor, params }) => {
    const id = params.id as string;
    await visibleApplication(c, actor, id);
    return agreementLink(c, id);
  },
  'POST /api/applications/{id}/signature': async (req) => {
    await sign(req.c, req.actor, req.params.id as string, req.body(SignatureRequest));
    return detail(req);
  },
  'GET /api/health': async ({ c, actor }) => myHealthWithAppeals(c, actor),
  // Whose application first, then the request: another seller's id is 404 whatever the body.
  'POST /api/health/{id}/fix': async ({ c, actor, params, body }) => {
    await visibleApplication(c, actor, params.id as string);
    return confirmViolationFix(c, actor, params.id as string, body(FixRequest).violationId);
  },
  'POST /api/health/{id}/evidence': async ({ c, actor, params, body }) => {
    await visibleApplication(c, actor, params.id as string);
    return requestEvidenceUpload(c, actor, params.id as string, body(EvidenceUploadRequest));
  },
  'POST /api/health/{id}/appeal': async ({ c, actor, params, body }) => {
    await visibleApplication(c, actor, params.id as string);
    return fileViolationAppeal(c, actor, params.id as string, body(ViolationAppealRequest));
  },
  'GET /api/health/{id}/evidence': async ({ c, actor, params, query }) => {
    await visibleApplication(c, actor, params.id as string);
    const missing = ['violationId', 'evidenceId'].filter((k) => !query[k]);
    if (missing.length > 0)
      throw new InvalidInputError(
        'which evidence?',
        missing.map((path) => ({ path, message: 'required' })),
      );
    return evidenceLink(
      c,
      actor,
      params.id as string,
      query.violationId as string,
      query.evidenceId as string,
    );
  },
  'GET /api/health/{id}/report': async ({ c, actor, params, query }) => {
    const report = await healthReportWithAppeals(c, actor, params.id as string);
    // The PDF holds no notes, so ops may have it as the seller does.
    // Imported on first use: the PDF writer and its font parser stay out of every other cold start.
    if (query.format === 'pdf')
      return (await import('../../usecases/portal/health-pdf.js')).healthReportPdfLink(c, report);
    return healthReportFor(actor, report);
  },
  // Owner-only by construction: every webhook item lives under the caller's own `sub`.
  'GET /api/webhooks/endpoints': async ({ c, actor }) => c.webhooks.listEndpoints(actor.sub),
  'POST /api/webhooks/endpoints': async ({ c, actor, body }) =>
    registerWebhook(c, actor.sub, body(WebhookEndpointRequest)),
  'GET /api/webhooks/deliveries': async ({ c, actor }) => c.webhooks.listDeliveries(actor.sub),
  'POST /api/webhooks/deliveries/{deliveryId}/resend': async ({ c, actor, params }) =>
    c.webhooks.resend(actor.sub, params.deliveryId as string),
  'POST /api/webhooks/endpoints/{endpointId}/enabled': async ({ c, actor, params, body }) =>
    c.webhooks.setEnabled(actor.sub, params.endpointId as string, body(WebhookEnabledRequest).enabled),
});
