import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { posix } from 'node:path';

/** Reading an S3 request as S3 does (path-style bucket and key, query, dates) and answering its errors. */

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function xmlEscape(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function send(res: ServerResponse, method: string | undefined, err: S3Error): void {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${err.code}</Code><Message>${xmlEscape(
    err.message,
  )}</Message><RequestId>local-gate</RequestId></Error>`;
  res.writeHead(err.status, {
    'Content-Type': 'application/xml',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(method === 'HEAD' ? undefined : body);
}

export function decode(s: string, what: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw new S3Error(400, 'InvalidURI', `Couldn't parse the specified URI: ${what}`);
  }
}

/** The query as S3 reads it (keys case-sensitive, `+` is a plus, repeated keys kept). */
export function parseQuery(raw: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  if (!raw) return query;
  for (const part of raw.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const k = decode(eq < 0 ? part : part.slice(0, eq), 'query');
    const v = eq < 0 ? '' : decode(part.slice(eq + 1), 'query');
    const prev = query[k];
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return query;
}

export function one(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? undefined : v;
}

export function headerMap(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v !== undefined) out[k] = Array.isArray(v) ? v.join(',') : v;
  }
  return out;
}

/** A key the filesystem store keeps inside the bucket's directory, or a 400. */
export function checkKey(key: string): void {
  if (key.includes('\0')) throw new S3Error(400, 'InvalidArgument', 'Object key contains a NUL character');
  const segments = key.split('/');
  if (segments.some((s) => s === '..')) {
    throw new S3Error(
      400,
      'InvalidArgument',
      `Object key "${key}" has a ".." segment: the local store keeps objects as files and takes no key that climbs out of its bucket`,
    );
  }
  const root = '/store/bucket';
  const resolved = posix.resolve(root, ...segments.filter((s) => s !== ''));
  if (resolved !== root && !resolved.startsWith(`${root}/`)) {
    throw new S3Error(400, 'InvalidArgument', `Object key "${key}" resolves outside its bucket`);
  }
}

export function checkBucket(bucket: string): void {
  if (!BUCKET_NAME.test(bucket) || bucket.includes('..')) {
    throw new S3Error(400, 'InvalidBucketName', `The specified bucket is not valid: ${bucket}`);
  }
}

/** Bucket and key of a path-style request (the only style served: the host never names a bucket). */
export function resource(rawPath: string): { bucket?: string; key?: string } {
  if (!rawPath.startsWith('/')) throw new S3Error(400, 'InvalidURI', "Couldn't parse the specified URI");
  const [rawBucket = '', ...rest] = rawPath.slice(1).split('/');
  const bucket = decode(rawBucket, 'bucket');
  const key = rest.length > 0 ? decode(rest.join('/'), 'key') : undefined;
  if (!bucket) {
    if (key) throw new S3Error(400, 'InvalidURI', "Couldn't parse the specified URI");
    return {};
  }
  checkBucket(bucket);
  if (key) checkKey(key);
  return key ? { bucket, key } : { bucket };
}

export function checkCopySource(value: string): void {
  const path = value.split('?')[0] ?? '';
  const decoded = decode(path, 'x-amz-copy-source');
  const [bucket = '', ...rest] = decoded.replace(/^\//, '').split('/');
  checkBucket(bucket);
  checkKey(rest.join('/'));
}

export function parseAmzDate(value: string | undefined): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? '');
  if (!m) return Number.NaN;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s);
}
