import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type AddressInfo, createConnection, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  CreateTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, PutBucketCorsCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { auditTableOf } from '../lambdas/adapters/dynamo-repository.js';
// @ts-expect-error: a plain .mjs set-up script shared with npm's postinstall
import { ensureDynamoDbLocal } from '../scripts/setup.mjs';
import { createS3Gate } from './s3-gate.js';

/** Fixed credentials the emulators accept; nothing here ever reaches AWS. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
export const LOCAL_REGION = 'cn-north-1';

export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => ok(port));
    });
  });
}

export interface RunningDynamo {
  endpoint: string;
  /** The emulator's (java's) process, when this process started it (the benchmark reads its CPU time). */
  pid?: number;
  stop(): Promise<void>;
}

const BRIDGE = join(import.meta.dirname, 'dynamo-netns-bridge.mjs');
/** DynamoDB Local's port inside its own network namespace (nothing else listens there). */
const NAMESPACE_PORT = 8000;

/**
 * AWS's own DynamoDB Local (transactions, conditions, GSIs behave as on AWS), reachable on
 * 127.0.0.1 only. DynamoDB Local has no bind option (it listens on every interface and takes any
 * signature), so java runs in a network namespace of its own (`unshare --user --net`, no
 * privileges needed) where the only interface is that namespace's loopback; a Unix socket in a
 * private directory carries its traffic, and this process relays 127.0.0.1:<port> to it.
 * `DYNAMODB_LOCAL_UNSAFE_BIND=1` runs java directly instead, listening on every interface.
 */
export async function startDynamoDbLocal(opts: { dataDir?: string } = {}): Promise<RunningDynamo> {
  const dir: string = ensureDynamoDbLocal();
  const storage = opts.dataDir ? ['-sharedDb', '-dbPath', resolve(opts.dataDir)] : ['-inMemory'];
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  const javaArgs = [
    `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
    '-Xmx1g',
    '-jar',
    join(dir, 'DynamoDBLocal.jar'),
    ...storage,
    '-disableTelemetry',
  ];
  return process.env.DYNAMODB_LOCAL_UNSAFE_BIND === '1'
    ? startDynamoUnsafe(dir, javaArgs)
    : startDynamoIsolated(dir, javaArgs);
}

async function startDynamoIsolated(dir: string, javaArgs: string[]): Promise<RunningDynamo> {
  const socketDir = mkdtempSync(join(tmpdir(), 'ddb-netns-'));
  chmodSync(socketDir, 0o700);
  const socketPath = join(socketDir, 'dynamodb.sock');
  const child: ChildProcess = spawn(
    'unshare',
    [
      '--user',
      '--map-root-user',
      '--net',
      '--pid',
      '--fork',
      '--kill-child=SIGKILL',
      process.execPath,
      BRIDGE,
      JSON.stringify({ socketPath, port: NAMESPACE_PORT, cwd: dir, args: javaArgs }),
    ],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += String(d);
  });
  // The bridge exits when its stdin closes, and java with it: closing it, or this process dying
  // however it dies, ends the emulator. SIGKILL to unshare reaches the bridge (--kill-child).
  child.stdin?.on('error', () => {});
  const cleanUp = () => {
    child.kill('SIGKILL');
    rmSync(socketDir, { recursive: true, force: true });
  };
  process.once('exit', cleanUp);
  const fail = (why: string) => {
    process.removeListener('exit', cleanUp);
    cleanUp();
    return new Error(why);
  };

  const ready = await new Promise<{ javaPid?: number } | { error: string }>((ok) => {
    let out = '';
    child.stdout?.on('data', (d) => {
      out += String(d);
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) ok(JSON.parse(line) as { javaPid?: number });
    });
    child.once('error', (err) => ok({ error: err.message }));
    child.once('exit', (code, signal) => ok({ error: `exited (${code ?? signal})` }));
  });
  if ('error' in ready) {
    // Give stderr a moment to arrive: it says why (EPERM from unshare, no java, ...).
    await new Promise((r) => setTimeout(r, 100));
    throw fail(
      `DynamoDB Local could not be started in a network namespace of its own: unshare ${ready.error}: ${stderr.trim().slice(-2000)}\n` +
        'DynamoDB Local has no bind option and listens on every interface, so it is only run isolated: ' +
        '`unshare --user --map-root-user --net --pid` must work for this user (util-linux unshare and iproute2 `ip` installed; ' +
        'unprivileged user namespaces enabled: sysctl kernel.unprivileged_userns_clone=1, or on Ubuntu ' +
        'kernel.apparmor_restrict_unprivileged_userns=0; in a container, a seccomp profile that allows unshare). ' +
        'To run it listening on all interfaces anyway (anyone who reaches this machine can read and write it), set DYNAMODB_LOCAL_UNSAFE_BIND=1.',
    );
  }

  const connections = new Set<Socket>();
  const relay = createServer((conn) => {
    connections.add(conn);
    const upstream = createConnection(socketPath);
    conn.on('error', () => upstream.destroy());
    upstream.on('error', () => conn.destroy());
    conn.on('close', () => connections.delete(conn));
    conn.pipe(upstream).pipe(conn);
  });
  const port = await new Promise<number>((ok, no) => {
    relay.once('error', no);
    relay.listen(0, '127.0.0.1', () => ok((relay.address() as AddressInfo).port));
  }).catch((err: Error) => {
    throw fail(`DynamoDB Local's relay could not listen on 127.0.0.1: ${err.message}`);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitForDynamo(endpoint, () =>
      child.exitCode !== null ? `exited (${child.exitCode}): ${stderr}` : null,
    );
  } catch (err) {
    relay.close();
    throw fail((err as Error).message);
  }
  return {
    endpoint,
    ...(ready.javaPid !== undefined ? { pid: ready.javaPid } : {}),
    stop: async () => {
      process.removeListener('exit', cleanUp);
      relay.close();
      for (const c of connections) c.destroy();
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.stdin?.end();
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
      rmSync(socketDir, { recursive: true, force: true });
    },
  };
}

