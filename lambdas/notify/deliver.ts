import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../ports/index.js';
import type {
  DeliveryAttempt,
  DeliveryQueue,
  EventType,
  Mailer,
  NotificationEvent,
  NotificationStore,
  SecretBox,
  WebhookDelivery,
  WebhookEndpoint,
} from '../ports/notifications.js';
import type { PortalRepository } from '../ports/portal.js';
import type { ApplicationRepository } from '../ports/repository.js';
import { type BackoffPolicy, nextAttemptAt } from './backoff.js';
import { webhookBody } from './events.js';
import { POST_DEFAULTS, type PostOptions, postPinned } from './post.js';
import { SIGNATURE_HEADER, signatureHeader } from './signing.js';
import { endpointDisabledEmail, type Language, renderEmail } from './templates.js';
import { checkWebhookUrl, type Resolver, type UrlPolicy, WebhookUrlError } from './url-check.js';

/**
 * The mailer and the webhook sender: the same code behind the EventBridge rules on AWS and the
 * in-process sink locally. Each send happens at most once per recipient and event id (a claim or
 * a delivery record written with a conditional put before anything goes out).
 */
export interface NotifySettings {
  portalUrl: string;
  from: string;
  reviewersEmail: string;
  labEmail(labId: string): string;
  urlPolicy: UrlPolicy;
  backoff: BackoffPolicy;
  post: PostOptions;
  resolve?: Resolver;
  random?: () => number;
}

export interface NotifyDeps {
  store: NotificationStore;
  mailer: Mailer;
  queue: DeliveryQueue;
  secrets: SecretBox;
  applications: Pick<ApplicationRepository, 'get'>;
  portal: Pick<PortalRepository, 'getDraft'>;
  clock: Clock;
  settings: NotifySettings;
}

export class NotifyError extends Error {
  override name = 'NotifyError';
}

export interface Resolved {
  email?: string;
  language: Language;
  /** The portal user who owns the application: whose webhooks get it. */
  owner?: string;
}

export type RecipientDeps = Pick<NotifyDeps, 'applications' | 'portal' | 'settings'>;

export async function resolveRecipient(deps: RecipientDeps, e: NotificationEvent): Promise<Resolved> {
  switch (e.recipient.kind) {
    case 'reviewers':
      return { email: deps.settings.reviewersEmail, language: 'zh' };
    case 'lab':
      return { email: deps.settings.labEmail(e.recipient.labId), language: 'zh' };
    case 'seller': {
      const { applicationId } = e.recipient;
      const [record, draft] = await Promise.all([
        deps.applications.get(applicationId),
        deps.portal.getDraft(applicationId),
      ]);
      const seller = record?.application.seller;
      const language: Language = seller?.language === 'en' ? 'en' : 'zh';
      return {
        ...(seller?.contactEmail ? { email: seller.contactEmail } : {}),
        language,
        ...(draft?.owner ? { owner: draft.owner } : {}),
      };
    }
  }
}

/** The email of one event, once per address: claimed first, the claim given back if sending fails. */
export async function sendEmails(
  deps: RecipientDeps & Pick<NotifyDeps, 'store' | 'mailer' | 'clock'>,
  e: NotificationEvent,
  resolved?: Resolved,
): Promise<'sent' | 'skipped'> {
  const r = resolved ?? (await resolveRecipient(deps, e));
  if (!r.email) return 'skipped';
  const at = deps.clock.now().toISOString();
  if (!(await deps.store.claimEmail(e.id, r.email, at))) return 'skipped';
  const mail = renderEmail(e, r.language, deps.settings.portalUrl);
  try {
    await deps.mailer.send({ to: r.email, ...mail, eventId: e.id });
  } catch (err) {
    await deps.store.releaseEmail(e.id, r.email);
    throw new NotifyError(`email of ${e.id} not sent`, { cause: err });
  }
  return 'sent';
}

export function deliveryIdOf(eventId: string, endpointId: string): string {
  return createHash('sha256').update(`${eventId}\n${endpointId}`).digest('hex').slice(0, 32);
}

/**
 * The deliveries an event makes: one per enabled endpoint of its owner subscribed to its type,
 * each due now (nothing written: `createDeliveries` and the local engine write them).
 */
