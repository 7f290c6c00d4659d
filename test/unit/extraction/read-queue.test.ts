/**
 * The parser queue (issue 15): bounded, failing fast with a retryable error when full, and fair
 * between tenants: one seller's pile of reads does not hold another's single read back by more
 * than one slot.
 */
import { describe, expect, it } from 'vitest';
import { pdfReadQueue } from '../../../lambdas/extraction/pdfjs-thread';
import {
  ReaderBusyError,
  ReadQueue,
  type Release,
  tenantOfKey,
} from '../../../lambdas/extraction/read-queue';

/** The order in which reads were granted, and their release functions. */
function recorder(queue: ReadQueue) {
  const order: string[] = [];
  const releases = new Map<string, Release>();
  const ask = (tenant: string, label: string) =>
    queue.acquire(tenant).then((release) => {
      order.push(label);
      releases.set(label, release);
    });
  return { order, releases, ask };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('the parser queue', () => {
  it('fails fast with a retryable ReaderBusyError when its bounded length is reached', async () => {
    const queue = new ReadQueue({ slots: 1, perTenant: 1, maxWaiting: 2, maxWaitingPerTenant: 2 });
    const { ask } = recorder(queue);
    await ask('a', 'a1');
    void ask('b', 'b1');
    void ask('c', 'c1');
    expect(queue.stats()).toMatchObject({ running: 1, waiting: 2 });
    const error = await queue.acquire('d').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReaderBusyError);
    // Matched by name by the state machine's Retry and passed on by the extraction.
    expect(error).toMatchObject({ name: 'TransientError', code: 'READER_BUSY', retryAfterSeconds: 5 });
    expect((error as Error).message).toContain('busy');
  });

  it('holds one tenant to its own waiting share, so it cannot fill the queue for others', async () => {
    const queue = new ReadQueue({ slots: 1, perTenant: 1, maxWaiting: 10, maxWaitingPerTenant: 2 });
    const { ask } = recorder(queue);
    await ask('a', 'a1');
    void ask('a', 'a2');
    void ask('a', 'a3');
    await expect(queue.acquire('a')).rejects.toMatchObject({ code: 'READER_BUSY' });
    void ask('b', 'b1');
    expect(queue.stats().waiting).toBe(3);
  });

  it('keeps a slot free for others: a tenant holds at most its share of the slots', async () => {
    const queue = new ReadQueue({ slots: 2 });
    expect(queue.options.perTenant).toBe(1);
    const { order, ask } = recorder(queue);
    await ask('a', 'a1');
    for (let i = 2; i <= 1 + queue.options.maxWaitingPerTenant; i++) void ask('a', `a${i}`);
    await expect(queue.acquire('a')).rejects.toMatchObject({ code: 'READER_BUSY' });
    await tick();
    expect(order).toEqual(['a1']);
    // B's single read starts at once, while A's others wait.
    await ask('b', 'b1');
    expect(order).toEqual(['a1', 'b1']);
  });

  it('serves waiting tenants round-robin: B waits for one slot, not behind A’s whole queue', async () => {
    const queue = new ReadQueue({ slots: 2, perTenant: 2, maxWaiting: 100, maxWaitingPerTenant: 100 });
    const { order, releases, ask } = recorder(queue);
    await ask('a', 'a1');
    await ask('a', 'a2');
    const pending = [];
    for (let i = 3; i <= 12; i++) pending.push(ask('a', `a${i}`));
    pending.push(ask('b', 'b1'));
    pending.push(ask('c', 'c1'));
    await tick();
    expect(order).toEqual(['a1', 'a2']);
    // One of A's reads ends: the next slot goes to B (not to A's next), then to C, then A again.
    releases.get('a1')?.();
    await tick();
    expect(order).toEqual(['a1', 'a2', 'b1']);
    releases.get('a2')?.();
    await tick();
    expect(order.slice(2)).toEqual(['b1', 'c1']);
    releases.get('b1')?.();
    releases.get('c1')?.();
    await tick();
    expect(order.slice(4)).toEqual(['a3', 'a4']);
    // A release twice gives one slot back.
    releases.get('a3')?.();
    releases.get('a3')?.();
    await tick();
    expect(queue.stats().running).toBe(2);
  });

  it('is what the PDF parser threads are behind, bounded and with a share below all the threads', () => {
    const { options } = pdfReadQueue();
    expect(options.perTenant).toBeLessThan(options.slots);
    expect(Number.isFinite(options.maxWaiting)).toBe(true);
    expect(options.maxWaitingPerTenant).toBeLessThan(options.maxWaiting);
  });

  it('takes the tenant of an upload from its key when none is given', () => {
    expect(tenantOfKey('uploads/app-1/doc-9/licence.pdf')).toBe('application:app-1');
    expect(tenantOfKey('statements/2026-11/x.pdf')).toBe('statements/2026-11');
  });
});
