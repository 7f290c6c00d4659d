import type { Container } from '../adapters/container.js';
import type { Reason } from '../domain/model.js';
import { reason } from '../domain/reasons.js';
import { sellerEvent } from '../notify/events.js';
import type { FailedStep, ResumePoint } from '../ports/repository.js';
import { BusinessRuleError } from '../shared/errors.js';
import { isCleared, requireApplication, scopeOf, toStored } from './common.js';
import { recordAdmittedEvent } from './governance.js';
import { consumeTask } from './human-tasks.js';
import { emit } from './notify.js';
import { extendOverdueBookings } from './samples.js';

const CHECK_STEPS: readonly Reason['step'][] = [
  'licence',
  'legal_rep',
  'consistency',
  'violations',
  'capacity',
  'attributes',
  'samples',
];

/**
 * After a reviewer answered: approval clears the flags the review was about; a rejection marks
 * them rejected and raises REVIEW_REJECTED beside them.
 */
export async function applyReview(
  c: Container,
  applicationId: string,
  kind: 'review_checks' | 'review_lab',
): Promise<{ outcome: 'approve' | 'reject' }> {
  const task = await consumeTask(c, applicationId, kind);
  if (task?.status !== 'DONE') throw new BusinessRuleError(`${kind} of ${applicationId} has no decision`);
  const outcome = task.decision?.outcome === 'approve' ? 'approve' : 'reject';
  const flags = (await c.applications.listReasons(applicationId)).filter(
    (r) =>
      r.outcome === 'flag' &&
      !r.resolution &&
      (kind === 'review_checks' ? CHECK_STEPS.includes(r.step) : r.code === 'SAMPLE_INSPECTION_OVERDUE'),
  );
  await c.applications.resolveReasons(
    applicationId,
    flags.map((f) => f.key),
    outcome === 'approve' ? 'approved' : 'rejected',
  );
  if (outcome === 'reject') {
    const note = typeof task.decision?.note === 'string' ? task.decision.note : '';
    const flaggedCode = [...new Set(flags.map((f) => f.code))].join(', ');
    await c.applications.raiseReasons(
      applicationId,
      toStored(
        [reason('REVIEW_REJECTED', { flaggedCode, note })],
        c.clock.now().toISOString(),
        `${kind}#${task.round}`,
      ),
    );
    return { outcome };
  }
  if (kind === 'review_lab') await extendOverdueBookings(c, applicationId);
  await c.applications.setStatus(applicationId, 'IN_PROGRESS', {
    resumeAt: kind === 'review_checks' ? 'samples' : 'lab_results',
  });
  return { outcome };
}

/** Terminal REJECTED record; the rejection remembers its step so an upheld appeal resumes after it. */
export async function recordRejection(
  c: Container,
  applicationId: string,
  failedStep: FailedStep,
): Promise<void> {
  const record = await requireApplication(c, applicationId);
  let rejection = record.rejection;
  if (!(record.status === 'REJECTED' && rejection?.failedStep === failedStep)) {
    rejection = {
      failedStep,
      seq: (record.rejection?.seq ?? 0) + 1,
      at: c.clock.now().toISOString(),
      appealed: false,
    };
    await c.applications.setStatus(applicationId, 'REJECTED', { rejection });
  }
  // Re-run after a crash, the rejection stands and its events (same ids) are published again.
  await emit(c, ...(await rejectionEvents(c, applicationId, rejection as NonNullable<typeof rejection>)));
}

/** `.rejected` with the standing reasons; `.action_required` when documents or fields can be fixed. */
async function rejectionEvents(
  c: Container,
  applicationId: string,
  rejection: { seq: number; at: string; failedStep: FailedStep },
) {
  const standing = (await c.applications.listReasons(applicationId)).filter(
    (r) => r.outcome === 'reject' && !isCleared(r) && r.resolution !== 'appeal_dismissed',
  );
  const reasons = standing.map((r) => ({
    code: r.code,
    step: r.step,
    ...(r.document ? { document: r.document } : {}),
    ...(r.field ? { field: r.field } : {}),
  }));
  const fixable = standing.filter((r) => r.step === 'intake' && (r.document || r.field));
  const events = [
    sellerEvent(applicationId, 'application.rejected', rejection.seq, rejection.at, {
      reasons,
      status: 'REJECTED',
    }),
  ];
  if (fixable.length > 0) {
    events.push(
      sellerEvent(applicationId, 'application.action_required', `rejection#${rejection.seq}`, rejection.at, {
        requirements: fixable.map((r) =>
          r.document
            ? { kind: 'reupload_document' as const, code: r.code, document: r.document }
            : { kind: 'fix_field' as const, code: r.code, field: r.field as string },
        ),
      }),
    );
  }
  return events;
}

