// DynamoDB Local's network namespace: run by local/emulators.ts (startDynamoDbLocal) as
//   unshare --user --map-root-user --net --pid --fork --kill-child=SIGKILL node dynamo-netns-bridge.mjs <config>
// DynamoDB Local has no bind option and listens on every interface; in a namespace of its own the
// only interface is this namespace's loopback, which nothing outside can reach. The emulator is
// reached through a Unix socket in a private directory (mode 0700) that the parent gives; the
// parent relays its 127.0.0.1 port to that socket.
// Lifetime: this script is the PID namespace's init, so when it exits the kernel kills java. It
// exits when its stdin closes (the parent stopped it, exited or was SIGKILLed) or java exits.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';

/** @type {{ socketPath: string; port: number; cwd: string; args: string[] }} */
const config = JSON.parse(process.argv[2] ?? '{}');

const ip = ['/usr/sbin/ip', '/sbin/ip', '/usr/bin/ip', '/bin/ip'].find((p) => existsSync(p)) ?? 'ip';
execFileSync(ip, ['link', 'set', 'lo', 'up'], { stdio: ['ignore', 'ignore', 'inherit'] });

const java = spawn('java', [...config.args, '-port', String(config.port)], {
  cwd: config.cwd,
  stdio: ['ignore', 'ignore', 'inherit'],
});
let stopping = false;
java.on('error', (err) => {
  process.stderr.write(`dynamo-netns-bridge: java could not start: ${err.message}\n`);
  process.exit(1);
});
java.on('exit', (code, signal) => {
  if (!stopping) process.stderr.write(`dynamo-netns-bridge: java exited (${code ?? signal})\n`);
  process.exit(stopping ? 0 : 1);
});

function stop() {
  if (stopping) return;
  stopping = true;
  // A clean shutdown first (DynamoDB Local flushes its -dbPath store); the kernel kills the rest.
  java.kill('SIGTERM');
  setTimeout(() => process.exit(0), 3000);
}
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.on('error', stop);
process.stdin.resume();

/** The host's pid of java: /proc is the host's (not remounted), so it names host pids. */
function javaHostPid() {
  try {
    const self = readlinkSync('/proc/self');
    for (const task of readdirSync(`/proc/${self}/task`)) {
      const children = readFileSync(`/proc/${self}/task/${task}/children`, 'utf8').trim().split(/\s+/);
      for (const child of children) {
        if (child && readFileSync(`/proc/${child}/comm`, 'utf8').trim() === 'java') return Number(child);
      }
    }
  } catch {}
  return undefined;
}

const relay = createServer((conn) => {
  const upstream = createConnection({ host: '127.0.0.1', port: config.port });
  conn.on('error', () => upstream.destroy());
  upstream.on('error', () => conn.destroy());
  conn.pipe(upstream).pipe(conn);
});
relay.on('error', (err) => {
  process.stderr.write(`dynamo-netns-bridge: ${err.message}\n`);
  process.exit(1);
});
relay.listen(config.socketPath, () => {
  process.stdout.write(`${JSON.stringify({ ready: true, javaPid: javaHostPid() })}\n`);
});