export async function plannedDeliveries(
  deps: RecipientDeps & Pick<NotifyDeps, 'store' | 'clock'>,
  e: NotificationEvent,
  resolved?: Resolved,
): Promise<WebhookDelivery[]> {
  const r = resolved ?? (await resolveRecipient(deps, e));
  if (!r.owner) return [];
  const owner = r.owner;
  const endpoints = (await deps.store.listEndpoints(owner)).filter(
    (ep) => ep.events.includes(e.type) && !ep.disabled,
  );
  if (endpoints.length === 0) return [];
  const now = deps.clock.now().toISOString();
  const body = webhookBody(e);
  return endpoints.map(
    (ep): WebhookDelivery => ({
      deliveryId: deliveryIdOf(e.id, ep.endpointId),
      owner,
      endpointId: ep.endpointId,
      url: ep.url,
      eventId: e.id,
      eventType: e.type,
      body,
      status: 'pending',
      attempts: 0,
      createdAt: now,
      updatedAt: now,
      nextAttemptAt: now,
      scheduleFrom: now,
    }),
  );
}

/**
 * One delivery per endpoint subscribed to the event's type, each queued to be tried now: the
 * deliveries written in one round trip and queued in one where the queue can (the local table).
 */
export async function createDeliveries(
  deps: RecipientDeps & Pick<NotifyDeps, 'store' | 'queue' | 'clock'>,
  e: NotificationEvent,
  resolved?: Resolved,
): Promise<number> {
  const deliveries = await plannedDeliveries(deps, e, resolved);
  if (deliveries.length === 0) return 0;
  const made = await deps.store.createDeliveries(deliveries);
  // A delivery made by an earlier try of this event whose queueing then failed is queued again
  // while it has never been attempted (a second message for it is harmless: an attempt is taken
  // by a conditional write).
  const owed = await Promise.all(
    deliveries.map(async (d, i) => {
      if (made[i]) return d;
      const stored = await deps.store.getDelivery(d.owner, d.deliveryId);
      return stored && stored.status === 'pending' && stored.attempts === 0 ? stored : null;
    }),
  );
  const queued = owed
    .filter((d): d is WebhookDelivery => d !== null)
    .map((d) => ({
      owner: d.owner,
      deliveryId: d.deliveryId,
      endpointId: d.endpointId,
      dueAt: d.nextAttemptAt ?? d.createdAt,
    }));
  if (deps.queue.enqueueMany) await deps.queue.enqueueMany(queued);
  else for (const q of queued) await deps.queue.enqueue(q);
  return queued.length;
}

/** An event's emails and webhook deliveries, its recipient looked up once for both. */
export async function fanOut(
  deps: RecipientDeps & Pick<NotifyDeps, 'store' | 'queue' | 'clock' | 'mailer'>,
  e: NotificationEvent,
): Promise<void> {
  const r = await resolveRecipient(deps, e);
  const [mail, hooks] = await Promise.allSettled([sendEmails(deps, e, r), createDeliveries(deps, e, r)]);
  for (const x of [mail, hooks]) if (x.status === 'rejected') throw x.reason;
}

export type AttemptOutcome =
  | { kind: 'skipped' }
  | { kind: 'not_yet'; dueAt: string }
  | { kind: 'succeeded' }
  | { kind: 'retry'; dueAt: string }
  | { kind: 'failed' };

/** How long an endpoint may fail, every attempt, before the sender turns it off. */
export const DISABLE_AFTER_MS = 24 * 3_600_000;

/**
 * One attempt of a delivery: taken (conditional on the attempt count), signed, POSTed to the
 * checked and pinned address, logged; then done, failed for good, or queued for its next time.
 * An endpoint that has failed every attempt for 24 hours (or through a delivery's whole 24-hour
 * schedule) is turned off and its seller told; a disabled endpoint gets nothing until turned on.
 */
export type SenderDeps = Pick<
  NotifyDeps,
  'store' | 'queue' | 'secrets' | 'clock' | 'settings' | 'mailer' | 'applications' | 'portal'
>;

/** What one attempt did: its log line (none when closed unsent), the delivery after it, what next. */
export interface TriedAttempt {
  attempt: DeliveryAttempt | null;
  updated: WebhookDelivery;
  next: Date | null;
  outcome: AttemptOutcome;
  /** The endpoint as this attempt turned it off (its seller is to be told), if it did. */
  disabledNow: WebhookEndpoint | null;
}

export async function attemptDelivery(
  deps: SenderDeps,
  owner: string,
  deliveryId: string,
): Promise<AttemptOutcome> {
  const now = deps.clock.now();
  // Read and taken in one conditional update (a second worker, or one too early, gets null).
  const d = await deps.store.takeAttempt(
    owner,
    deliveryId,
    now.toISOString(),
    new Date(now.getTime() + 1000).toISOString(),
  );
  if (!d) return notTaken(deps, owner, deliveryId, now);
  const tried = await tryAttempt(deps, d, now);
  if (tried.attempt) await deps.store.finishAttempt(tried.attempt, tried.updated);
  else await deps.store.saveDelivery(tried.updated);
  if (tried.disabledNow) await tellIfDisabled(deps, tried.updated, tried.disabledNow);
  if (tried.outcome.kind === 'retry')
    await deps.queue.enqueue({ owner, deliveryId, endpointId: d.endpointId, dueAt: tried.outcome.dueAt });
  return tried.outcome;
}

