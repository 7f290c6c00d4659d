import type { Container } from '../adapters/container.js';
import type { Application, DeclaredDocument } from '../domain/model.js';
import { sellerEvent } from '../notify/events.js';
import type { HumanTask, HumanTaskKind, StoredDocument } from '../ports/repository.js';
import {
  AgreementMismatchError,
  AlreadyDecidedError,
  BusinessRuleError,
  TokenNotWaitingError,
} from '../shared/errors.js';
import { agreementIssue } from './agreement.js';
import { contentTypeOf, requireApplication, safeFileName, sha256 } from './common.js';
import { emit } from './notify.js';

/**
 * What people do: a seller submits, signs and appeals; a reviewer decides; a lab posts results.
 * Each records the answer once (a second answer is AlreadyDecidedError) and then wakes the
 * waiting execution through the Workflow port.
 */

function documentKey(applicationId: string, index: number, file: string): string {
  // The server picks the key; the seller's file name is kept only as a safe suffix.
  return `applications/${applicationId}/documents/${String(index).padStart(4, '0')}-${safeFileName(file)}`;
}

/** Every document the application lists, its SKUs' own documents after the package. */
export function declaredDocuments(app: Application): DeclaredDocument[] {
  return [
    ...app.documents,
    ...app.skus.flatMap((s) => (s.documents ?? []).map((d) => ({ ...d, skuId: s.sku }))),
  ];
}

export async function submitApplication(
  c: Container,
  app: Application,
  readFile: (file: string) => Promise<Uint8Array | null>,
): Promise<{ created: boolean }> {
  const existing = await c.applications.get(app.applicationId);
  if (existing) {
    // Submitted before (a retry): its event is published again, which the outbox keeps once.
    await emit(c, sellerEvent(app.applicationId, 'application.submitted', 1, existing.createdAt));
    return { created: false };
  }
  const stored: StoredDocument[] = [];
  for (const [i, d] of declaredDocuments(app).entries()) {
    const index = i + 1;
    const bytes = await readFile(d.file);
    const base = { index, type: d.type, file: d.file, ...(d.skuId ? { skuId: d.skuId } : {}) };
    if (!bytes) {
      stored.push(base);
      continue;
    }
    const key = documentKey(app.applicationId, index, d.file);
    await c.documents.put(key, bytes, contentTypeOf(d.file));
    stored.push({ ...base, key, sha256: sha256(bytes), size: bytes.byteLength });
  }
  await c.applications.putDocuments(app.applicationId, stored);
  const now = c.clock.now().toISOString();
  const rules = await c.rulesConfig.current();
  await c.applications.create(
    {
      application: app,
      status: 'SUBMITTED',
      createdAt: now,
      updatedAt: now,
      rulesVersion: rules.version,
    },
    { at: now, actor: 'seller', action: 'submitted' },
  );
  await c.workflow.start(app.applicationId, { applicationId: app.applicationId, resumeAt: 'intake' });
  await emit(c, sellerEvent(app.applicationId, 'application.submitted', 1, now));
  return { created: true };
}

async function openTaskOf(c: Container, applicationId: string, kinds: HumanTaskKind[]): Promise<HumanTask> {
  const open = (await c.applications.listTasks(applicationId)).filter(
    (t) => kinds.includes(t.kind) && t.status === 'OPEN',
  );
  const task = open.sort((a, b) => b.openedAt.localeCompare(a.openedAt))[0];
  if (!task) throw new AlreadyDecidedError(`${applicationId} is not waiting for ${kinds.join(' or ')}`);
  return task;
}

async function answer(
  c: Container,
  applicationId: string,
  task: HumanTask,
  decision: Record<string, unknown>,
  actor: string,
  action: string,
  opts: { claimedBy?: string } = {},
): Promise<void> {
  const at = c.clock.now().toISOString();
  await c.applications.decideTask(
    applicationId,
    task.kind,
    task.round,
    decision,
    { at, actor, action, detail: { kind: task.kind, round: task.round, ...decision } },
    opts,
  );
  // If this wake-up is lost (a restart), the re-driven wait finds the recorded answer; if the wait
  // already woke (it found the answer itself, or timed out), the recorded answer stands as well.
  try {
    // Ids only: the next step reads the decision from the table; a signer's name or a reviewer's
    // note must not travel in state payloads or execution history.
    await c.workflow.sendTaskSuccess(task.token, { kind: task.kind, round: task.round });
  } catch (err) {
    if (!(err instanceof TokenNotWaitingError)) throw err;
  }
}

export async function decideReview(
  c: Container,
  applicationId: string,
  input: { outcome: 'approve' | 'reject'; note?: string },
  actor = 'reviewer',
  opts: { claimedBy?: string } = {},
): Promise<void> {
  const task = await openTaskOf(c, applicationId, ['review_checks', 'review_lab']);
  await answer(
    c,
    applicationId,
    task,
    { outcome: input.outcome, note: input.note ?? '' },
    actor,
    'review_decided',
    opts,
  );
}

