import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import { PassThrough } from 'node:stream';
import {
  checkCopySource,
  checkKey,
  headerMap,
  one,
  parseAmzDate,
  parseQuery,
  resource,
  S3Error,
  send,
} from './s3-gate-request.js';
import { ALGORITHM, hmacHex, type SignedRequest, sameHex, Verifier } from './s3-gate-sigv4.js';

/**
 * The checks S3 makes before it serves a request, in front of s3rver (which makes none: its
 * SigV4 "verification" accepts any signature and lets unsigned requests through, and its POST
 * ignores the policy). Each request is
 * - signed with SigV4 by the local credentials: an `Authorization` header (SDK calls) or the
 *   `X-Amz-*` query of a presigned URL (unexpired), re-signed here and compared in constant time;
 * - or a browser's presigned POST: the policy's signature, its expiration, and every one of its
 *   conditions on the form's fields and the file's size; fields no condition covers are refused;
 * - addressed to a bucket and key that stay inside the bucket's directory (no `..` segments).
 * What fails is answered here, with S3's XML error and no CORS headers; what passes goes to
 * s3rver, whose CORS middleware answers from the bucket's CORS configuration.
 */
export interface GateOptions {
  credentials: { accessKeyId: string; secretAccessKey: string };
  region: string;
  /** s3rver's Koa handler: reached only through the gate. */
  next: (req: IncomingMessage, res: ServerResponse) => void;
  /** Bodies above this are refused (the store is local; S3's own limit is 5 GB). */
  maxBodyBytes?: number;
  /**
   * A browser POST proves itself only by the policy inside its body, so its body is read before
   * it is trusted: at most this much per POST, and at most `postBudgetBytes` for all POSTs being
   * read at once (past it: 503 SlowDown), so anonymous POSTs cannot fill the memory.
   */
  maxPostBytes?: number;
  postBudgetBytes?: number;
  now?: () => number;
}

const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const SKEW_MS = 15 * 60 * 1000;
const MAX_PRESIGNED_SECONDS = 7 * 24 * 3600;
/** Form fields S3 does not require a policy condition for. */
const UNCONDITIONED_FIELDS = new Set(['x-amz-signature', 'file', 'policy']);
/** Form fields that authenticate the POST: checked here, not handed to the store. */
const AUTH_FIELDS = new Set([
  'policy',
  'x-amz-signature',
  'x-amz-credential',
  'x-amz-algorithm',
  'x-amz-date',
  'x-amz-security-token',
  'bucket',
]);