/**
 * Attempt `d.attempts + 1` of a delivery already taken (`d` as it was before the attempt): the
 * POST, the endpoint's failure bookkeeping, and the delivery and log line to write (the caller
 * writes them: one transaction on AWS, batched locally).
 */
export async function tryAttempt(deps: SenderDeps, d: WebhookDelivery, now: Date): Promise<TriedAttempt> {
  const owner = d.owner;
  const endpoint = await deps.store.getEndpoint(owner, d.endpointId);
  if (endpoint?.disabled) {
    // Not attempted: the seller re-sends it after turning the endpoint on.
    return {
      attempt: null,
      updated: closed(d, now),
      next: null,
      outcome: { kind: 'failed' },
      disabledNow: null,
    };
  }
  const n = d.attempts + 1;
  const result = endpoint
    ? await post(deps, endpoint, d.body, now)
    : { error: 'endpoint removed', durationMs: 0 };
  const ok = result.status !== undefined && result.status >= 200 && result.status < 300;
  const finished = deps.clock.now();
  let next =
    ok || !endpoint
      ? null
      : nextAttemptAt(deps.settings.backoff, n, new Date(d.scheduleFrom), finished, deps.settings.random);
  let disabledNow: WebhookEndpoint | null = null;
  if (endpoint && ok && endpoint.failingSince) await deps.store.markHealthy(owner, endpoint.endpointId);
  if (endpoint && !ok) {
    // One write when the failures begin, none for each failure after (the endpoint was read).
    const since =
      endpoint.failingSince ??
      (await deps.store.markFailing(owner, endpoint.endpointId, now.toISOString())) ??
      now.toISOString();
    const failedFor = finished.getTime() - Date.parse(since);
    // 24 hours in all, or this delivery's whole schedule (≈ 24 h) spent with the failures begun
    // by about its first attempt (within the first backoff step of its start).
    const scheduleSpent =
      next === null && Date.parse(since) <= Date.parse(d.scheduleFrom) + deps.settings.backoff.baseMs;
    if (failedFor >= DISABLE_AFTER_MS || scheduleSpent) {
      const disabled = { at: finished.toISOString(), by: 'failures' as const };
      if (await deps.store.setDisabled(owner, endpoint.endpointId, disabled))
        disabledNow = { ...endpoint, failingSince: since, disabled };
      next = null;
    }
  }
  const updated: WebhookDelivery = {
    ...d,
    attempts: n,
    updatedAt: finished.toISOString(),
    status: ok ? 'succeeded' : next ? 'pending' : 'failed',
  };
  if (next) updated.nextAttemptAt = next.toISOString();
  else delete updated.nextAttemptAt;
  const attempt: DeliveryAttempt = {
    deliveryId: d.deliveryId,
    n,
    at: now.toISOString(),
    durationMs: result.durationMs,
    outcome: ok ? 'succeeded' : 'failed',
    ...(result.status !== undefined ? { httpStatus: result.status } : {}),
    ...(result.error ? { error: result.error } : {}),
  };
  const outcome: AttemptOutcome = ok
    ? { kind: 'succeeded' }
    : next
      ? { kind: 'retry', dueAt: next.toISOString() }
      : { kind: 'failed' };
  return { attempt, updated, next, outcome, disabledNow };
}

/** Why an attempt was not taken: not due yet (queued again), or nothing to do. */
async function notTaken(
  deps: SenderDeps,
  owner: string,
  deliveryId: string,
  now: Date,
): Promise<AttemptOutcome> {
  const d = await deps.store.getDelivery(owner, deliveryId);
  if (!d) return { kind: 'skipped' };
  // A retry after the seller's notice failed to go: it is claimed once, so trying again is safe.
  if (d.status === 'failed') await tellIfDisabled(deps, d);
  if (d.status === 'pending' && d.nextAttemptAt && Date.parse(d.nextAttemptAt) > now.getTime() + 1000)
    return { kind: 'not_yet', dueAt: d.nextAttemptAt };
  return { kind: 'skipped' };
}

function closed(d: WebhookDelivery, now: Date): WebhookDelivery {
  const { nextAttemptAt: _n, ...rest } = d;
  return { ...rest, status: 'failed', updatedAt: now.toISOString() };
}

