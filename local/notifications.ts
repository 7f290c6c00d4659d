import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { systemClock } from '../lambdas/adapters/container.js';
import { DynamoNotificationStore } from '../lambdas/adapters/dynamo-notifications.js';
import { OutboxNotifications } from '../lambdas/adapters/outbox-notifications.js';
import { WEBHOOK_BACKOFF } from '../lambdas/notify/backoff.js';
import type { NotifyDeps, NotifySettings } from '../lambdas/notify/deliver.js';
import { POST_DEFAULTS } from '../lambdas/notify/post.js';
import { WebhookServiceImpl } from '../lambdas/notify/service.js';
import type { EndpointDisabled, Mailer, SecretBox, WebhookEndpoint } from '../lambdas/ports/notifications.js';
import type { PortalRepository } from '../lambdas/ports/portal.js';
import type { ApplicationRepository } from '../lambdas/ports/repository.js';
import { PROJECT_ROOT } from './emulators.js';
import { type EngineOptions, LocalWebhookEngine } from './webhook-engine.js';

/**
 * Notifications locally: the same outbox, mailer code and webhook sender decisions as on AWS,
 * wired in-process (webhook-engine.ts). Events fan out in the background (the flow never waits on
 * an email or a receiver); what is owed is in the table, so a restart finds it and goes on.
 */

/** The local stand-in for KMS: AES-256-GCM under a key kept in .local (made on first use). */
export class LocalSecretBox implements SecretBox {
  private readonly key: Buffer;
  constructor(keyFile = join(PROJECT_ROOT, '.local', 'webhook-secrets.key')) {
    if (!existsSync(keyFile)) {
      mkdirSync(dirname(keyFile), { recursive: true });
      writeFileSync(keyFile, randomBytes(32).toString('base64'), { mode: 0o600 });
    }
    this.key = Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64');
  }

