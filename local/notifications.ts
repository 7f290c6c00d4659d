import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  BatchWriteCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { systemClock } from '../lambdas/adapters/container.js';
import { DynamoNotificationStore } from '../lambdas/adapters/dynamo-notifications.js';
import { OutboxNotifications } from '../lambdas/adapters/outbox-notifications.js';
import { WEBHOOK_BACKOFF } from '../lambdas/notify/backoff.js';
import {
  type AttemptOutcome,
  attemptDelivery,
  fanOut,
  type NotifyDeps,
  type NotifySettings,
} from '../lambdas/notify/deliver.js';
import { POST_DEFAULTS } from '../lambdas/notify/post.js';
import { WebhookServiceImpl } from '../lambdas/notify/service.js';
import type {
  DeliveryQueue,
  EventSink,
  Mailer,
  NotificationEvent,
  QueuedDelivery,
  SecretBox,
} from '../lambdas/ports/notifications.js';
import type { PortalRepository } from '../lambdas/ports/portal.js';
import type { ApplicationRepository } from '../lambdas/ports/repository.js';
import { PROJECT_ROOT } from './emulators.js';

/**
 * Notifications locally: the same outbox, mailer code and webhook sender as on AWS, wired
 * in-process. Events fan out in the background (the flow never waits on an email or a receiver);
 * webhook attempts are items in the table, so a restart finds them and goes on.
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

const QUEUE = 'WEBHOOK_QUEUE';
const queueItem = (item: QueuedDelivery) => ({
  pk: QUEUE,
  sk: `${item.dueAt}#${item.endpointId}#${item.deliveryId}`,
  ...item,
});

/**
 * The delivery queue in the table (pk WEBHOOK_QUEUE, sk `<dueAt>#<endpointId>#<deliveryId>`), worked
 * by a timer: due items are tried concurrently, at most `perEndpoint` at once for one endpoint and
 * `total` in all, so a slow receiver holds its own slots and nobody else's.
 */
export class LocalDeliveryQueue implements DeliveryQueue {
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Map<string, string>();
  private polling = false;
  private stopped = false;
  worker: (owner: string, deliveryId: string) => Promise<AttemptOutcome> = async () => ({ kind: 'skipped' });
  onError: (err: unknown) => void = () => {};

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    // A receiver slower than its share holds its own 32 slots, never the others'.
    private readonly opts: { pollMs: number; perEndpoint: number; total: number } = {
      pollMs: 50,
      perEndpoint: 32,
      total: 128,
    },
  ) {}

  async enqueue(item: QueuedDelivery): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: queueItem(item) }));
  }

  /** BatchWriteItem, 25 at a time; what DynamoDB leaves unprocessed is written again. */
  async enqueueMany(items: QueuedDelivery[]): Promise<void> {
    for (let i = 0; i < items.length; i += 25) {
      let requests = items.slice(i, i + 25).map((item) => ({ PutRequest: { Item: queueItem(item) } }));
      while (requests.length > 0) {
        const out = await this.db.send(
          new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } }),
        );
        requests = (out.UnprocessedItems?.[this.tableName] ?? []) as typeof requests;
      }
    }
  }

  start(): void {
    this.stopped = false;
    const tick = async () => {
      if (this.stopped) return;
      try {
        await this.poll();
      } catch (err) {
        this.onError(err);
      }
      if (!this.stopped) this.timer = setTimeout(tick, this.opts.pollMs);
    };
    this.timer = setTimeout(tick, 0);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** Items queued (due or not) and attempts running: 0 when all is delivered or failed for good. */
  async pending(): Promise<number> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': QUEUE },
        Select: 'COUNT',
      }),
    );
    return (out.Count ?? 0) + this.inFlight.size;
  }

  private async poll(): Promise<void> {
    if (this.polling || this.inFlight.size >= this.opts.total) return;
    this.polling = true;
    try {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk <= :now',
          ExpressionAttributeValues: { ':pk': QUEUE, ':now': `${new Date().toISOString()}~` },
          Limit: 500,
        }),
      );
      const perEndpoint = new Map<string, number>();
      for (const ep of this.inFlight.values()) perEndpoint.set(ep, (perEndpoint.get(ep) ?? 0) + 1);
      for (const item of out.Items ?? []) {
        const sk = item.sk as string;
        const endpoint = item.endpointId as string;
        if (this.inFlight.has(sk) || this.inFlight.size >= this.opts.total) continue;
        if ((perEndpoint.get(endpoint) ?? 0) >= this.opts.perEndpoint) continue;
        perEndpoint.set(endpoint, (perEndpoint.get(endpoint) ?? 0) + 1);
        this.inFlight.set(sk, endpoint);
        void this.work(sk, item.owner as string, item.deliveryId as string);
      }
    } finally {
      this.polling = false;
    }
  }

  private async work(sk: string, owner: string, deliveryId: string): Promise<void> {
    try {
      await this.worker(owner, deliveryId);
      await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: QUEUE, sk } }));
    } catch (err) {
      // Left in the queue: the next poll tries it again.
      this.onError(err);
    } finally {
      this.inFlight.delete(sk);
    }
  }
}

