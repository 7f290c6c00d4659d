import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { isIPv6 } from 'node:net';

/**
 * One webhook POST to an address already checked (url-check.ts): connected to that address
 * whatever DNS says now, no redirects followed, the whole exchange within `timeoutMs`, at most
 * `maxResponseBytes` of the answer read (the rest is dropped with the connection).
 */
export interface PostResult {
  status?: number;
  error?: string;
  durationMs: number;
}

export interface PostOptions {
  timeoutMs: number;
  maxResponseBytes: number;
  /** Connections kept open per receiver (origin and checked address); default 16. */
  maxSockets?: number;
}

export const POST_DEFAULTS: PostOptions = { timeoutMs: 10_000, maxResponseBytes: 64 * 1024 };

/**
 * Kept-alive connections, one pool per (origin, checked address): a receiver's next POST reuses an
 * open connection instead of a new TCP (and TLS) handshake, and a pooled connection only ever goes
 * to the address that was checked for it. A receiver holds at most `maxSockets` connections.
 */
const agents = new Map<string, http.Agent>();
function agentFor(url: URL, address: string, maxSockets: number): http.Agent {
  const key = `${url.protocol}//${url.host}|${address}|${maxSockets}`;
  let agent = agents.get(key);
  if (!agent) {
    if (agents.size > 1000) {
      for (const a of agents.values()) a.destroy();
      agents.clear();
    }
    const options = { keepAlive: true, maxSockets, scheduling: 'lifo' as const };
    agent = url.protocol === 'https:' ? new https.Agent(options) : new http.Agent(options);
    agents.set(key, agent);
  }
  return agent;
}

export async function postPinned(
  url: URL,
  address: string,
  headers: Record<string, string>,
  body: string,
  opts: PostOptions = POST_DEFAULTS,
): Promise<PostResult> {
  const started = Date.now();
  const first = await postOnce(url, address, headers, body, opts, started);
  // A kept-alive connection the receiver closed just as it was reused: once more, on a new one
  // (the request never reached the receiver's application).
  if (first.staleConnection) return postOnce(url, address, headers, body, opts, started);
  const { staleConnection: _s, ...result } = first;
  return result;
}

function postOnce(
  url: URL,
  address: string,
  headers: Record<string, string>,
  body: string,
  opts: PostOptions,
  started: number,
): Promise<PostResult & { staleConnection?: boolean }> {
  const family = isIPv6(address) ? 6 : 4;
  const pinned: LookupFunction = (_host, options, cb) => {
    if ((options as { all?: boolean }).all)
      (cb as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family }]);
    else cb(null, address, family);
  };
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: Omit<PostResult, 'durationMs'> & { staleConnection?: boolean }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...r, durationMs: Date.now() - started });
    };
    const req = client.request(
      url,
      {
        method: 'POST',
        lookup: pinned,
        headers: {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          ...headers,
        },
        agent: agentFor(url, address, opts.maxSockets ?? 16),
      },
      (res) => {
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > opts.maxResponseBytes) {
            // Enough to know the answer; more is not read.
            res.destroy();
            done({ status: res.statusCode ?? 0 });
          }
        });
        res.on('end', () => done({ status: res.statusCode ?? 0 }));
        res.on('error', (err) => done({ status: res.statusCode ?? 0, error: err.message }));
      },
    );
    const timer = setTimeout(() => {
      req.destroy(new Error(`no answer within ${opts.timeoutMs} ms`));
    }, opts.timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) => {
      const stale = req.reusedSocket && (err.code === 'ECONNRESET' || err.code === 'EPIPE');
      done({ error: err.message.slice(0, 200), ...(stale ? { staleConnection: true } : {}) });
    });
    req.end(body);
  });
}
