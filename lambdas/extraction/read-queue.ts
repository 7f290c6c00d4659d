/**
 * The queue in front of the parser threads: bounded, and fair between tenants (a seller, or an
 * application when no seller is given).
 *
 * - `slots` reads run at once (one per parser thread).
 * - One tenant holds at most `perTenant` of them (half the slots, at least one), so another
 *   tenant's read never waits behind more than one of the first one's reads.
 * - A free slot goes to the waiting tenant that holds the fewest, then to the one served longest
 *   ago (round-robin): a tenant with twenty reads queued and a tenant with one take turns.
 * - At most `maxWaiting` reads wait in all, `maxWaitingPerTenant` per tenant; past that `acquire`
 *   fails at once with a ReaderBusyError (retryable), instead of a read queued without end.
 */
import { TransientError } from '../shared/errors';

export interface ReadQueueOptions {
  slots: number;
  perTenant: number;
  maxWaiting: number;
  maxWaitingPerTenant: number;
}

/**
 * The reader is busy: too many reads wait already (in all or for this tenant). Retry in a few
 * seconds. Its `name` is TransientError's, which the state machine's Retry and the extraction's
 * pass-through match on; `code` says which.
 */
export class ReaderBusyError extends TransientError {
  readonly code = 'READER_BUSY';
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds = 5) {
    super(message);
    this.name = 'TransientError';
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Gives the slot back; calling it twice gives it back once. */
export type Release = () => void;

interface Waiter {
  grant: (release: Release) => void;
}

export class ReadQueue {
  readonly options: ReadQueueOptions;
  private running = 0;
  private readonly inFlight = new Map<string, number>();
  /** Waiting reads per tenant, in the order tenants are served (a Map keeps insertion order). */
  private readonly waiting = new Map<string, Waiter[]>();
  private waitingCount = 0;
  /** When each tenant was last given a slot (a counter): longest ago goes first among equals. */
  private readonly served = new Map<string, number>();
  private serial = 0;

  constructor(options: Partial<ReadQueueOptions> & { slots: number }) {
    const slots = Math.max(1, options.slots);
    this.options = {
      slots,
      perTenant: Math.max(1, options.perTenant ?? Math.floor(slots / 2)),
      maxWaiting: options.maxWaiting ?? 16 * slots,
      maxWaitingPerTenant: options.maxWaitingPerTenant ?? 4 * slots,
    };
  }

  /** Reads running and waiting, for tests and metrics. */
  stats(): { running: number; waiting: number; tenants: number } {
    return { running: this.running, waiting: this.waitingCount, tenants: this.waiting.size };
  }

  /** Waits for a slot for `tenant`; rejects at once with ReaderBusyError when the queue is full. */
  acquire(tenant: string): Promise<Release> {
    if (this.waitingCount === 0 && this.canRun(tenant)) return Promise.resolve(this.start(tenant));
    const queued = this.waiting.get(tenant);
    if (this.waitingCount >= this.options.maxWaiting) {
      return Promise.reject(
        new ReaderBusyError(
          `the document reader is busy (${this.waitingCount} reads waiting); retry shortly`,
        ),
      );
    }
    if ((queued?.length ?? 0) >= this.options.maxWaitingPerTenant) {
      return Promise.reject(
        new ReaderBusyError(
          `too many documents of this seller are being read at once (${queued?.length} waiting); retry shortly`,
        ),
      );
    }
    return new Promise<Release>((grant) => {
      const list = queued ?? [];
      if (!queued) this.waiting.set(tenant, list);
      list.push({ grant });
      this.waitingCount++;
      this.dispatch();
    });
  }

  private canRun(tenant: string): boolean {
    return this.running < this.options.slots && (this.inFlight.get(tenant) ?? 0) < this.options.perTenant;
  }

  private start(tenant: string): Release {
    this.running++;
    this.served.delete(tenant);
    this.served.set(tenant, ++this.serial);
    // Only tenants seen lately are remembered.
    if (this.served.size > 1000) this.served.delete(this.served.keys().next().value as string);
    this.inFlight.set(tenant, (this.inFlight.get(tenant) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running--;
      const left = (this.inFlight.get(tenant) ?? 1) - 1;
      if (left > 0) this.inFlight.set(tenant, left);
      else this.inFlight.delete(tenant);
      this.dispatch();
    };
  }

  /**
   * Hands free slots to waiting tenants: the one holding the fewest slots first, then the one
   * served longest ago, so a tenant with one read waits for one slot at most, however many reads
   * another has queued.
   */
  private dispatch(): void {
    while (this.running < this.options.slots && this.waitingCount > 0) {
      let best: string | undefined;
      for (const tenant of this.waiting.keys()) {
        if (!this.canRun(tenant)) continue;
        if (best === undefined || this.before(tenant, best)) best = tenant;
      }
      if (best === undefined) return;
      const list = this.waiting.get(best) as Waiter[];
      const next = list.shift() as Waiter;
      this.waitingCount--;
      if (list.length === 0) this.waiting.delete(best);
      next.grant(this.start(best));
    }
  }

  private before(a: string, b: string): boolean {
    const held = (this.inFlight.get(a) ?? 0) - (this.inFlight.get(b) ?? 0);
    if (held !== 0) return held < 0;
    return (this.served.get(a) ?? 0) < (this.served.get(b) ?? 0);
  }
}

/**
 * Whose read this is, when the caller does not say: the application of an upload key
 * (`uploads/<applicationId>/…`), else the key's first two segments, else the key.
 */
export function tenantOfKey(key: string): string {
  const parts = key.split('/');
  if (parts[0] === 'uploads' && parts[1]) return `application:${parts[1]}`;
  return parts.slice(0, 2).join('/') || key;
}
