import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { notificationItems } from '../lambdas/adapters/dynamo-notifications.js';
import { queryAll } from '../lambdas/adapters/dynamo-query.js';
import {
  type NotifyDeps,
  plannedDeliveries,
  resolveRecipient,
  type SenderDeps,
  sendEmails,
  tellIfDisabled,
  tryAttempt,
} from '../lambdas/notify/deliver.js';
import type {
  DeliveryQueue,
  EventSink,
  NotificationEvent,
  QueuedDelivery,
  WebhookDelivery,
} from '../lambdas/ports/notifications.js';
import { WriteBatcher } from './write-batcher.js';

/**
 * The local webhook sender: the events' fan-out and the deliveries' attempts, in this process,
 * with the table as the record of what is owed. The same decisions as the AWS sender (deliver.ts:
 * the deliveries an event makes, an attempt's outcome, backoff, turning an endpoint off); what
 * differs is the plumbing, which is built for one process over DynamoDB Local:
 *
 * - Work queues per endpoint: at most `perEndpoint` attempts in flight to one endpoint and `total`
 *   in all; an attempt ends at its POST timeout, so a hanging or down endpoint holds its own slots
 *   only, never another endpoint's or seller's. The slot is freed when the POST ends; the writes
 *   that record it follow, batched.
 * - Durability: an event's outbox marker stays until each of its deliveries has been written and
 *   tried once (or its retry queued): a restart re-hands the marked events, whose deliveries are
 *   then made once (conditional) and tried if still pending. A retry is a queue item in the table
 *   (pk WEBHOOK_QUEUE, sk `<dueAt>#<endpointId>#<deliveryId>`), read back at start. One sender per
 *   table: attempts are exclusive within this process (a delivery is in one lane at a time), so
 *   the AWS sender's conditional take is not needed here.
 * - Writes batched: a fresh event's deliveries (nothing can exist yet: the event was new), each
 *   attempt's log line and delivery state, queue items and marker deletes go through one
 *   BatchWriteItem writer (25 a call) shared by all; recipients and endpoints are read through
 *   short-lived caches.
 */

const QUEUE = 'WEBHOOK_QUEUE';
/** One queue item per delivery (its due time an attribute): a retry overwrites it in one put. */
const queueSk = (item: Pick<QueuedDelivery, 'endpointId' | 'deliveryId'>) =>
  `${item.endpointId}#${item.deliveryId}`;

export interface EngineOptions {
  perEndpoint: number;
  total: number;
  /** Events fanned out together, and how many such groups at once. */
  fanOutBatch: number;
  fanOutConcurrency: number;
  /** Attempts whose POST ended but whose record is not written yet: no new POST above this. */
  maxUnwritten: number;
  tickMs: number;
}

export const ENGINE_DEFAULTS: EngineOptions = {
  perEndpoint: 16,
  total: 128,
  fanOutBatch: 25,
  fanOutConcurrency: 4,
  maxUnwritten: 2000,
  tickMs: 50,
};

/** A delivery owed an attempt. */
interface Entry {
  owner: string;
  deliveryId: string;
  endpointId: string;
  dueAt: number;
  /** Its state as this process last wrote it (no read needed), when known. */
  delivery?: WebhookDelivery;
  /** Its queue items in the table, deleted once it is tried. */
  queueSks: string[];
  /** The event whose marker waits for this first attempt. */
  eventId?: string;
  state: 'waiting' | 'ready' | 'running';
  /** Asked for again while running (a re-send): read anew and tried after this attempt. */
  again?: number;
}

interface EventState {
  event: NotificationEvent;
  fresh: boolean;
  /** First attempts still to be made before the marker goes. */
  left: number;
  fannedOut: boolean;
}

interface Lane {
  ready: Entry[];
  head: number;
  running: number;
}

