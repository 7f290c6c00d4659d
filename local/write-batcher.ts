import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * Puts and deletes from many concurrent callers written together: BatchWriteItem, 25 requests a
 * call, a few calls in flight. Each caller's promise settles when its own request is written (or
 * the call failed). Two writes to one key are never in flight at once (the later waits), so they
 * land in the order they were asked for. For writes that need no condition: the local sender's
 * attempt log, delivery states and queue items, whose exclusivity the sender itself keeps.
 */
type Key = { pk: string; sk: string };
type Request = { PutRequest: { Item: Record<string, unknown> } } | { DeleteRequest: { Key: Key } };

interface Waiting {
  request: Request;
  key: string;
  resolve: () => void;
  reject: (err: unknown) => void;
}

const PER_CALL = 25;

export class WriteBatcher {
  private waiting: Waiting[] = [];
  private readonly writing = new Set<string>();
  private inFlight = 0;
  private queued = false;
  private readonly idle: (() => void)[] = [];
  /** Calls made and requests written (the bench reports them). */
  readonly counts = { calls: 0, requests: 0 };

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly maxInFlight = 2,
  ) {}

  put(item: Record<string, unknown> & Key): Promise<void> {
    return this.add({ PutRequest: { Item: item } }, item);
  }

  delete(key: Key): Promise<void> {
    return this.add({ DeleteRequest: { Key: { pk: key.pk, sk: key.sk } } }, key);
  }

  deleteAll(keys: Key[]): Promise<void> {
    return Promise.all(keys.map((k) => this.delete(k))).then(() => {});
  }

  /** Resolves when nothing is waiting or being written. */
  drained(): Promise<void> {
    if (this.waiting.length === 0 && this.inFlight === 0) return Promise.resolve();
    return new Promise((r) => this.idle.push(r));
  }

  private add(request: Request, key: Key): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ request, key: `${key.pk}\n${key.sk}`, resolve, reject });
      // A full call goes at once; a partial one at the end of this turn, with whatever joined it.
      if (this.waiting.length >= PER_CALL) this.flush();
      else if (!this.queued) {
        this.queued = true;
        setImmediate(() => {
          this.queued = false;
          this.flush();
        });
      }
    });
  }

  private flush(): void {
    while (this.inFlight < this.maxInFlight && this.waiting.length > 0) {
      const batch: Waiting[] = [];
      const keys = new Set<string>();
      const later: Waiting[] = [];
      for (const w of this.waiting) {
        if (batch.length < PER_CALL && !keys.has(w.key) && !this.writing.has(w.key)) {
          batch.push(w);
          keys.add(w.key);
        } else later.push(w);
      }
      this.waiting = later;
      if (batch.length === 0) break;
      for (const k of keys) this.writing.add(k);
      this.inFlight++;
      void this.write(batch).finally(() => {
        this.inFlight--;
        for (const k of keys) this.writing.delete(k);
        this.flush();
        if (this.waiting.length === 0 && this.inFlight === 0) for (const r of this.idle.splice(0)) r();
      });
    }
  }

  private async write(batch: Waiting[]): Promise<void> {
    try {
      let requests = batch.map((w) => w.request);
      for (let round = 0; requests.length > 0; round++) {
        if (round > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** round)));
        this.counts.calls++;
        const out = await this.db.send(
          new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } }),
        );
        this.counts.requests += requests.length;
        // What DynamoDB leaves unprocessed is written again, after a pause.
        requests = (out.UnprocessedItems?.[this.tableName] ?? []) as Request[];
      }
      for (const w of batch) w.resolve();
    } catch (err) {
      for (const w of batch) w.reject(err);
    }
  }
}
