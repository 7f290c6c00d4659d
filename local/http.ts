import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { Duplex } from 'node:stream';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { handler as finance } from '../lambdas/api/finance/handler.js';
import { UnauthorizedError } from '../lambdas/api/identity.js';
import { BODY_LIMITS, errorForLog } from '../lambdas/api/kit.js';
import { handler as lab } from '../lambdas/api/lab/handler.js';
import { handler as me } from '../lambdas/api/me/handler.js';
import { handler as ops } from '../lambdas/api/ops/handler.js';
import { handler as review } from '../lambdas/api/review/handler.js';
import { type Area, matchRoute, routeKey } from '../lambdas/api/routes.js';
import { handler as seller } from '../lambdas/api/seller/handler.js';
import { InvalidInputError } from '../lambdas/shared/errors.js';
import { applicationOfWorkId } from '../lambdas/usecases/portal/work.js';
import { contentSecurityPolicy, SECURITY_HEADERS } from '../lib/security-headers.js';
import { LocalIdp } from './idp.js';
import type { Platform } from './platform.js';

/**
 * The local stand-in for API Gateway + Cognito + the portal's hosting: one HTTP server on
 * 127.0.0.1 that serves the built portal, a local identity provider, and `/api/*` by building the
 * API Gateway v2 event (JWT claims verified first, as the authorizer would) and calling the very
 * handler each area's Lambda runs.
 */
type Handler = (e: APIGatewayProxyEventV2WithJWTAuthorizer) => Promise<APIGatewayProxyStructuredResultV2>;
const HANDLERS: Record<Area, Handler> = { me, seller, review, lab, ops, finance };
/** The API's own body limit (kit.ts), so the local server and a Lambda refuse the same bodies. */
const MAX_BODY = BODY_LIMITS.maxBytes;
const STATIC_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  // pdf.js's worker (the reviewer's PDF pages): a module worker is refused under nosniff otherwise.
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export const PORTAL_DIST = resolve(import.meta.dirname, '..', 'portal', 'dist');

/** A request body larger than MAX_BODY: answered 413, read no further. */
class BodyTooLargeError extends Error {}

/**
 * The body, refused up front when `content-length` announces more than MAX_BODY, and otherwise
 * read only up to MAX_BODY (a chunked body that grows past it stops being read there).
 */
async function readBody(req: IncomingMessage): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY) throw new BodyTooLargeError();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new BodyTooLargeError();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

/** 405 with the methods the path does answer. */
function notAllowed(res: ServerResponse, method: string, path: string, allow: string[]) {
  return send(res, 405, { error: `${method} is not allowed on ${path}` }, { allow: allow.join(', ') });
}

/**
 * 413 for a body too large: the connection is closed after the answer, so the rest of the body is
 * not read (unread request data would otherwise be drained to reuse the connection).
 */
function tooLarge(res: ServerResponse) {
  send(
    res,
    413,
    { error: 'request body is too large', issues: [{ path: '', message: `larger than ${MAX_BODY} bytes` }] },
    { connection: 'close' },
  );
}

export interface PortalServer {
  url: string;
  idp: LocalIdp;
  close(): Promise<void>;
}