/**
 * The seller's email that the sender turned an endpoint off: to the contact of the application
 * the delivery's event is about, once per (endpoint, time it was turned off).
 */
export async function tellIfDisabled(
  deps: SenderDeps,
  d: WebhookDelivery,
  known?: WebhookEndpoint,
): Promise<void> {
  const endpoint = known ?? (await deps.store.getEndpoint(d.owner, d.endpointId));
  if (endpoint?.disabled?.by !== 'failures') return;
  const { data } = JSON.parse(d.body) as { data?: { applicationId?: string } };
  if (!data?.applicationId) return;
  const r = await resolveRecipient(deps, {
    id: d.eventId,
    type: d.eventType,
    occurredAt: d.createdAt,
    recipient: { kind: 'seller', applicationId: data.applicationId },
    data: {},
  });
  if (!r.email) return;
  const claim = `${endpoint.endpointId}:endpoint_disabled:${endpoint.disabled.at}`;
  if (!(await deps.store.claimEmail(claim, r.email, deps.clock.now().toISOString()))) return;
  try {
    const mail = endpointDisabledEmail(endpoint, r.language, deps.settings.portalUrl);
    await deps.mailer.send({ to: r.email, ...mail, eventId: claim });
  } catch (err) {
    await deps.store.releaseEmail(claim, r.email);
    throw new NotifyError(`notice of endpoint ${endpoint.endpointId} disabled not sent`, { cause: err });
  }
}

async function post(deps: SenderDeps, endpoint: WebhookEndpoint, body: string, now: Date) {
  let target: { url: URL; address: string };
  try {
    target = await checkWebhookUrl(endpoint.url, deps.settings.urlPolicy, deps.settings.resolve);
  } catch (err) {
    if (err instanceof WebhookUrlError) return { error: `refused: ${err.message}`, durationMs: 0 };
    throw err;
  }
  const secret = await deps.secrets.open(endpoint.sealedSecret, endpoint.endpointId);
  return postPinned(
    target.url,
    target.address,
    { [SIGNATURE_HEADER]: signatureHeader(secret, body, now), 'user-agent': 'admission-webhooks/1' },
    body,
    deps.settings.post ?? POST_DEFAULTS,
  );
}

/** A seller's new endpoint: the URL checked now (and again at every attempt); the secret shown once. */
export async function registerEndpoint(
  deps: Pick<NotifyDeps, 'store' | 'secrets' | 'clock' | 'settings'>,
  owner: string,
  input: { url: string; events: EventType[] },
): Promise<{ endpointId: string; url: string; events: EventType[]; secret: string; createdAt: string }> {
  await checkWebhookUrl(input.url, deps.settings.urlPolicy, deps.settings.resolve);
  const endpointId = `we_${randomBytes(9).toString('base64url')}`;
  const secret = `whsec_${randomBytes(24).toString('base64url')}`;
  const createdAt = deps.clock.now().toISOString();
  await deps.store.putEndpoint({
    endpointId,
    owner,
    url: input.url,
    events: [...new Set(input.events)],
    sealedSecret: await deps.secrets.seal(secret, endpointId),
    createdAt,
  });
  return { endpointId, url: input.url, events: input.events, secret, createdAt };
}

/** A delivery tried again now, with a new 24-hour schedule (the seller's re-send). */
export async function resendDelivery(
  deps: Pick<NotifyDeps, 'store' | 'queue' | 'clock'>,
  owner: string,
  deliveryId: string,
): Promise<WebhookDelivery | null> {
  const d = await deps.store.getDelivery(owner, deliveryId);
  if (!d) return null;
  const now = deps.clock.now().toISOString();
  const updated: WebhookDelivery = {
    ...d,
    status: 'pending',
    nextAttemptAt: now,
    scheduleFrom: now,
    updatedAt: now,
  };
  await deps.store.saveDelivery(updated);
  await deps.queue.enqueue({ owner, deliveryId, endpointId: d.endpointId, dueAt: now });
  return updated;
}

/** The seller turns an endpoint off or on; on forgets its failures. False: no such endpoint. */
export async function setEndpointEnabled(
  deps: Pick<NotifyDeps, 'store' | 'clock'>,
  owner: string,
  endpointId: string,
  enabled: boolean,
): Promise<boolean> {
  if (!(await deps.store.getEndpoint(owner, endpointId))) return false;
  if (enabled) return deps.store.setDisabled(owner, endpointId, null);
  await deps.store.setDisabled(owner, endpointId, { at: deps.clock.now().toISOString(), by: 'seller' });
  return true;
}
