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
}

export const POST_DEFAULTS: PostOptions = { timeoutMs: 10_000, maxResponseBytes: 64 * 1024 };

export function postPinned(
  url: URL,
  address: string,
  headers: Record<string, string>,
  body: string,
  opts: PostOptions = POST_DEFAULTS,
): Promise<PostResult> {
  const started = Date.now();
  const family = isIPv6(address) ? 6 : 4;
  const pinned: LookupFunction = (_host, options, cb) => {
    if ((options as { all?: boolean }).all)
      (cb as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family }]);
    else cb(null, address, family);
  };
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: Omit<PostResult, 'durationMs'>) => {
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
        agent: false,
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
    req.on('error', (err) => done({ error: err.message.slice(0, 200) }));
    req.end(body);
  });
}
