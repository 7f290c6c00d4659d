// Issue 15: the local emulators replayed from outside the process's trust. Each test starts its
// own emulator (the DynamoDB one's java pid and the object store's directory are needed).
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { createConnection } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { CreateTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3DocumentStore } from '../../lambdas/adapters/s3-document-store.js';
import { s3Presigner } from '../../lambdas/adapters/s3-presigner.js';
import {
  createBucket,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  localS3Client,
  type RunningDynamo,
  type RunningS3,
  startDynamoDbLocal,
  startS3,
} from '../../local/emulators.js';

interface ListenSocket {
  address: string;
  port: number;
  inode: string;
}

/** LISTEN sockets of a /proc/<pid>/net/tcp{,6} table (state 0A), addresses decoded. */
function listening(table: string): ListenSocket[] {
  let text: string;
  try {
    text = readFileSync(table, 'utf8');
  } catch {
    return [];
  }
  return text
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f[3] === '0A')
    .map((f) => {
      const [hex = '', port = '0'] = (f[1] ?? '').split(':');
      // Each 32-bit word is little-endian.
      const words = hex.match(/.{8}/g) ?? [];
      const bytes = words.flatMap((w) => (w.match(/../g) ?? []).reverse().map((b) => Number.parseInt(b, 16)));
      const address = bytes.length === 4 ? bytes.join('.') : ipv6(bytes);
      return { address, port: Number.parseInt(port, 16), inode: f[9] ?? '' };
    });
}

function ipv6(bytes: number[]): string {
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 255 && bytes[11] === 255)
    return `::ffff:${bytes.slice(12).join('.')}`;
  const groups: string[] = [];
  for (let i = 0; i < bytes.length; i += 2)
    groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  return groups.join(':');
}

const hostListening = () => [...listening('/proc/self/net/tcp'), ...listening('/proc/self/net/tcp6')];
const isLoopback = (a: string) =>
  a.startsWith('127.') || a.startsWith('::ffff:127.') || a === '0:0:0:0:0:0:0:1' || a === '::1';

function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m?.[1]) inodes.add(m[1]);
    } catch {}
  }
  return inodes;
}

/** Resolves to the connection's outcome: 'connected' or the error code (ECONNREFUSED, ...). */
function tryConnect(host: string, port: number): Promise<string> {
  return new Promise((ok) => {
    const s = createConnection({ host, port, timeout: 2000 });
    s.once('connect', () => {
      s.destroy();
      ok('connected');
    });
    s.once('timeout', () => {
      s.destroy();
      ok('ETIMEDOUT');
    });
    s.once('error', (err: NodeJS.ErrnoException) => ok(err.code ?? err.message));
  });
}

const externalAddresses = () =>
  Object.values(networkInterfaces())
    .flat()
    .filter((i): i is NonNullable<typeof i> => !!i && !i.internal && !i.address.startsWith('fe80'))
    .map((i) => i.address);

describe('DynamoDB Local is reachable from this machine only', () => {
  let dynamo: RunningDynamo;
  let pid: number;
  beforeAll(async () => {
    dynamo = await startDynamoDbLocal();
    pid = dynamo.pid as number;
  });
  afterAll(async () => {
    await dynamo?.stop();
  });

  it('reports the java process, which lives in a network namespace of its own', () => {
    expect(pid).toBeGreaterThan(0);
    expect(readFileSync(`/proc/${pid}/comm`, 'utf8').trim()).toBe('java');
    expect(readlinkSync(`/proc/${pid}/ns/net`)).not.toBe(readlinkSync('/proc/self/ns/net'));
  });

  it('has no socket listening on a non-loopback address of this machine', async () => {
    const port = Number(new URL(dynamo.endpoint).port);
    const host = hostListening();
    // The endpoint: a loopback listener only.
    const endpointListeners = host.filter((s) => s.port === port);
    expect(endpointListeners.length).toBeGreaterThan(0);
    for (const s of endpointListeners) expect(isLoopback(s.address), s.address).toBe(true);
    // Java listens (in its namespace's table) on every interface of that namespace...
    const javaSockets = socketInodes(pid);
    const javaListeners = [
      ...listening(`/proc/${pid}/net/tcp`),
      ...listening(`/proc/${pid}/net/tcp6`),
    ].filter((s) => javaSockets.has(s.inode));
    expect(javaListeners.length).toBeGreaterThan(0);
    // ...and none of its sockets is in this machine's table.
    expect(host.filter((s) => javaSockets.has(s.inode))).toEqual([]);
    // From the outside: each non-loopback address of this machine refuses the endpoint's port and java's.
    const ports = [port, ...javaListeners.map((s) => s.port)];
    for (const address of externalAddresses()) {
      for (const p of ports)
        expect(`${address}:${p} ${await tryConnect(address, p)}`).toBe(`${address}:${p} ECONNREFUSED`);
    }
  });

  it('still serves the SDK through its endpoint', async () => {
    const client = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
    });
    try {
      await client.send(
        new CreateTableCommand({
          TableName: 'security-probe',
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        }),
      );
      expect((await client.send(new ListTablesCommand({}))).TableNames).toContain('security-probe');
    } finally {
      client.destroy();
    }
  });
});