export async function recordAdmission(c: Container, applicationId: string): Promise<void> {
  const record = await requireApplication(c, applicationId);
  const at = c.clock.now().toISOString();
  if (record.status !== 'ADMITTED') {
    await c.applications.setStatus(applicationId, 'ADMITTED');
    await c.applications.appendEvent(applicationId, { at, actor: 'workflow', action: 'admitted' });
  }
  await recordAdmittedEvent(c, record, at, record.status === 'ADMITTED');
  await emit(c, sellerEvent(applicationId, 'application.admitted', 1, at, { status: 'ADMITTED' }));
}

/**
 * After a reviewer decided an appeal. Upheld: the rejects that ended the application are
 * overridden and the flow goes on from the step after the one that failed. Dismissed: the
 * rejection stands (its rejects marked `appeal_dismissed`), REVIEW_REJECTED is raised beside
 * them, and it cannot be appealed again. Re-driven, it raises nothing twice: the dismissal's
 * reason has the appeal's round in its key and is never one of the rejects it dismissed.
 */
export async function applyAppeal(
  c: Container,
  applicationId: string,
): Promise<{ outcome: 'uphold' | 'dismiss'; resumeAt?: ResumePoint }> {
  const record = await requireApplication(c, applicationId);
  const task = await consumeTask(c, applicationId, 'appeal');
  if (task?.status !== 'DONE' || !record.rejection) {
    throw new BusinessRuleError(`appeal of ${applicationId} has no decision`);
  }
  const scope = `appeal#${task.round}`;
  const reasons = (await c.applications.listReasons(applicationId)).filter((r) => scopeOf(r) !== scope);
  const standing = reasons.filter(
    (r) => r.outcome === 'reject' && !isCleared(r) && r.resolution !== 'appeal_dismissed',
  );
  const upheld = task.decision?.outcome === 'uphold';
  await c.applications.resolveReasons(
    applicationId,
    standing.map((r) => r.key),
    upheld ? 'overridden_by_appeal' : 'appeal_dismissed',
  );
  if (!upheld) {
    // A rejection is appealed once, so every reject marked dismissed is one this appeal was against.
    const appealed = reasons.filter((r) => standing.includes(r) || r.resolution === 'appeal_dismissed');
    const note = typeof task.decision?.note === 'string' ? task.decision.note : '';
    await c.applications.raiseReasons(
      applicationId,
      toStored(
        [
          reason('REVIEW_REJECTED', {
            appeal: true,
            appealedCode: [...new Set(appealed.map((r) => r.code))].join(', '),
            note,
          }),
        ],
        c.clock.now().toISOString(),
        scope,
      ),
    );
    await c.applications.setStatus(applicationId, 'REJECTED', {
      rejection: { ...record.rejection, appealed: true },
    });
    await emitAppealDecided(c, applicationId, task.round, 'dismiss');
    return { outcome: 'dismiss' };
  }
  const resumeAt = await resumeAfter(c, applicationId, record.rejection.failedStep);
  await c.applications.setStatus(applicationId, 'IN_PROGRESS', { resumeAt });
  await emitAppealDecided(c, applicationId, task.round, 'uphold');
  return { outcome: 'uphold', resumeAt };
}

function emitAppealDecided(
  c: Container,
  applicationId: string,
  round: number,
  outcome: 'uphold' | 'dismiss',
) {
  return emit(
    c,
    sellerEvent(applicationId, 'application.appeal_decided', round, c.clock.now().toISOString(), {
      round,
      outcome,
    }),
  );
}

async function resumeAfter(c: Container, applicationId: string, failed: FailedStep): Promise<ResumePoint> {
  switch (failed) {
    case 'intake':
      return 'intake';
    case 'checks': {
      const flags = (await c.applications.listReasons(applicationId)).filter(
        (r) => r.outcome === 'flag' && !r.resolution && CHECK_STEPS.includes(r.step),
      );
      return flags.length > 0 ? 'review_checks' : 'samples';
    }
    case 'review':
      return 'samples';
    case 'lab_review':
      await extendOverdueBookings(c, applicationId);
      return 'lab_results';
    case 'samples':
      return 'agreement';
    // An admission needs a signed agreement: after a declined or expired one, a new one is issued.
    case 'agreement':
      return 'agreement';
  }
}