  async seal(plain: string, context: string): Promise<string> {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  async open(sealed: string, context: string): Promise<string> {
    const raw = Buffer.from(sealed, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }
}

/** Mail that goes nowhere (the headless `admit` run, which has no inbox). */
export const discardMailer: Mailer = { send: async () => {} };

/**
 * `get` with what it found kept for `ttlMs` and a miss for `missMs` (it may exist a moment later);
 * calls for a key already being read share that read.
 */
export function recent<T>(get: (key: string) => Promise<T | null>, ttlMs: number, missMs = 0) {
  const kept = new Map<string, { until: number; value: T | null }>();
  const reading = new Map<string, Promise<T | null>>();
  return async (key: string): Promise<T | null> => {
    const hit = kept.get(key);
    if (hit && hit.until > Date.now()) return hit.value;
    const inFlight = reading.get(key);
    if (inFlight) return inFlight;
    const read = get(key).finally(() => reading.delete(key));
    reading.set(key, read);
    const value = await read;
    if (kept.size > 10_000) kept.clear();
    const keep = value !== null ? ttlMs : missMs;
    if (keep > 0) kept.set(key, { until: Date.now() + keep, value });
    return value;
  };
}

/**
 * The store as the local sender and the seller's routes use it: an owner's endpoints read at
 * most once a second, and forgotten at once when this process changes one (registration, on/off,
 * failures begun or over), which locally is every change.
 */
export class LocalNotificationStore extends DynamoNotificationStore {
  private readonly lists = new Map<string, { until: number; value: Promise<WebhookEndpoint[]> }>();

  override listEndpoints(owner: string): Promise<WebhookEndpoint[]> {
    const hit = this.lists.get(owner);
    if (hit && hit.until > Date.now()) return hit.value;
    const value = super.listEndpoints(owner);
    if (this.lists.size > 10_000) this.lists.clear();
    this.lists.set(owner, { until: Date.now() + 1000, value });
    value.catch(() => this.lists.delete(owner));
    return value;
  }

  override async getEndpoint(owner: string, endpointId: string): Promise<WebhookEndpoint | null> {
    return (await this.listEndpoints(owner)).find((ep) => ep.endpointId === endpointId) ?? null;
  }

  private forget<T>(owner: string, write: Promise<T>): Promise<T> {
    this.lists.delete(owner);
    return write.finally(() => this.lists.delete(owner));
  }

  override putEndpoint(endpoint: WebhookEndpoint): Promise<void> {
    return this.forget(endpoint.owner, super.putEndpoint(endpoint));
  }
  override markFailing(owner: string, endpointId: string, at: string): Promise<string | null> {
    return this.forget(owner, super.markFailing(owner, endpointId, at));
  }
  override markHealthy(owner: string, endpointId: string): Promise<void> {
    return this.forget(owner, super.markHealthy(owner, endpointId));
  }
  override setDisabled(
    owner: string,
    endpointId: string,
    disabled: EndpointDisabled | null,
  ): Promise<boolean> {
    return this.forget(owner, super.setDisabled(owner, endpointId, disabled));
  }
}

export interface LocalNotifierOptions {
  db: DynamoDBDocumentClient;
  tableName: string;
  applications: ApplicationRepository;
  portal: PortalRepository;
  mailer?: Mailer;
  settings?: Partial<NotifySettings>;
  /** How often the outbox is swept for events a crash left undispatched (ms). */
  sweepMs?: number;
  /** Also run at every sweep (the reviewers' due-today notice). */
  onSweep?: () => Promise<unknown>;
}

export const LOCAL_NOTIFY_SETTINGS: NotifySettings = {
  portalUrl: 'http://127.0.0.1',
  from: '全托管入驻 <noreply@admission.local>',
  reviewersEmail: 'reviewers@admission.local',
  labEmail: (labId) => `${labId}@labs.admission.local`,
  urlPolicy: { allowLoopbackHttp: true },
  backoff: WEBHOOK_BACKOFF,
  post: POST_DEFAULTS,
};

export class LocalNotifier {
  readonly store: LocalNotificationStore;
  readonly queue: LocalWebhookEngine;
  readonly notifications: OutboxNotifications;
  readonly webhooks: WebhookServiceImpl;
  readonly settings: NotifySettings;
  readonly errors: unknown[] = [];
  private sweeper: NodeJS.Timeout | undefined;
  private running = false;
  /** Where the rolling outbox sweep goes on from (undefined: from the start). */
  private cursor: string | undefined;

  constructor(
    private readonly opts: LocalNotifierOptions,
    engine: Partial<EngineOptions> = {},
  ) {
    this.store = new LocalNotificationStore(opts.db, opts.tableName);
    this.settings = { ...LOCAL_NOTIFY_SETTINGS, ...opts.settings };
    const onError = (err: unknown) => {
      this.errors.push(err);
      if (this.errors.length > 100) this.errors.shift();
    };
    const deps: Omit<NotifyDeps, 'queue'> = {
      store: this.store,
      mailer: opts.mailer ?? discardMailer,
      secrets: new LocalSecretBox(),
      // Every event of an application looks up the same seller and owner: kept a moment (a miss
      // half a second), so a burst of events reads each once.
      applications: { get: recent((id: string) => opts.applications.get(id), 2000, 500) },
      portal: { getDraft: recent((id: string) => opts.portal.getDraft(id), 2000, 500) },
      // Deliveries run on real time (timers), whatever clock the applications run on.
      clock: systemClock,
      settings: this.settings,
    };
    this.queue = new LocalWebhookEngine(opts.db, opts.tableName, deps, onError, engine);
    this.notifications = new OutboxNotifications(this.store, this.queue, onError);
    this.webhooks = new WebhookServiceImpl({ ...deps, queue: this.queue });
  }

  /** Starts the sender and the outbox sweep (every marked event handed over at once, then a page a sweep). */
  start(): void {
    this.running = true;
    this.cursor = undefined;
    void this.queue.start().catch((err: unknown) => this.errors.push(err));
    const sweep = async (all: boolean) => {
      try {
        do await this.sweepPage();
        while (all && this.cursor !== undefined && this.running);
        await this.opts.onSweep?.();
      } catch (err) {
        this.errors.push(err);
      }
      if (this.running) this.sweeper = setTimeout(() => sweep(false), this.opts.sweepMs ?? 2000);
    };
    this.sweeper = setTimeout(() => sweep(true), 0);
  }

  /** One page of the outbox handed over (events this process has in hand are skipped by the sink). */
  private async sweepPage(): Promise<void> {
    const page = 100;
    const events = await this.store.undispatched(page, this.cursor);
    this.cursor = events.length === page ? events.at(-1)?.id : undefined;
    if (events.length > 0) await this.queue.dispatch(events);
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.sweeper);
    this.queue.stop();
  }

  /** Resolves when every event handed over has fanned out and no attempt or write is under way. */
  settled(): Promise<void> {
    return this.queue.settled();
  }
}