/** A binary heap of entries by due time (an entry re-timed is pushed again; stale nodes skipped). */
class DueHeap {
  private readonly nodes: { at: number; entry: Entry }[] = [];
  get size(): number {
    return this.nodes.length;
  }
  push(entry: Entry): void {
    const n = this.nodes;
    n.push({ at: entry.dueAt, entry });
    let i = n.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if ((n[p] as { at: number }).at <= (n[i] as { at: number }).at) break;
      [n[p], n[i]] = [n[i] as { at: number; entry: Entry }, n[p] as { at: number; entry: Entry }];
      i = p;
    }
  }
  /** Entries due by `now`, each still waiting for that very time. */
  *popDue(now: number): Generator<Entry> {
    const n = this.nodes;
    while (n.length > 0 && (n[0] as { at: number }).at <= now) {
      const top = n[0] as { at: number; entry: Entry };
      const last = n.pop() as { at: number; entry: Entry };
      if (n.length > 0) {
        n[0] = last;
        let i = 0;
        for (;;) {
          const l = 2 * i + 1;
          const r = l + 1;
          let m = i;
          if (l < n.length && (n[l] as { at: number }).at < (n[m] as { at: number }).at) m = l;
          if (r < n.length && (n[r] as { at: number }).at < (n[m] as { at: number }).at) m = r;
          if (m === i) break;
          [n[m], n[i]] = [n[i] as { at: number; entry: Entry }, n[m] as { at: number; entry: Entry }];
          i = m;
        }
      }
      if (top.entry.state === 'waiting' && top.entry.dueAt === top.at) yield top.entry;
    }
  }
}