export async function startPortalServer(
  platform: Platform,
  opts: {
    port?: number;
    portalDir?: string;
    /** The object store's origin for the CSP (default: that of the platform's presigned URLs). */
    objectStore?: string;
    /** How long a client may take to send its headers, and its whole request (ms). */
    timeouts?: { headersMs: number; requestMs: number };
  } = {},
): Promise<PortalServer> {
  const portalDir = resolve(opts.portalDir ?? PORTAL_DIST);
  const objectStore = opts.objectStore ?? (await objectStoreOrigin(platform));
  const headers: Record<string, string> = {
    'content-security-policy': contentSecurityPolicy({ objectStore: [objectStore] }),
    ...SECURITY_HEADERS,
  };
  // A client that trickles its headers or body cannot hold a connection for minutes (slowloris):
  // the API's bodies are at most 2 MiB (files go to the object store), so 30 s is generous.
  const timeouts = opts.timeouts ?? { headersMs: 10_000, requestMs: 30_000 };
  const server = createServer({
    headersTimeout: timeouts.headersMs,
    requestTimeout: timeouts.requestMs,
    connectionsCheckingInterval: Math.min(1000, timeouts.headersMs),
  });
  server.maxConnections = 1024;
  await new Promise<void>((ok) => server.listen(opts.port ?? 0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const idp = await LocalIdp.create(`${url}/idp`);
  let closing = false;

  const api = async (req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams) => {
    const method = req.method ?? 'GET';
    let match: ReturnType<typeof matchRoute>;
    try {
      match = matchRoute(method, path);
    } catch (err) {
      if (!(err instanceof InvalidInputError)) throw err;
      return send(res, 400, { error: err.message, issues: err.issues });
    }
    if (!match) {
      const allow = (['GET', 'POST', 'PUT', 'DELETE'] as const).filter((m) => matchRoute(m, path));
      if (allow.length > 0) return notAllowed(res, method, path, allow);
      return send(res, 404, { error: `no route ${method} ${path}` });
    }
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY) return tooLarge(res);
    let claims: Record<string, unknown>;
    try {
      claims = (await idp.verify(req.headers.authorization)) as Record<string, unknown>;
    } catch (err) {
      return send(res, 401, { error: (err as Error).message });
    }
    const body = method === 'GET' || method === 'DELETE' ? '' : await readBody(req);
    const event = {
      version: '2.0',
      routeKey: routeKey(match.route),
      rawPath: path,
      rawQueryString: query.toString(),
      headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
      queryStringParameters: Object.fromEntries(query.entries()),
      pathParameters: match.pathParameters,
      body,
      isBase64Encoded: false,
      requestContext: {
        http: {
          method,
          path,
          protocol: 'HTTP/1.1',
          sourceIp: '127.0.0.1',
          userAgent: req.headers['user-agent'] ?? '',
        },
        authorizer: { jwt: { claims, scopes: [] }, principalId: '', integrationLatency: 0 },
        routeKey: routeKey(match.route),
        stage: '$default',
        requestId: crypto.randomUUID(),
        timeEpoch: Date.now(),
      },
    } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
    // Each application runs on its own clock locally (admit's timelines): act on that one.
    const p = match.pathParameters;
    const applicationId =
      p.id ??
      (p.taskId ? applicationOfWorkId(p.taskId) : p.bookingId ? applicationOfWorkId(p.bookingId) : undefined);
    const route = match.route;
    const run = () => HANDLERS[route.area](event);
    const out = applicationId ? await platform.clocks.run(applicationId, run) : await run();
    res.writeHead(out.statusCode ?? 200, out.headers as Record<string, string>);
    res.end(out.body ?? '');
  };

  const idpRoutes = async (req: IncomingMessage, res: ServerResponse, path: string) => {
    const method = req.method ?? 'GET';
    const reads = method === 'GET' || method === 'HEAD';
    if (path === '/idp/users' || path === '/idp/.well-known/jwks.json') {
      if (!reads) return notAllowed(res, method, path, ['GET', 'HEAD']);
      return send(res, 200, path === '/idp/users' ? idp.users() : await idp.jwks());
    }
    if (path === '/idp/token') {
      if (method !== 'POST') return notAllowed(res, method, path, ['POST']);
      if (Number(req.headers['content-length'] ?? 0) > MAX_BODY) return tooLarge(res);
      let credentials: unknown;
      try {
        credentials = JSON.parse(await readBody(req));
      } catch (err) {
        if (err instanceof BodyTooLargeError) return tooLarge(res);
        return send(res, 400, { error: 'the body is not JSON: send {"username", "password"}' });
      }
      const { username, password } = (credentials ?? {}) as { username?: unknown; password?: unknown };
      if (typeof username !== 'string' || typeof password !== 'string') {
        return send(res, 400, { error: 'send {"username", "password"} as strings' });
      }
      try {
        return send(res, 200, await idp.signIn(username, password));
      } catch (err) {
        if (!(err instanceof UnauthorizedError)) throw err;
        return send(res, 401, { error: err.message });
      }
    }
    return send(res, 404, { error: `no route ${method} ${path}` });
  };

  const serveStatic = (req: IncomingMessage, res: ServerResponse, path: string) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return notAllowed(res, req.method ?? '', path, ['GET', 'HEAD']);
    }
    const index = join(portalDir, 'index.html');
    if (!existsSync(index)) {
      return send(res, 503, 'The portal is not built: run `npm run build:portal`.', {
        'content-type': 'text/plain; charset=utf-8',
      });
    }
    const file = normalize(join(portalDir, path));
    const inside = file.startsWith(portalDir + sep) && existsSync(file) && statSync(file).isFile();
    // Client-side routes fall back to the app's entry page.
    const chosen = inside ? file : index;
    res.writeHead(200, {
      'content-type': STATIC_TYPES[extname(chosen)] ?? 'application/octet-stream',
      'cache-control': chosen === index ? 'no-cache' : 'public, max-age=3600',
    });
    res.end(readFileSync(chosen));
  };

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    // Every answer carries them: static files, /idp, /api, errors (writeHead merges its own).
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    if (closing) {
      return send(
        res,
        503,
        { error: 'the server is shutting down' },
        { connection: 'close', 'retry-after': '1' },
      );
    }
    let parsed: URL;
    try {
      parsed = new URL(req.url ?? '/', url);
    } catch {
      return send(res, 400, { error: 'the request URL is not valid' }, { connection: 'close' });
    }
    const path = parsed.pathname;
    const done = (async () => {
      if (path.startsWith('/api/')) return api(req, res, path, parsed.searchParams);
      if (path.startsWith('/idp/')) return idpRoutes(req, res, path);
      if (path === '/config.json') {
        if (req.method !== 'GET' && req.method !== 'HEAD')
          return notAllowed(res, req.method ?? '', path, ['GET', 'HEAD']);
        return send(res, 200, {
          auth: { kind: 'local', usersUrl: '/idp/users', tokenUrl: '/idp/token' },
          apiBase: '',
        });
      }
      return serveStatic(req, res, path);
    })();
    done.catch((err: unknown) => {
      if (res.headersSent) return void res.end();
      if (err instanceof BodyTooLargeError) return tooLarge(res);
      // The client went away mid-body: nobody to answer.
      if (req.destroyed || (err as { code?: string }).code === 'ECONNRESET') return void res.end();
      send(res, 500, { error: 'internal error' });
      // As the API logs a 500 (kit.ts): the error's kind and frames, never its message.
      console.error('local http:', JSON.stringify(errorForLog(err)));
    });
  });

  // What Node's parser refuses (a malformed request line, headers too large) is answered here, with
  // the same headers, instead of Node's bare 400.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable || (err as { bytesParsed?: number }).bytesParsed === undefined) {
      return void socket.destroy();
    }
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'HPE_URI_TOO_LONG' ? 414 : 400;
    const body = JSON.stringify({ error: STATUS_CODES[status] });
    const lines = [
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
      'content-type: application/json; charset=utf-8',
      `content-length: ${Buffer.byteLength(body)}`,
      'connection: close',
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    ];
    socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`);
  });

  return {
    url,
    idp,
    close: () =>
      new Promise<void>((ok) => {
        closing = true;
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

/** The origin of the platform's presigned URLs (s3rver's), computed offline by presigning one. */
async function objectStoreOrigin(platform: Platform): Promise<string> {
  try {
    return new URL(await platform.container.documents.presignGet('csp-origin', { expiresSeconds: 60 }))
      .origin;
  } catch {
    return 'http://127.0.0.1:*';
  }
}