export async function postLabResult(
  c: Container,
  applicationId: string,
  input: { sku: string; passed: boolean; findings?: string[] },
  actor = 'lab',
): Promise<{ attempt: number }> {
  const bookings = (await c.applications.listBookings(applicationId)).filter((b) => b.sku === input.sku);
  const open = bookings.filter((b) => !b.result).sort((a, b) => a.attempt - b.attempt)[0];
  if (!open) throw new AlreadyDecidedError(`no open booking for sample ${input.sku} of ${applicationId}`);
  const postedAt = c.clock.now().toISOString();
  await c.applications.recordLabResult(
    applicationId,
    input.sku,
    open.attempt,
    { passed: input.passed, findings: input.findings ?? [], postedAt },
    {
      at: postedAt,
      actor,
      action: 'lab_result_posted',
      detail: { sku: input.sku, attempt: open.attempt, passed: input.passed },
    },
  );
  await emit(
    c,
    sellerEvent(applicationId, 'application.lab_result_posted', `${input.sku}#${open.attempt}`, postedAt, {
      sku: input.sku,
      attempt: open.attempt,
      passed: input.passed,
    }),
  );
  const wait = (await c.applications.listTasks(applicationId)).find(
    (t) => t.kind === 'lab_results' && t.status === 'OPEN',
  );
  if (wait) {
    try {
      await answer(
        c,
        applicationId,
        wait,
        { sku: input.sku, attempt: open.attempt },
        actor,
        'lab_wait_woken',
      );
    } catch (err) {
      // Another result woke this wait first; the evaluation reads every recorded result.
      if (!(err instanceof AlreadyDecidedError)) throw err;
    }
  }
  return { attempt: open.attempt };
}

/**
 * The seller's answer to the agreement on offer. It records the sha256 of the file issued for this
 * round (the one the seller was shown); an answer naming another file's digest is refused.
 */
export async function signAgreement(
  c: Container,
  applicationId: string,
  input: { accept: boolean; signerName?: string; agreementSha256?: string },
  actor = 'seller',
): Promise<void> {
  const task = await openTaskOf(c, applicationId, ['signature']);
  const issue = await agreementIssue(c, applicationId, task.round);
  if (!issue) throw new BusinessRuleError(`agreement ${task.round} of ${applicationId} was never issued`);
  if (input.agreementSha256 !== undefined && input.agreementSha256 !== issue.sha256) {
    throw new AgreementMismatchError(
      `the agreement on offer to ${applicationId} is ${issue.sha256}, not ${input.agreementSha256}`,
    );
  }
  await answer(
    c,
    applicationId,
    task,
    { accept: input.accept, signerName: input.signerName ?? '', agreementSha256: issue.sha256 },
    actor,
    input.accept ? 'agreement_signed' : 'agreement_declined',
  );
}

export async function fileAppeal(
  c: Container,
  applicationId: string,
  documents: { type: 'appeal_evidence'; file: string; bytes: Uint8Array }[],
  actor = 'seller',
): Promise<{ seq: number }> {
  const record = await requireApplication(c, applicationId);
  if (record.status !== 'REJECTED' || !record.rejection) {
    throw new BusinessRuleError(`${applicationId} is not rejected; there is nothing to appeal`);
  }
  if (record.rejection.appealed)
    throw new AlreadyDecidedError(`this rejection of ${applicationId} was appealed already`);
  const seq = record.rejection.seq;
  const filedAt = c.clock.now().toISOString();
  const documentKeys: string[] = [];
  for (const [i, d] of documents.entries()) {
    const key = `applications/${applicationId}/appeals/${seq}/${i + 1}-${d.file.replace(/[^\w.-]+/g, '_')}`;
    await c.documents.put(key, d.bytes, contentTypeOf(d.file));
    documentKeys.push(key);
  }
  await c.applications.setStatus(applicationId, 'AWAITING_REVIEW', {
    rejection: { ...record.rejection, appealed: true },
    appeal: { seq, documentKeys, filedAt },
    resumeAt: 'appeal',
  });
  await c.applications.appendEvent(applicationId, {
    at: filedAt,
    actor,
    action: 'appeal_filed',
    detail: { seq },
  });
  await c.workflow.start(`${applicationId}-appeal-${seq}`, { applicationId, resumeAt: 'appeal' });
  return { seq };
}

export async function decideAppeal(
  c: Container,
  applicationId: string,
  input: { outcome: 'uphold' | 'dismiss'; note?: string },
  actor = 'reviewer',
  opts: { claimedBy?: string } = {},
): Promise<void> {
  const task = await openTaskOf(c, applicationId, ['appeal']);
  await answer(
    c,
    applicationId,
    task,
    { outcome: input.outcome, note: input.note ?? '' },
    actor,
    'appeal_decided',
    opts,
  );
}