describe('the local object store checks what S3 checks', () => {
  const BUCKET = 'security-probe';
  const A_KEY = 'uploads/seller-a/doc-a/id-card.pdf';
  const B_KEY = 'uploads/seller-b/doc-b/licence.pdf';
  const PORTAL = 'http://127.0.0.1:5173';
  let base: string;
  let store: string;
  let s3: RunningS3;
  let client: S3Client;
  let documents: S3DocumentStore;

  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), 'security-s3-'));
    store = join(base, 'a', 'store');
    s3 = await startS3({ dataDir: store });
    await createBucket(s3.endpoint, BUCKET);
    client = localS3Client(s3.endpoint);
    documents = new S3DocumentStore(client, BUCKET, s3Presigner);
    await client.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: A_KEY,
        Body: 'A-original',
        ContentType: 'application/pdf',
      }),
    );
  });
  afterAll(async () => {
    client?.destroy();
    await s3?.stop();
    rmSync(base, { recursive: true, force: true });
  });

  const readA = async () =>
    (await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: A_KEY }))).Body?.transformToString();

  /** The portal's upload: the ticket's fields, then the file (fields may be changed on the way). */
  async function post(
    ticket: { url: string; fields: Record<string, string> },
    file: Blob,
    change: Record<string, string> = {},
  ) {
    const form = new FormData();
    for (const [k, v] of Object.entries({ ...ticket.fields, ...change })) form.append(k, v);
    form.append('file', file, 'upload.pdf');
    return fetch(ticket.url, { method: 'POST', body: form, headers: { origin: PORTAL } });
  }
  const pdf = (text = '%PDF-1.7 seller') => new Blob([text], { type: 'application/pdf' });
  const ticketFor = (key: string, contentType = 'application/pdf', maxBytes = 1000) =>
    documents.presignPost(key, { contentType, maxBytes, expiresSeconds: 300 });

  it('refuses an anonymous GET, with no CORS header', async () => {
    const res = await fetch(`${s3.endpoint}/${BUCKET}/${A_KEY}`, { headers: { origin: PORTAL } });
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(await res.text()).toContain('<Code>AccessDenied</Code>');
  });

  it('serves a valid presigned GET, and refuses it tampered with or expired', async () => {
    const url = await documents.presignGet(A_KEY, { expiresSeconds: 60 });
    const ok = await fetch(url, { headers: { origin: PORTAL } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('A-original');

    const u = new URL(url);
    const sig = u.searchParams.get('X-Amz-Signature') as string;
    u.searchParams.set('X-Amz-Signature', `${sig.slice(0, -1)}${sig.endsWith('0') ? '1' : '0'}`);
    const tampered = await fetch(u, { headers: { origin: PORTAL } });
    expect(tampered.status).toBe(403);
    expect(tampered.headers.get('access-control-allow-origin')).toBeNull();
    expect(await tampered.text()).toContain('<Code>SignatureDoesNotMatch</Code>');

    // A's signature on B's key.
    const other = new URL(url);
    other.pathname = `/${BUCKET}/${B_KEY}`;
    expect((await fetch(other)).status).toBe(403);

    const expired = await getSignedUrl(client, new GetObjectCommand({ Bucket: BUCKET, Key: A_KEY }), {
      expiresIn: 60,
      signingDate: new Date(Date.now() - 120_000),
    });
    const late = await fetch(expired);
    expect(late.status).toBe(403);
    expect(await late.text()).toContain('Request has expired');
  });

  it("refuses seller B's upload ticket with its key changed to seller A's file, which stays unchanged", async () => {
    const ticketB = await ticketFor(B_KEY);
    const res = await post(ticketB, pdf('%PDF B overwrites A'), { key: A_KEY });
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(await res.text()).toContain('Policy Condition failed');
    expect(await readA()).toBe('A-original');
  });

  it('keeps every object inside its bucket: "../../x" is refused, anonymous or signed', async () => {
    const anonymous = new FormData();
    anonymous.append('key', '../../x');
    anonymous.append('Content-Type', 'application/pdf');
    anonymous.append('file', pdf(), 'x.pdf');
    const a = await fetch(`${s3.endpoint}/${BUCKET}`, { method: 'POST', body: anonymous });
    expect([400, 403]).toContain(a.status);

    const signed = await post(await ticketFor('../../x'), pdf());
    expect(signed.status).toBe(400);
    expect(await signed.text()).toContain('<Code>InvalidArgument</Code>');

    const put = await fetch(`${s3.endpoint}/${BUCKET}/..%2F..%2Fy`, { method: 'PUT', body: 'x' });
    expect(put.status).toBe(400);
    await expect(
      client.send(new PutObjectCommand({ Bucket: BUCKET, Key: '../../z', Body: 'z' })),
    ).rejects.toMatchObject({ $metadata: { httpStatusCode: 400 } });

    // Nothing was written outside the store's bucket directories.
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir)) {
        const p = join(dir, e);
        if (statSync(p).isDirectory()) walk(p);
        else files.push(relative(base, p));
      }
    };
    walk(base);
    expect(files.filter((f) => !f.startsWith(join('a', 'store', BUCKET)))).toEqual([]);
    expect(files.some((f) => /(^|\/)[xyz]\._S3rver_/.test(f))).toBe(false);
  });

  it("refuses a file larger than the policy's content-length-range (400 EntityTooLarge)", async () => {
    const res = await post(
      await ticketFor(B_KEY, 'application/pdf', 10),
      pdf('%PDF-1.7 more than ten bytes'),
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('<Code>EntityTooLarge</Code>');
  });

  it('refuses a Content-Type the policy does not allow, and fields the policy does not cover', async () => {
    const ticket = await ticketFor(B_KEY);
    const wrongType = await post(ticket, new Blob(['<html>'], { type: 'text/html' }), {
      'Content-Type': 'text/html',
    });
    expect(wrongType.status).toBe(403);
    expect(await wrongType.text()).toContain('<Code>AccessDenied</Code>');
    const extra = await post(ticket, pdf(), { 'x-amz-meta-owner': 'seller-a' });
    expect(extra.status).toBe(403);
    expect(await extra.text()).toContain('Extra input fields');
    const forged = await post(ticket, pdf(), {
      Policy: Buffer.from('{"expiration":"2099-01-01T00:00:00Z","conditions":[]}').toString('base64'),
    });
    expect(forged.status).toBe(403);
  });

  it('refuses SDK calls signed with other credentials', async () => {
    for (const credentials of [
      { accessKeyId: LOCAL_CREDENTIALS.accessKeyId, secretAccessKey: 'not-the-secret' },
      { accessKeyId: 'SOMEONE-ELSE', secretAccessKey: LOCAL_CREDENTIALS.secretAccessKey },
    ]) {
      const wrong = new S3Client({
        endpoint: s3.endpoint,
        region: LOCAL_REGION,
        credentials,
        forcePathStyle: true,
        requestChecksumCalculation: 'WHEN_REQUIRED',
        maxAttempts: 1,
      });
      try {
        await expect(
          wrong.send(new PutObjectCommand({ Bucket: BUCKET, Key: A_KEY, Body: 'overwritten' })),
        ).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
      } finally {
        wrong.destroy();
      }
    }
    expect(await readA()).toBe('A-original');
  });

  it('accepts a valid presigned POST (204, CORS for the portal) and serves the object', async () => {
    const res = await post(await ticketFor(B_KEY), pdf('%PDF-1.7 seller B'));
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const got = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: B_KEY }));
    expect(got.ContentType).toBe('application/pdf');
    expect(await got.Body?.transformToString()).toBe('%PDF-1.7 seller B');
  });
});