/** Fans each event out in the background: its emails, then its webhook deliveries (queued). */
class InProcessSink implements EventSink {
  readonly running = new Map<string, Promise<void>>();
  constructor(
    private readonly deps: NotifyDeps,
    private readonly onError: (err: unknown) => void,
  ) {}

  async dispatch(events: NotificationEvent[]): Promise<void> {
    for (const e of events) {
      if (this.running.has(e.id)) continue;
      const run = (async () => {
        await fanOut(this.deps, e);
        await this.deps.store.markDispatched(e.id);
      })()
        .catch(this.onError)
        .finally(() => this.running.delete(e.id));
      this.running.set(e.id, run);
    }
  }
}

/** `get` with what it found kept for `ttlMs` (a miss is asked again: it may exist a moment later). */
export function recent<T>(get: (key: string) => Promise<T | null>, ttlMs: number) {
  const kept = new Map<string, { until: number; value: T }>();
  return async (key: string): Promise<T | null> => {
    const hit = kept.get(key);
    if (hit && hit.until > Date.now()) return hit.value;
    const value = await get(key);
    if (kept.size > 10_000) kept.clear();
    if (value !== null) kept.set(key, { until: Date.now() + ttlMs, value });
    return value;
  };
}

const recent2 = <T>(get: (a: string, b: string) => Promise<T | null>, ttlMs: number) => {
  const one = recent((key: string) => {
    const [a, b] = JSON.parse(key) as [string, string];
    return get(a, b);
  }, ttlMs);
  return (a: string, b: string) => one(JSON.stringify([a, b]));
};

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
  readonly store: DynamoNotificationStore;
  readonly queue: LocalDeliveryQueue;
  readonly notifications: OutboxNotifications;
  readonly webhooks: WebhookServiceImpl;
  readonly settings: NotifySettings;
  readonly errors: unknown[] = [];
  private readonly sink: InProcessSink;
  private sweeper: NodeJS.Timeout | undefined;

  constructor(private readonly opts: LocalNotifierOptions) {
    this.store = new DynamoNotificationStore(opts.db, opts.tableName);
    this.queue = new LocalDeliveryQueue(opts.db, opts.tableName);
    this.settings = { ...LOCAL_NOTIFY_SETTINGS, ...opts.settings };
    const onError = (err: unknown) => {
      this.errors.push(err);
      if (this.errors.length > 100) this.errors.shift();
    };
    const deps: NotifyDeps = {
      store: this.store,
      mailer: opts.mailer ?? discardMailer,
      queue: this.queue,
      secrets: new LocalSecretBox(),
      applications: opts.applications,
      portal: opts.portal,
      // Deliveries run on real time (timers), whatever clock the applications run on.
      clock: systemClock,
      settings: this.settings,
    };
    // Every event of an application looks up the same seller and owner, and every attempt its
    // endpoint: kept a moment (found ones only), so a burst of events reads each once.
    const readers = {
      applications: { get: recent((id: string) => opts.applications.get(id), 2000) },
      portal: { getDraft: recent((id: string) => opts.portal.getDraft(id), 2000) },
    };
    const senderStore = Object.create(this.store) as DynamoNotificationStore;
    senderStore.getEndpoint = recent2((owner, id) => this.store.getEndpoint(owner, id), 1000);
    this.sink = new InProcessSink({ ...deps, ...readers }, onError);
    this.notifications = new OutboxNotifications(this.store, this.sink, onError);
    const senderDeps: NotifyDeps = { ...deps, ...readers, store: senderStore };
    this.queue.worker = (owner, id) => attemptDelivery(senderDeps, owner, id);
    this.queue.onError = onError;
    this.webhooks = new WebhookServiceImpl(deps);
  }

  /** Starts the queue and the outbox sweep (events a crash left behind are handed over at once). */
  start(): void {
    this.queue.start();
    const sweep = async () => {
      try {
        await this.notifications.redispatch(100);
        await this.opts.onSweep?.();
      } catch (err) {
        this.errors.push(err);
      }
      this.sweeper = setTimeout(sweep, this.opts.sweepMs ?? 2000);
    };
    this.sweeper = setTimeout(sweep, 0);
  }

  stop(): void {
    clearTimeout(this.sweeper);
    this.queue.stop();
  }

  /** Resolves when every event handed over has fanned out (tests, the bench). */
  async settled(): Promise<void> {
    while (this.sink.running.size > 0) await Promise.allSettled([...this.sink.running.values()]);
  }
}
