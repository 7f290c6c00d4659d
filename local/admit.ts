import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type * as z from 'zod';
import { addChinaWorkingDays } from '../lambdas/domain/calendar.js';
import { addDays } from '../lambdas/domain/dates.js';
import type { Application } from '../lambdas/domain/model.js';
import {
  decideAppeal,
  decideReview,
  fileAppeal,
  postLabResult,
  signAgreement,
  submitApplication,
} from '../lambdas/usecases/actions.js';
import { agreementOnOffer } from '../lambdas/usecases/agreement.js';
import {
  ApplicationSchema,
  type Decisions,
  DecisionsSchema,
  fieldPath,
} from '../lambdas/usecases/schemas.js';
import { type ApplicationView, viewApplication } from '../lambdas/usecases/view.js';
import { ManualClock } from './clock.js';
import type { Platform } from './platform.js';

export interface ErrorRecord {
  applicationId: string | null;
  folder: string;
  status: 'ERROR';
  error: { code: string; file?: string; field?: string; message: string };
}

export type AdmitRecord = ApplicationView | ErrorRecord;

class FolderError extends Error {
  constructor(readonly detail: ErrorRecord['error']) {
    super(detail.message);
  }
}

async function readJson<S extends z.ZodType>(
  folder: string,
  file: string,
  schema: S,
  optional: boolean,
): Promise<z.infer<S> | undefined> {
  let text: string;
  try {
    text = await readFile(join(folder, file), 'utf8');
  } catch (err) {
    if (optional && (err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    const code = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'APPLICATION_MISSING' : 'FILE_UNREADABLE';
    throw new FolderError({ code, file, message: `${file} could not be read: ${(err as Error).message}` });
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new FolderError({
      code: 'JSON_MALFORMED',
      file,
      message: `${file} is not valid JSON: ${(err as Error).message}`,
    });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue ? fieldPath(issue.path) : '';
    throw new FolderError({
      code: file === 'decisions.json' ? 'DECISIONS_INVALID' : 'APPLICATION_INVALID',
      file,
      field,
      message: parsed.error.issues
        .map((i) => `${file} ${fieldPath(i.path) || '(root)'}: ${i.message}`)
        .join('; '),
    });
  }
  return parsed.data;
}

async function fileIn(folder: string, file: string): Promise<Uint8Array | null> {
  try {
    return new Uint8Array(await readFile(join(folder, basename(file))));
  } catch {
    return null;
  }
}

const MAX_ROUNDS = 60;

/**
 * Runs one application folder through the local pipeline, answering its human steps from
 * decisions.json on the application's own clock. Never throws: every failure is a record.
 */
export async function admitFolder(
  platform: Platform,
  folder: string,
  log: (line: string) => void = () => {},
): Promise<AdmitRecord> {
  let applicationId: string | null = null;
  try {
    const input = (await readJson(folder, 'application.json', ApplicationSchema, false)) as z.infer<
      typeof ApplicationSchema
    >;
    const decisions = ((await readJson(folder, 'decisions.json', DecisionsSchema, true)) ?? {}) as Decisions;
    const app: Application = {
      ...input,
      applicationId: input.applicationId ?? `app-${randomUUID()}`,
    } as Application;
    applicationId = app.applicationId;
    const id = app.applicationId;
    const { container: c, runtime, clocks } = platform;
    // Each application runs on its own clock, from 09:00 China time on its application date.
    const clock = new ManualClock(`${app.applicationDate}T01:00:00.000Z`);
    clocks.assign(id, clock);
    const inApp = <T>(fn: () => Promise<T>) => clocks.run(id, fn);

    const { created } = await inApp(() => submitApplication(c, app, (f) => fileIn(folder, f)));
    if (!created) {
      const existing = await c.applications.get(id);
      if (!existing) throw new Error(`${id} is neither new nor in the store`);
      if (existing.status === 'ADMITTED' || existing.status === 'REJECTED') {
        log(`${id}: already decided in the store`);
        return viewApplication(c, id);
      }
      // Left unfinished by a run that was stopped (a kill): its clock resumes where its record
      // stopped, the flow is re-driven where it stood, and its human steps are answered as before.
      const events = await c.applications.listEvents(id);
      // Event times are the application's own clock (updatedAt is the wall clock).
      const last = events
        .map((e) => e.at)
        .sort()
        .at(-1);
      if (last) clock.advanceTo(last);
      log(`${id}: resuming at ${existing.resumeAt ?? 'intake'}`);
      await runtime.start(`${id}:resume:${randomUUID().slice(0, 8)}`, {
        applicationId: id,
        resumeAt: existing.resumeAt ?? 'intake',
      });
    }
    let appealed = false;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const execution = runtime.latest(id);
      if (!execution) throw new Error(`no execution for ${id}`);
      const settled = await runtime.settled(execution.name);
      if (settled.state === 'failed') {
        return {
          applicationId: id,
          folder,
          status: 'ERROR',
          error: { code: 'STEP_FAILED', message: `${settled.error?.name}: ${settled.error?.message}` },
        };
      }
      const record = await c.applications.get(id);
      if (!record) throw new Error(`${id} vanished`);
      log(`${id}: ${record.status}`);
      const step = await inApp(async () => {
        switch (record.status) {
          case 'ADMITTED':
            return 'done';
          case 'REJECTED': {
            if (!decisions.appeal || appealed || record.rejection?.appealed) return 'done';
            appealed = true;
            const docs = [];
            for (const d of decisions.appeal.documents) {
              const bytes = await fileIn(folder, d.file);
              if (!bytes)
                throw new FolderError({
                  code: 'FILE_MISSING',
                  file: d.file,
                  field: 'appeal.documents',
                  message: `${d.file} named in decisions.json is not in the folder`,
                });
              docs.push({ type: d.type, file: d.file, bytes });
            }
            await fileAppeal(c, id, docs);
            return 'next';
          }
          case 'AWAITING_REVIEW': {
            const appeal = (await c.applications.listTasks(id)).find(
              (t) => t.kind === 'appeal' && t.status === 'OPEN',
            );
            if (appeal) {
              if (!decisions.appeal) return 'done';
              await decideAppeal(
                c,
                id,
                { outcome: decisions.appeal.outcome, note: decisions.appeal.note ?? '' },
                'reviewer:admit',
              );
              return 'next';
            }
            if (!decisions.review) return 'done';
            await decideReview(
              c,
              id,
              { outcome: decisions.review.outcome, note: decisions.review.note ?? '' },
              'reviewer:admit',
            );
            return 'next';
          }
          case 'AWAITING_LAB_RESULTS':
            return answerLab(platform, id, clock, decisions);
          case 'AWAITING_SIGNATURE': {
            if (!decisions.signature) return 'done';
            const offer = await agreementOnOffer(c, id);
            if (!offer) return 'done';
            const { task, issue } = offer;
            const at = new Date(issue.issuedAt);
            clock.advanceTo(
              `${addDays(at.toISOString().slice(0, 10), decisions.signature.afterDays ?? 0)}${at.toISOString().slice(10)}`,
            );
            if (
              (await c.applications.getTask(id, 'signature', task.round))?.status !== 'OPEN' ||
              runtime.latest(id)?.state === 'running'
            ) {
              return 'next'; // the deadline passed first
            }
            await signAgreement(
              c,
              id,
              { accept: decisions.signature.accept, signerName: decisions.signature.signerName ?? '' },
              'seller:admit',
            );
            return 'next';
          }
          default:
            return 'next';
        }
      });
      if (step === 'done') return viewApplication(c, id);
    }
    throw new Error(`${id} did not settle after ${MAX_ROUNDS} rounds`);
  } catch (err) {
    const detail =
      err instanceof FolderError
        ? err.detail
        : { code: 'RUN_FAILED', message: (err as Error).message ?? String(err) };
    return { applicationId, folder, status: 'ERROR', error: detail };
  }
}

/** Posts the next lab result the decisions give, at its time on the application's clock. */
async function answerLab(
  platform: Platform,
  id: string,
  clock: ManualClock,
  decisions: Decisions,
): Promise<'next' | 'done'> {
  if (!decisions.labResults) return 'done';
  const { container: c, runtime } = platform;
  const bookings = await c.applications.listBookings(id);
  const open = bookings.filter((b) => !b.result);
  const planned = open
    .map((b) => {
      const attempts = decisions.labResults?.[b.sku] ?? [{ passed: true }];
      const plan = attempts[b.attempt - 1];
      return plan
        ? { booking: b, plan, at: addChinaWorkingDays(b.bookedAt, plan.afterWorkingDays ?? 0) }
        : null;
    })
    .filter((x): x is NonNullable<typeof x> => x !== null)
    .sort((a, b) => a.at.localeCompare(b.at));
  const next = planned[0];
  if (!next) return 'done';
  clock.advanceTo(next.at);
  if (runtime.latest(id)?.state === 'running') return 'next'; // a due date passed first
  await postLabResult(
    c,
    id,
    { sku: next.booking.sku, passed: next.plan.passed, findings: next.plan.findings ?? [] },
    'lab:admit',
  );
  return 'next';
}