export class LocalWebhookEngine implements EventSink, DeliveryQueue {
  readonly writer: WriteBatcher;
  private readonly events = new Map<string, EventState>();
  private readonly fanQueue: string[] = [];
  private fanOuts = 0;
  private readonly entries = new Map<string, Entry>();
  private readonly heap = new DueHeap();
  private readonly lanes = new Map<string, Lane>();
  private running = 0;
  private unwritten = 0;
  private readonly busy = new Set<Promise<unknown>>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private readonly opts: EngineOptions;
  private readonly deps: NotifyDeps & SenderDeps;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    deps: Omit<NotifyDeps, 'queue'>,
    private readonly onError: (err: unknown) => void,
    opts: Partial<EngineOptions> = {},
  ) {
    this.deps = { ...deps, queue: this };
    this.opts = { ...ENGINE_DEFAULTS, ...opts };
    this.writer = new WriteBatcher(db, tableName);
  }

  /** Starts working: the retries queued in the table are read back first. */
  async start(): Promise<void> {
    this.stopped = false;
    const tick = () => {
      if (this.stopped) return;
      this.release();
      this.timer = setTimeout(tick, this.opts.tickMs);
    };
    clearTimeout(this.timer);
    tick();
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': QUEUE },
    });
    for (const i of items) {
      this.schedule({
        owner: i.owner as string,
        deliveryId: i.deliveryId as string,
        endpointId: i.endpointId as string,
        dueAt: Date.parse(i.dueAt as string),
        queueSks: [i.sk as string],
      });
    }
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** Events handed over and not yet done with, attempts owed (queued or running). */
  pending(): { events: number; deliveries: number } {
    return { events: this.events.size, deliveries: this.entries.size };
  }

  /** Resolves when no fan-out, no attempt and no write is under way (attempts due later may wait). */
  async settled(): Promise<void> {
    for (;;) {
      if (this.fanQueue.length === 0 && this.busy.size === 0) break;
      await Promise.allSettled([...this.busy, new Promise((r) => setTimeout(r, 20))]);
    }
    await this.writer.drained();
  }

  // ---- the sink: events in ----

  async dispatch(events: NotificationEvent[], how?: { fresh: boolean }): Promise<void> {
    for (const event of events) {
      if (this.events.has(event.id)) continue;
      this.events.set(event.id, { event, fresh: how?.fresh === true, left: 0, fannedOut: false });
      this.fanQueue.push(event.id);
    }
    this.fanOutMore();
  }

  private fanOutMore(): void {
    while (this.fanQueue.length > 0 && this.fanOuts < this.opts.fanOutConcurrency) {
      const ids = this.fanQueue.splice(0, this.opts.fanOutBatch);
      const states = ids.map((id) => this.events.get(id)).filter((s): s is EventState => s !== undefined);
      this.fanOuts++;
      this.track(
        this.fanOutGroup(states).finally(() => {
          this.fanOuts--;
          this.fanOutMore();
        }),
      );
    }
  }

  /** Emails sent and deliveries written for a group of events; their first attempts lined up. */
  private async fanOutGroup(states: EventState[]): Promise<void> {
    await Promise.all(
      states.map(async (st) => {
        try {
          const e = st.event;
          const r = await resolveRecipient(this.deps, e);
          const [, planned] = await Promise.all([
            sendEmails(this.deps, e, r),
            plannedDeliveries(this.deps, e, r),
          ]);
          // A new event's deliveries cannot exist yet: each is first written with its first
          // attempt (the event's marker stands for them until then). A re-handed one's are made
          // once, conditionally.
          const made = st.fresh ? planned.map(() => true) : await this.deps.store.createDeliveries(planned);
          const owed: Omit<Entry, 'state'>[] = [];
          for (const [i, d] of planned.entries()) {
            if (made[i]) {
              owed.push(this.entryOf(d, { delivery: d, eventId: e.id }));
              continue;
            }
            // There already (a re-hand after a restart): tried again if still owed.
            const stored = await this.deps.store.getDelivery(d.owner, d.deliveryId);
            if (stored?.status !== 'pending') continue;
            owed.push(
              this.entryOf(stored, {
                delivery: stored,
                ...(stored.attempts === 0 ? { eventId: e.id } : {}),
              }),
            );
          }
          st.left = owed.filter((x) => x.eventId).length;
          st.fannedOut = true;
          for (const x of owed) this.schedule(x);
          if (st.left === 0) await this.done(st);
        } catch (err) {
          // The marker stays: the outbox sweep hands the event over again.
          this.events.delete(st.event.id);
          this.onError(err);
        }
      }),
    );
  }

  private entryOf(d: WebhookDelivery, extra: Pick<Entry, 'delivery' | 'eventId'>): Omit<Entry, 'state'> {
    return {
      owner: d.owner,
      deliveryId: d.deliveryId,
      endpointId: d.endpointId,
      dueAt: Date.parse(d.nextAttemptAt ?? d.updatedAt),
      queueSks: [],
      ...extra,
    };
  }

  private async done(st: EventState): Promise<void> {
    await this.writer.delete(notificationItems.outboxKey(st.event.id));
    this.events.delete(st.event.id);
  }

  private firstAttemptMade(eventId: string | undefined): void {
    if (!eventId) return;
    const st = this.events.get(eventId);
    if (!st?.fannedOut) return;
    st.left--;
    if (st.left === 0) this.track(this.done(st).catch(this.onError));
  }

  // ---- the queue: attempts owed ----

  async enqueue(item: QueuedDelivery): Promise<void> {
    const sk = queueSk(item);
    await this.writer.put({ pk: QUEUE, sk, ...item });
    this.schedule({ ...item, dueAt: Date.parse(item.dueAt), queueSks: [sk] });
  }

  async enqueueMany(items: QueuedDelivery[]): Promise<void> {
    await Promise.all(items.map((i) => this.enqueue(i)));
  }

  private schedule(x: Omit<Entry, 'state'> & { state?: Entry['state'] }): void {
    const known = this.entries.get(x.deliveryId);
    if (known) {
      // Asked for again (a re-send, a re-hand, a queue item read back): one entry per delivery.
      known.queueSks.push(...x.queueSks.filter((s) => !known.queueSks.includes(s)));
      if (known.state === 'running') known.again = Math.min(known.again ?? x.dueAt, x.dueAt);
      else if (x.dueAt < known.dueAt && known.state === 'waiting') {
        known.dueAt = x.dueAt;
        delete known.delivery;
        this.heap.push(known);
      }
      return;
    }
    const entry: Entry = { ...x, state: 'waiting' };
    this.entries.set(entry.deliveryId, entry);
    this.heap.push(entry);
    if (entry.dueAt <= Date.now() && !this.stopped) this.release();
  }

  /** Due entries into their endpoint's lane; attempts started while slots are free. */
  private release(): void {
    if (this.stopped) return;
    for (const entry of this.heap.popDue(Date.now())) {
      entry.state = 'ready';
      let lane = this.lanes.get(entry.endpointId);
      if (!lane) {
        lane = { ready: [], head: 0, running: 0 };
        this.lanes.set(entry.endpointId, lane);
      }
      lane.ready.push(entry);
    }
    this.pump();
  }

  private pump(): void {
    let started = true;
    while (started && !this.stopped) {
      started = false;
      for (const [id, lane] of this.lanes) {
        if (this.running >= this.opts.total || this.unwritten >= this.opts.maxUnwritten) return;
        if (lane.head >= lane.ready.length) {
          if (lane.running === 0) this.lanes.delete(id);
          continue;
        }
        if (lane.running >= this.opts.perEndpoint) continue;
        const entry = lane.ready[lane.head++] as Entry;
        if (lane.head > 1024 && lane.head * 2 > lane.ready.length) {
          lane.ready = lane.ready.slice(lane.head);
          lane.head = 0;
        }
        lane.running++;
        this.running++;
        entry.state = 'running';
        this.track(this.attempt(entry, lane));
        started = true;
      }
    }
  }

  private track(p: Promise<unknown>): void {
    this.busy.add(p);
    void p.finally(() => this.busy.delete(p));
  }

  /** One attempt: POST (its slot), then its record written (batched), then what comes next. */
  private async attempt(entry: Entry, lane: Lane): Promise<void> {
    let slot = true;
    const free = () => {
      if (!slot) return;
      slot = false;
      lane.running--;
      this.running--;
      this.pump();
    };
    // The queue items this attempt answers (a re-send meanwhile adds its own, kept for later).
    const answered = [...entry.queueSks];
    const forget = (keep?: string) =>
      this.writer.deleteAll(answered.filter((sk) => sk !== keep).map((sk) => ({ pk: QUEUE, sk })));
    const rest = () => entry.queueSks.filter((sk) => !answered.includes(sk));
    try {
      const now = new Date();
      const d = entry.delivery ?? (await this.deps.store.getDelivery(entry.owner, entry.deliveryId));
      if (d?.status !== 'pending') {
        free();
        await forget();
        entry.queueSks = rest();
        // A retry after the seller's notice failed to go: claimed once, so trying again is safe.
        if (d?.status === 'failed') await tellIfDisabled(this.deps, d);
        this.firstAttemptMade(entry.eventId);
        delete entry.eventId;
        this.finish(entry);
        return;
      }
      const due = Date.parse(d.nextAttemptAt ?? d.updatedAt);
      if (due > now.getTime() + 1000) {
        free();
        this.retime(entry, due, d);
        return;
      }
      const tried = await tryAttempt(this.deps, d, now);
      if (tried.attempt) tried.updated.log = [...(d.log ?? []), tried.attempt];
      free();
      this.unwritten++;
      const queued: QueuedDelivery | null =
        tried.outcome.kind === 'retry'
          ? { owner: d.owner, deliveryId: d.deliveryId, endpointId: d.endpointId, dueAt: tried.outcome.dueAt }
          : null;
      try {
        await Promise.all([
          // The attempt logged on the delivery: one item written per attempt.
          this.writer.put(notificationItems.delivery(tried.updated)),
          // Its queue item stays when it is due again: a retry, or a re-send asked for meanwhile.
          forget(queued || entry.again !== undefined ? queueSk(d) : undefined),
          ...(queued ? [this.writer.put({ pk: QUEUE, sk: queueSk(queued), ...queued })] : []),
        ]);
      } finally {
        this.unwritten--;
      }
      if (tried.disabledNow) await tellIfDisabled(this.deps, tried.updated, tried.disabledNow);
      this.firstAttemptMade(entry.eventId);
      delete entry.eventId;
      entry.queueSks = rest();
      if (queued) {
        if (!entry.queueSks.includes(queueSk(queued))) entry.queueSks.push(queueSk(queued));
        this.retime(entry, Date.parse(queued.dueAt), tried.updated);
      } else this.finish(entry);
    } catch (err) {
      free();
      this.onError(err);
      // Tried again in a second, read anew (what was written is the record).
      delete entry.delivery;
      this.retime(entry, Date.now() + 1000);
    }
  }

  private retime(entry: Entry, dueAt: number, delivery?: WebhookDelivery): void {
    if (entry.again !== undefined) {
      // Re-sent meanwhile: read anew, at the earlier time.
      dueAt = Math.min(dueAt, entry.again);
      delete entry.again;
      delivery = undefined;
    }
    entry.dueAt = dueAt;
    if (delivery) entry.delivery = delivery;
    else delete entry.delivery;
    entry.state = 'waiting';
    this.heap.push(entry);
  }

  private finish(entry: Entry): void {
    if (entry.again !== undefined) this.retime(entry, entry.again);
    else this.entries.delete(entry.deliveryId);
  }
}