/** The opt-out: java as it comes, listening on every interface of this machine. */
async function startDynamoUnsafe(dir: string, javaArgs: string[]): Promise<RunningDynamo> {
  const port = await freePort();
  process.stderr.write(
    `\n!!! DYNAMODB_LOCAL_UNSAFE_BIND=1: DynamoDB Local listens on EVERY interface (*:${port}) and accepts any signature;\n` +
      '!!! anyone who can reach this machine can read and write all of its tables. Unset it to run it isolated.\n\n',
  );
  const child: ChildProcess = spawn('java', [...javaArgs, '-port', String(port)], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += String(d);
  });
  // The emulator must not outlive the process that started it.
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  const endpoint = `http://127.0.0.1:${port}`;
  await waitForDynamo(endpoint, () =>
    child.exitCode !== null ? `exited (${child.exitCode}): ${stderr}` : null,
  );
  return {
    endpoint,
    ...(child.pid !== undefined ? { pid: child.pid } : {}),
    stop: async () => {
      process.removeListener('exit', kill);
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

async function waitForDynamo(endpoint: string, exited: () => string | null): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const started = Date.now();
  try {
    for (;;) {
      const why = exited();
      if (why) throw new Error(`DynamoDB Local ${why.slice(-2000)}`);
      try {
        await client.send(new ListTablesCommand({}));
        return;
      } catch {
        if (Date.now() - started > 60_000) throw new Error('DynamoDB Local did not start in 60 s');
        await new Promise((r) => setTimeout(r, 150));
      }
    }
  } finally {
    client.destroy();
  }
}

/** The table exactly as lib/storage.ts declares it (keys and GSI). */
export async function createTable(endpoint: string, tableName: string): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  try {
    // The audit trail's own table, as in lib/storage.ts.
    await client
      .send(
        new CreateTableCommand({
          TableName: auditTableOf(tableName),
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [
            { AttributeName: 'pk', AttributeType: 'S' },
            { AttributeName: 'sk', AttributeType: 'S' },
          ],
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'RANGE' },
          ],
        }),
      )
      .catch((err: unknown) => {
        if (!(err instanceof ResourceInUseException)) throw err;
      });
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
          { AttributeName: 'gsi1pk', AttributeType: 'S' },
          { AttributeName: 'gsi1sk', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: 'gsi1',
            KeySchema: [
              { AttributeName: 'gsi1pk', KeyType: 'HASH' },
              { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
      }),
    );
  } catch (err) {
    if (!(err instanceof ResourceInUseException)) throw err;
  } finally {
    client.destroy();
  }
}

export interface RunningS3 {
  endpoint: string;
  stop(): Promise<void>;
}

/**
 * s3rver's store and API (files on disk: a temporary directory unless one is given) behind the
 * checks S3 makes (local/s3-gate.ts): SigV4 by LOCAL_CREDENTIALS, presigned URLs and POST
 * policies, keys inside their bucket. Only the gate listens, on 127.0.0.1; s3rver has no port.
 */
export async function startS3(opts: { dataDir?: string } = {}): Promise<RunningS3> {
  const directory = opts.dataDir ?? mkdtempSync(join(tmpdir(), 's3rver-'));
  mkdirSync(directory, { recursive: true });
  const s3rver = new S3rver({ silent: true, directory, resetOnClose: false, vhostBuckets: false });
  // What S3rver.run() does besides listening: the configured buckets (none here) and, on close,
  // its logger's release.
  await s3rver.configureBuckets();
  const next = s3rver.callback() as (req: IncomingMessage, res: ServerResponse) => void;
  const server = createHttpServer(
    createS3Gate({ credentials: LOCAL_CREDENTIALS, region: LOCAL_REGION, next }),
  );
  const port = await new Promise<number>((ok, no) => {
    server.once('error', no);
    server.listen(0, '127.0.0.1', () => ok((server.address() as AddressInfo).port));
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: async () => {
      await new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      });
      const logger = (s3rver as unknown as { logger?: { exceptions: { unhandle(): void }; close(): void } })
        .logger;
      logger?.exceptions.unhandle();
      logger?.close();
      if (!opts.dataDir) rmSync(directory, { recursive: true, force: true });
    },
  };
}

export async function createBucket(endpoint: string, bucket: string): Promise<void> {
  const s3 = localS3Client(endpoint);
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (err) {
    const name = (err as { name?: string }).name;
    if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') throw err;
  }
  try {
    // The portal uploads with presigned POSTs and shows documents by presigned GET links.
    await s3.send(
      new PutBucketCorsCommand({
        Bucket: bucket,
        CORSConfiguration: {
          CORSRules: [
            {
              AllowedOrigins: ['*'],
              AllowedMethods: ['GET', 'POST'],
              AllowedHeaders: ['*'],
              MaxAgeSeconds: 600,
            },
          ],
        },
      }),
    );
  } finally {
    s3.destroy();
  }
}

export function localS3Client(endpoint: string): S3Client {
  return new S3Client({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    forcePathStyle: true,
    // s3rver stores aws-chunked framing verbatim unless checksums are only sent when required.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

export const PROJECT_ROOT = resolve(import.meta.dirname, '..');