export function createS3Gate(opts: GateOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const verifier = new Verifier(opts.credentials);
  const now = opts.now ?? Date.now;
  const maxBody = opts.maxBodyBytes ?? 512 * 1024 * 1024;
  const maxPost = opts.maxPostBytes ?? 64 * 1024 * 1024;
  const postBudget = opts.postBudgetBytes ?? 256 * 1024 * 1024;
  let postBytesHeld = 0;

  /** `Credential=AK/yyyymmdd/region/s3/aws4_request` against the local credentials and the request's date. */
  function checkCredential(credential: string, longDate: string, header: boolean): string {
    const [accessKeyId, date, region, service, terminator, ...more] = credential.split('/');
    const malformed = (why: string) =>
      header
        ? new S3Error(400, 'AuthorizationHeaderMalformed', `The authorization header is malformed; ${why}`)
        : new S3Error(
            400,
            'AuthorizationQueryParametersError',
            `Error parsing the X-Amz-Credential parameter; ${why}`,
          );
    if (!accessKeyId || !date || !region || !service || !terminator || more.length)
      throw malformed(
        'the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".',
      );
    if (accessKeyId !== opts.credentials.accessKeyId)
      throw new S3Error(
        403,
        'InvalidAccessKeyId',
        'The AWS Access Key Id you provided does not exist in our records.',
      );
    if (date !== longDate.slice(0, 8))
      throw malformed('Invalid credential date. Date is not the same as X-Amz-Date.');
    if (region !== opts.region)
      throw malformed(`the region '${region}' is wrong; expecting '${opts.region}'`);
    if (service !== 's3') throw malformed(`incorrect service "${service}". This endpoint belongs to "s3".`);
    if (terminator !== 'aws4_request')
      throw malformed(`incorrect terminal "${terminator}". This endpoint uses "aws4_request".`);
    return region;
  }

  function checkSignedHeaders(signed: string[], headers: Record<string, string>): void {
    if (!signed.includes('host'))
      throw new S3Error(403, 'AccessDenied', 'The host header must be signed (SignedHeaders has no host)');
    const unsigned = Object.keys(headers).filter((h) => h.startsWith('x-amz-') && !signed.includes(h));
    if (unsigned.length)
      throw new S3Error(
        403,
        'AccessDenied',
        `There were headers present in the request which were not signed: ${unsigned.join(', ')}`,
      );
  }

  /** Returns the body, read once the signature held and checked against x-amz-content-sha256. */
  async function verifyHeaderAuth(
    req: SignedRequest,
    authorization: string,
    readBody: () => Promise<Buffer>,
  ): Promise<Buffer> {
    const [algorithm] = authorization.split(' ');
    if (algorithm !== ALGORITHM)
      throw new S3Error(
        400,
        'InvalidRequest',
        'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.',
      );
    const parts = new Map<string, string>();
    for (const component of authorization.slice(ALGORITHM.length).split(',')) {
      const eq = component.indexOf('=');
      if (eq > 0) parts.set(component.slice(0, eq).trim(), component.slice(eq + 1).trim());
    }
    const credential = parts.get('Credential');
    const signedHeaders = parts.get('SignedHeaders');
    const signature = parts.get('Signature');
    if (!credential || !signedHeaders || !signature || parts.size !== 3)
      throw new S3Error(
        400,
        'AuthorizationHeaderMalformed',
        'The authorization header is malformed; the authorization header requires three components: Credential, SignedHeaders, and Signature.',
      );
    const longDate = req.headers['x-amz-date'];
    const time = parseAmzDate(longDate);
    if (!longDate || Number.isNaN(time))
      throw new S3Error(403, 'AccessDenied', 'AWS authentication requires a valid Date or x-amz-date header');
    const region = checkCredential(credential, longDate, true);
    if (Math.abs(now() - time) > SKEW_MS)
      throw new S3Error(
        403,
        'RequestTimeTooSkewed',
        'The difference between the request time and the current time is too large.',
      );
    const payloadHash = req.headers['x-amz-content-sha256'];
    if (!payloadHash)
      throw new S3Error(
        400,
        'InvalidRequest',
        'Missing required header for this request: x-amz-content-sha256',
      );
    const signed = signedHeaders.split(';');
    checkSignedHeaders(signed, req.headers);
    const expected = await verifier.signatureOf(req, signed, payloadHash, longDate, region);
    if (!sameHex(expected, signature))
      throw new S3Error(
        403,
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      );
    if (payloadHash === UNSIGNED_PAYLOAD) return readBody();
    if (/^[0-9a-f]{64}$/.test(payloadHash)) {
      const body = await readBody();
      const actual = body.length ? createHash('sha256').update(body).digest('hex') : EMPTY_SHA256;
      if (actual !== payloadHash)
        throw new S3Error(
          400,
          'XAmzContentSHA256Mismatch',
          "The provided 'x-amz-content-sha256' header does not match what was computed.",
        );
      return body;
    }
    // aws-chunked bodies (STREAMING-*): s3rver would store the chunk framing as the object.
    throw new S3Error(
      501,
      'NotImplemented',
      `x-amz-content-sha256 ${payloadHash} (aws-chunked) is not supported by the local store: use requestChecksumCalculation: 'WHEN_REQUIRED'`,
    );
  }

  async function verifyQueryAuth(req: SignedRequest): Promise<void> {
    const q = req.query;
    const bad = (message: string) => new S3Error(400, 'AuthorizationQueryParametersError', message);
    if (one(q['X-Amz-Algorithm']) !== ALGORITHM)
      throw bad('X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"');
    const credential = one(q['X-Amz-Credential']);
    const longDate = one(q['X-Amz-Date']);
    const expires = one(q['X-Amz-Expires']);
    const signedHeaders = one(q['X-Amz-SignedHeaders']);
    const signature = one(q['X-Amz-Signature']);
    if (!credential || !longDate || !expires || !signedHeaders || !signature)
      throw bad(
        'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
      );
    const time = parseAmzDate(longDate);
    if (Number.isNaN(time))
      throw bad("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
    const seconds = /^\d+$/.test(expires) ? Number(expires) : Number.NaN;
    if (Number.isNaN(seconds) || seconds < 1 || seconds > MAX_PRESIGNED_SECONDS)
      throw bad('X-Amz-Expires must be a number of seconds between 1 and 604800');
    const region = checkCredential(credential, longDate, false);
    const signed = signedHeaders.split(';');
    checkSignedHeaders(signed, req.headers);
    const expected = await verifier.signatureOf(req, signed, UNSIGNED_PAYLOAD, longDate, region);
    if (!sameHex(expected, signature))
      throw new S3Error(
        403,
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      );
    if (now() > time + seconds * 1000) throw new S3Error(403, 'AccessDenied', 'Request has expired');
    if (time - now() > SKEW_MS) throw new S3Error(403, 'AccessDenied', 'Request is not valid yet');
  }

  /** A browser's presigned POST: returns the form s3rver stores (built here, from the checked fields). */
  async function verifyPost(
    bucket: string,
    contentType: string,
    body: Buffer,
  ): Promise<{ body: Buffer; contentType: string }> {
    let form: FormData;
    try {
      form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
    } catch {
      throw new S3Error(
        400,
        'MalformedPOSTRequest',
        'The body of your POST request is not well-formed multipart/form-data.',
      );
    }
    const fields = new Map<string, string>();
    let file: { blob: Blob; name: string } | undefined;
    for (const [rawName, value] of form.entries()) {
      const name = rawName.toLowerCase();
      if (name === 'file') {
        if (file)
          throw new S3Error(400, 'InvalidArgument', 'POST requires exactly one file upload per request.');
        file =
          typeof value === 'string'
            ? { blob: new Blob([value]), name: 'file' }
            : { blob: value, name: (value as File).name || 'file' };
        continue;
      }
      // S3 ignores what follows the file.
      if (file) continue;
      if (fields.has(name))
        throw new S3Error(400, 'InvalidArgument', `The form field ${rawName} is given more than once.`);
      if (typeof value !== 'string')
        throw new S3Error(
          400,
          'InvalidArgument',
          `The form field ${rawName} must be text; only "file" is a file.`,
        );
      fields.set(name, value);
    }
    if (!file)
      throw new S3Error(400, 'InvalidArgument', 'POST requires exactly one file upload per request.');
    const key = fields.get('key');
    if (key === undefined || key === '')
      throw new S3Error(400, 'InvalidArgument', "Bucket POST must contain a field named 'key'.");
    checkKey(key);

    const formBucket = fields.get('bucket');
    if (formBucket !== undefined && formBucket !== bucket)
      throw new S3Error(
        400,
        'InvalidArgument',
        `The bucket field (${formBucket}) does not name the bucket posted to (${bucket})`,
      );

    const policyB64 = fields.get('policy');
    const signature = fields.get('x-amz-signature');
    const credential = fields.get('x-amz-credential');
    const longDate = fields.get('x-amz-date');
    if (!policyB64 || !signature || !credential || !longDate || fields.get('x-amz-algorithm') !== ALGORITHM)
      throw new S3Error(
        403,
        'AccessDenied',
        'Bucket POST must be signed: the Policy, X-Amz-Signature, X-Amz-Credential, X-Amz-Date and X-Amz-Algorithm (AWS4-HMAC-SHA256) fields are required',
      );
    if (Number.isNaN(parseAmzDate(longDate)))
      throw new S3Error(400, 'InvalidArgument', 'X-Amz-Date must be in the ISO8601 Long Format');
    const region = checkCredential(credential, longDate, false);
    const expected = hmacHex(await verifier.signingKey(longDate.slice(0, 8), region), policyB64);
    if (!sameHex(expected, signature))
      throw new S3Error(
        403,
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      );

    let policy: { expiration?: unknown; conditions?: unknown };
    try {
      policy = JSON.parse(Buffer.from(policyB64, 'base64').toString('utf8'));
    } catch {
      throw new S3Error(400, 'InvalidPolicyDocument', 'Invalid Policy: Invalid JSON.');
    }
    const expiration = typeof policy.expiration === 'string' ? Date.parse(policy.expiration) : Number.NaN;
    if (Number.isNaN(expiration))
      throw new S3Error(400, 'InvalidPolicyDocument', 'Invalid Policy: Policy missing expiration.');
    if (now() > expiration)
      throw new S3Error(403, 'AccessDenied', 'Invalid according to Policy: Policy expired.');
    if (!Array.isArray(policy.conditions))
      throw new S3Error(400, 'InvalidPolicyDocument', 'Invalid Policy: Policy missing conditions.');

    const fieldValue = (name: string): string => (name === 'bucket' ? bucket : (fields.get(name) ?? ''));
    const failed = (c: unknown) =>
      new S3Error(
        403,
        'AccessDenied',
        `Invalid according to Policy: Policy Condition failed: ${JSON.stringify(c)}`,
      );
    const covered = new Set<string>();
    let range: [number, number] | undefined;
    for (const c of policy.conditions as unknown[]) {
      if (Array.isArray(c)) {
        const [op, a, b] = c as unknown[];
        if (typeof op === 'string' && op.toLowerCase() === 'content-length-range') {
          if (typeof a !== 'number' || typeof b !== 'number' || c.length !== 3)
            throw new S3Error(
              400,
              'InvalidPolicyDocument',
              `Invalid Policy: Invalid content-length-range: ${JSON.stringify(c)}`,
            );
          range = [Math.max(range?.[0] ?? 0, a), Math.min(range?.[1] ?? Number.MAX_SAFE_INTEGER, b)];
          continue;
        }
        if (
          c.length !== 3 ||
          typeof op !== 'string' ||
          typeof a !== 'string' ||
          !a.startsWith('$') ||
          typeof b !== 'string'
        )
          throw new S3Error(
            400,
            'InvalidPolicyDocument',
            `Invalid Policy: Invalid Condition: ${JSON.stringify(c)}`,
          );
        const name = a.slice(1).toLowerCase();
        covered.add(name);
        const actual = fieldValue(name);
        if (op.toLowerCase() === 'eq') {
          if (actual !== b) throw failed(c);
        } else if (op.toLowerCase() === 'starts-with') {
          // S3: Content-Type may list several types, each must start with the value.
          const values = name === 'content-type' ? actual.split(',').map((s) => s.trim()) : [actual];
          if (!values.every((v) => v.startsWith(b))) throw failed(c);
        } else {
          throw new S3Error(
            400,
            'InvalidPolicyDocument',
            `Invalid Policy: Invalid Condition operator: ${op}`,
          );
        }
      } else if (c && typeof c === 'object') {
        const entries = Object.entries(c as Record<string, unknown>);
        if (entries.length !== 1 || typeof entries[0]?.[1] !== 'string')
          throw new S3Error(
            400,
            'InvalidPolicyDocument',
            `Invalid Policy: Invalid Simple-Condition: ${JSON.stringify(c)}`,
          );
        const [field, expectedValue] = entries[0] as [string, string];
        const name = field.toLowerCase();
        covered.add(name);
        if (fieldValue(name) !== expectedValue) throw failed(c);
      } else {
        throw new S3Error(
          400,
          'InvalidPolicyDocument',
          `Invalid Policy: Invalid Condition: ${JSON.stringify(c)}`,
        );
      }
    }
    const extra = [...fields.keys()].filter(
      (name) => !UNCONDITIONED_FIELDS.has(name) && !name.startsWith('x-ignore-') && !covered.has(name),
    );
    if (extra.length)
      throw new S3Error(
        403,
        'AccessDenied',
        `Invalid according to Policy: Extra input fields: ${extra.join(', ')}`,
      );
    const size = file.blob.size;
    if (range && size > range[1])
      throw new S3Error(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size');
    if (range && size < range[0])
      throw new S3Error(
        400,
        'EntityTooSmall',
        'Your proposed upload is smaller than the minimum allowed size',
      );

    // The form s3rver reads: the checked fields (names as s3rver expects them), the file last.
    const out = new FormData();
    for (const [name, value] of fields) if (!AUTH_FIELDS.has(name)) out.append(name, value);
    out.append('file', file.blob, file.name);
    const rebuilt = new Response(out);
    return {
      body: Buffer.from(await rebuilt.arrayBuffer()),
      contentType: rebuilt.headers.get('content-type') ?? '',
    };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // The body is read only once the request's headers passed (an anonymous upload is refused unread).
    const readBody = async (limit = maxBody): Promise<Buffer> => {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of req) {
        size += (chunk as Buffer).length;
        if (size > limit)
          throw new S3Error(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size');
        chunks.push(chunk as Buffer);
      }
      return Buffer.concat(chunks);
    };
    /** A POST's body, held against the budget shared by every POST being read. */
    const readPostBody = async (): Promise<Buffer> => {
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > maxPost)
        throw new S3Error(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size');
      let held = 0;
      const hold = (n: number) => {
        if (postBytesHeld + n > postBudget)
          throw new S3Error(503, 'SlowDown', 'Please reduce your request rate.');
        postBytesHeld += n;
        held += n;
      };
      try {
        const chunks: Buffer[] = [];
        for await (const chunk of req) {
          hold((chunk as Buffer).length);
          if (held > maxPost)
            throw new S3Error(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size');
          chunks.push(chunk as Buffer);
        }
        return Buffer.concat(chunks);
      } finally {
        postBytesHeld -= held;
      }
    };
    const headers = headerMap(req.headers);
    const method = req.method ?? 'GET';

    // Only this endpoint's own names: s3rver would take a bucket from a host such as
    // <bucket>.s3.amazonaws.com, which the checks below would not have seen.
    const host = (headers.host ?? '').replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');
    if (!(isIP(host) || host === 'localhost'))
      throw new S3Error(400, 'InvalidArgument', `Host "${headers.host ?? ''}" does not name this endpoint`);

    const url = req.url ?? '/';
    const qi = url.indexOf('?');
    const path = qi < 0 ? url : url.slice(0, qi);
    const query = parseQuery(qi < 0 ? '' : url.slice(qi + 1));
    const { bucket, key } = resource(path);
    const uploadId = query.uploadId;
    if (uploadId !== undefined && !(typeof uploadId === 'string' && /^[A-Za-z0-9_-]+$/.test(uploadId)))
      throw new S3Error(404, 'NoSuchUpload', 'The specified upload does not exist.');
    if (headers['x-amz-copy-source']) checkCopySource(headers['x-amz-copy-source']);

    let body: Buffer = Buffer.alloc(0);
    let forward = headers;
    const signedRequest: SignedRequest = { method, path, query, headers };
    const queryAuth = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature'].some((p) => p in query);
    if (method === 'OPTIONS') {
      // CORS preflight: unauthenticated, as on S3; s3rver answers from the bucket's CORS rules.
      body = await readBody();
    } else if (headers.authorization !== undefined) {
      if (queryAuth)
        throw new S3Error(
          400,
          'InvalidArgument',
          'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified',
        );
      body = await verifyHeaderAuth(signedRequest, headers.authorization, readBody);
    } else if (queryAuth) {
      await verifyQueryAuth(signedRequest);
      body = await readBody();
    } else if ('Signature' in query || 'AWSAccessKeyId' in query) {
      throw new S3Error(
        400,
        'InvalidRequest',
        'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.',
      );
    } else if (
      method === 'POST' &&
      bucket &&
      !key &&
      Object.keys(query).length === 0 &&
      /^multipart\/form-data/i.test(headers['content-type'] ?? '')
    ) {
      const post = await verifyPost(bucket, headers['content-type'] ?? '', await readPostBody());
      body = post.body;
      forward = { ...headers, 'content-type': post.contentType, 'content-length': String(body.length) };
      delete forward['transfer-encoding'];
    } else {
      throw new S3Error(403, 'AccessDenied', 'Access Denied');
    }
    opts.next(replay(req, body, forward), res);
  }

  return (req, res) => {
    handle(req, res).catch((err: unknown) => {
      const e =
        err instanceof S3Error
          ? err
          : new S3Error(500, 'InternalError', `We encountered an internal error: ${String(err)}`);
      // A body refused half-read is not read on: the connection closes after the answer.
      if (!req.complete) res.once('finish', () => req.destroy());
      if (!res.headersSent) send(res, req.method, e);
      else res.destroy();
    });
  };
}

/** The request as s3rver reads it: the same method, URL and socket, the (checked) body from memory. */
function replay(req: IncomingMessage, body: Buffer, headers: Record<string, string>): IncomingMessage {
  const stream = new PassThrough();
  stream.end(body);
  return Object.assign(stream, {
    headers,
    rawHeaders: Object.entries(headers).flat(),
    url: req.url,
    method: req.method,
    httpVersion: req.httpVersion,
    httpVersionMajor: req.httpVersionMajor,
    httpVersionMinor: req.httpVersionMinor,
    socket: req.socket,
    connection: req.socket,
    complete: true,
    aborted: false,
    trailers: {},
    rawTrailers: [],
  }) as unknown as IncomingMessage;
}
