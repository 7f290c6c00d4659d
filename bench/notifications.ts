/**
 * `npm run bench:notifications [-- --events N] [--out FILE]`
 *
 * Issue 19's target on the local platform (DynamoDB Local in memory, the notifier in this
 * process): N events (default 10,000) published through the Notifications port for one seller
 * with 3 webhook endpoints, one of them down (a closed port). Measures the time until every
 * delivery reached the two live receivers (target: within 60 s), checks nothing is lost or
 * doubled (each live receiver gets each event id once), and that the down endpoint's deliveries
 * were tried and are scheduled again within the first backoff ceiling (30 s, full jitter).
 * Writes bench/out/notifications.json.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { backoffCeiling, WEBHOOK_BACKOFF } from '../lambdas/notify/backoff';
import { sellerEvent } from '../lambdas/notify/events';
import { SIGNATURE_HEADER, verifySignature } from '../lambdas/notify/signing';
import { startEmulators, startPlatform } from '../local/platform';

const HERE = dirname(fileURLToPath(import.meta.url));
const OWNER = 'bench-seller';
const APP = 'bench-notify';

function parseArgs(argv: string[]) {
  const args = { events: 10_000, out: join(HERE, 'out', 'notifications.json'), profile: false };
  for (let i = 0; i < argv.length; i++) {
    // The bench's own process profiled over the measured span (bench/out/notifications.cpuprofile).
    if (argv[i] === '--profile') args.profile = true;
    if (argv[i] === '--events') args.events = Math.max(1, Number.parseInt(argv[i + 1] ?? '', 10));
    if (argv[i] === '--out') args.out = argv[i + 1] ?? args.out;
  }
  return args;
}

/** CPU seconds used so far by this process and every process under it (DynamoDB Local's java), by name. */
function treeCpuSeconds(root = process.pid): Record<string, number> {
  const parent = new Map<number, number>();
  const ticks = new Map<number, number>();
  const names = new Map<number, string>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(name), Number(f[1]));
      ticks.set(Number(name), Number(f[11]) + Number(f[12]));
      names.set(
        Number(name),
        Number(name) === root ? 'bench' : stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
      );
    } catch {
      // gone meanwhile
    }
  }
  const total: Record<string, number> = {};
  for (const [pid, t] of ticks) {
    let p: number | undefined = pid;
    while (p && p !== root) p = parent.get(p);
    const name = names.get(pid) ?? '?';
    if (p === root) total[name] = (total[name] ?? 0) + t / 100; // USER_HZ
  }
  return total;
}

function cpuSince(before: Record<string, number>): Record<string, number> {
  const now = treeCpuSeconds();
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(now)) {
    const d = Math.round((v - (before[k] ?? 0)) * 10) / 10;
    if (d > 0) out[k] = d;
  }
  out.total = Math.round(Object.values(out).reduce((a, b) => a + b, 0) * 10) / 10;
  return out;
}

/** DynamoDB calls by command: how many, and their summed latency (where the time goes). */
function countCalls(db: DynamoDBDocumentClient) {
  const calls = new Map<string, { n: number; ms: number; items: number }>();
  db.middlewareStack.add(
    (next, context) => async (args) => {
      const started = performance.now();
      try {
        return await next(args);
      } finally {
        const name = context.commandName ?? 'unknown';
        const input = args.input as { TransactItems?: unknown[]; RequestItems?: Record<string, unknown[]> };
        const items =
          input.TransactItems?.length ??
          Object.values(input.RequestItems ?? {}).reduce((n, r) => n + r.length, 0) ??
          1;
        const c = calls.get(name) ?? { n: 0, ms: 0, items: 0 };
        c.n++;
        c.ms += performance.now() - started;
        c.items += items || 1;
        calls.set(name, c);
      }
    },
    { step: 'initialize', name: 'benchCallCounter' },
  );
  return calls;
}

