import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../../local/emulators.js';
import { createS3Gate } from '../../../local/s3-gate.js';

const MiB = 1024 * 1024;

/**
 * A browser POST is read before its policy can be checked: the gate holds each at most
 * `maxPostBytes` and all of them at most `postBudgetBytes`, so anonymous bodies cannot fill memory.
 */
describe('S3 gate: POST bodies read before they are trusted are bounded', () => {
  const server = createServer(
    createS3Gate({
      credentials: LOCAL_CREDENTIALS,
      region: LOCAL_REGION,
      next: (_req, res) => res.end('reached the store'),
      maxPostBytes: 1 * MiB,
      postBudgetBytes: 1.5 * MiB,
    }),
  );
  let port = 0;
  beforeAll(async () => {
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

  /** Starts an anonymous multipart POST, writes `bytes` of its body, and leaves it open. */
  const open = (bytes: number, declared?: number) => {
    const req = request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/bucket-one',
      headers: {
        'content-type': 'multipart/form-data; boundary=x',
        ...(declared ? { 'content-length': String(declared) } : {}),
      },
    });
    const answer = new Promise<{ status: number; body: string }>((done, fail) => {
      req.on('response', (res) => {
        let body = '';
        res.on('data', (d) => {
          body += String(d);
        });
        res.on('end', () => done({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', (err) =>
        String(err).includes('ECONNRESET') || String(err).includes('EPIPE') ? undefined : fail(err),
      );
    });
    req.write(Buffer.alloc(bytes, 'a'));
    return { req, answer };
  };

  it('refuses a POST announcing more than its limit before reading it', async () => {
    const { req, answer } = open(10, 2 * MiB);
    const { status, body } = await answer;
    req.destroy();
    expect(status).toBe(400);
    expect(body).toContain('EntityTooLarge');
  });

  it('answers SlowDown once the POSTs being read hold the budget, and recovers after', async () => {
    const first = open(1 * MiB - 1000);
    await new Promise((r) => setTimeout(r, 100));
    const second = open(1 * MiB - 1000);
    const { status, body } = await second.answer;
    expect(status).toBe(503);
    expect(body).toContain('SlowDown');
    first.req.end('--x--\r\n');
    expect((await first.answer).status).toBe(400); // a malformed form, refused once read
    const third = open(1000);
    third.req.end('--x--\r\n');
    expect((await third.answer).status).toBe(400);
  });
});