async function liveReceiver() {
  const seen = new Map<string, number>();
  let bad = 0;
  let secret = '';
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      try {
        verifySignature(secret, req.headers[SIGNATURE_HEADER] as string, body, new Date());
        const id = (JSON.parse(body) as { id: string }).id;
        seen.set(id, (seen.get(id) ?? 0) + 1);
        res.writeHead(204).end();
      } catch {
        bad++;
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    seen,
    bad: () => bad,
    setSecret: (s: string) => {
      secret = s;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

async function closedPort(): Promise<string> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return `http://127.0.0.1:${port}/down`;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const emulators = await startEmulators();
  let calls = new Map<string, { n: number; ms: number; items: number }>();
  const platform = await startPlatform({
    emulators,
    redrive: false,
    instrument: ({ dynamo }) => {
      calls = countCalls(dynamo);
    },
  });
  const receivers = [await liveReceiver(), await liveReceiver()];
  const downUrl = await closedPort();
  try {
    const now = new Date().toISOString();
    await platform.container.portal.createDraft({
      applicationId: APP,
      owner: OWNER,
      form: { seller: { companyName: 'bench', uscc: 'bench' }, category: 'home', skus: [], sampleSkus: [] },
      documents: [],
      createdAt: now,
      updatedAt: now,
    });
    for (const r of receivers) {
      const reg = await platform.container.webhooks.register(OWNER, {
        url: r.url,
        events: ['application.action_required'],
      });
      r.setSecret(reg.secret as string);
    }
    const down = await platform.container.webhooks.register(OWNER, {
      url: downUrl,
      events: ['application.action_required'],
    });

    const session = args.profile ? new Session() : null;
    if (session) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    }
    calls.clear();
    const cpuBefore = treeCpuSeconds();
    const loadBefore = loadavg()[0];
    const started = Date.now();
    let next = 0;
    const publishOne = async () => {
      while (next < args.events) {
        const i = next++;
        await platform.container.notifications.publish(
          sellerEvent(APP, 'application.action_required', `bench#${i}`, now, {
            requirements: [{ kind: 'sign_agreement', deadline: now }],
          }),
        );
      }
    };
    await Promise.all(Array.from({ length: 32 }, publishOne));
    const publishedMs = Date.now() - started;
    process.stderr.write(`published ${args.events} events in ${publishedMs} ms\n`);
    const deadline = started + 600_000;
    let lastLog = 0;
    while (receivers.some((r) => r.seen.size < args.events) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      if (Date.now() - lastLog > 5000) {
        lastLog = Date.now();
        process.stderr.write(
          `  delivered ${receivers.map((r) => r.seen.size).join(' / ')} of ${args.events}\n`,
        );
      }
    }
    const deliveredMs = Date.now() - started;
    const cpuSeconds = cpuSince(cpuBefore);
    if (session) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(join(dirname(args.out), 'notifications.cpuprofile'), JSON.stringify(profile));
      session.disconnect();
    }
    const dynamoCalls = Object.fromEntries(
      [...calls].map(([k, v]) => [
        k,
        { calls: v.n, items: v.items, meanMs: Math.round((v.ms / v.n) * 10) / 10 },
      ]),
    );
    const doubled = receivers.reduce((n, r) => n + [...r.seen.values()].filter((c) => c > 1).length, 0);

    // The down endpoint: every delivery tried once (the sender has made every event's first
    // attempts) and due again within the first ceiling.
    while (platform.notifier.queue.pending().events > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const firstAttemptsMs = Date.now() - started;
    await platform.notifier.queue.settled();
    const deliveries = await platform.notifier.store.listDeliveries(OWNER, Number.MAX_SAFE_INTEGER);
    const toDown = deliveries.filter((d) => d.endpointId === down.endpointId);
    const tried = toDown.filter((d) => d.attempts >= 1 && d.status === 'pending');
    // After failed attempt n the wait is drawn below base · 2^(n−1) (full jitter).
    const onSchedule = tried.filter((d) => {
      const wait = Date.parse(d.nextAttemptAt ?? '') - Date.parse(d.updatedAt);
      return wait >= 0 && wait <= backoffCeiling(WEBHOOK_BACKOFF, d.attempts) + 1000;
    }).length;

    const result = {
      at: new Date().toISOString(),
      cores: availableParallelism(),
      loadAverage: { before: loadBefore, after: loadavg()[0] },
      cpuSeconds,
      dynamoCalls,
      dynamoCallsPerEvent:
        Math.round(([...calls.values()].reduce((n, c) => n + c.n, 0) / args.events) * 100) / 100,
      events: args.events,
      endpoints: 3,
      publishedMs,
      deliveredToLiveMs: deliveredMs,
      everyFirstAttemptMs: firstAttemptsMs,
      live: receivers.map((r) => ({ distinctEvents: r.seen.size, refused: r.bad() })),
      doubled,
      down: { deliveries: toDown.length, triedAndPending: tried.length, dueAgainWithinCeiling: onSchedule },
      targets: [
        {
          target: 'every delivery to the two live endpoints within 60 s',
          met: deliveredMs <= 60_000 && receivers.every((r) => r.seen.size === args.events),
          figure: `${(deliveredMs / 1000).toFixed(1)} s`,
        },
        {
          target: 'nothing lost or doubled',
          met: doubled === 0 && receivers.every((r) => r.seen.size === args.events),
          figure: `${doubled} doubled`,
        },
        {
          target: 'the down endpoint retried on schedule',
          met: toDown.length === args.events && onSchedule === tried.length,
          figure: `${tried.length} of ${toDown.length} tried and pending, ${onSchedule} due again within their backoff ceiling`,
        },
      ],
    };
    mkdirSync(dirname(args.out), { recursive: true });
    writeFileSync(args.out, `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await platform.stop();
    await Promise.all(receivers.map((r) => r.close()));
    await emulators.stop();
  }
}

await main();
