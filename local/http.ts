import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { handler as finance } from '../lambdas/api/finance/handler.js';
import { UnauthorizedError } from '../lambdas/api/identity.js';
import { errorForLog } from '../lambdas/api/kit.js';
import { handler as lab } from '../lambdas/api/lab/handler.js';
import { handler as me } from '../lambdas/api/me/handler.js';
import { handler as ops } from '../lambdas/api/ops/handler.js';
import { handler as review } from '../lambdas/api/review/handler.js';
import { type Area, matchRoute, routeKey } from '../lambdas/api/routes.js';
import { handler as seller } from '../lambdas/api/seller/handler.js';
import { applicationOfWorkId } from '../lambdas/usecases/portal/work.js';
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
const MAX_BODY = 2 * 1024 * 1024;
const STATIC_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export const PORTAL_DIST = resolve(import.meta.dirname, '..', 'portal', 'dist');

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

export interface PortalServer {
  url: string;
  idp: LocalIdp;
  close(): Promise<void>;
}

export async function startPortalServer(
  platform: Platform,
  opts: { port?: number; portalDir?: string } = {},
): Promise<PortalServer> {
  const portalDir = opts.portalDir ?? PORTAL_DIST;
  const server = createServer();
  await new Promise<void>((ok) => server.listen(opts.port ?? 0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const idp = await LocalIdp.create(`${url}/idp`);

  const api = async (req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams) => {
    const method = req.method ?? 'GET';
    const match = matchRoute(method, path);
    if (!match) return send(res, 404, { error: `no route ${method} ${path}` });
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
    const run = () => HANDLERS[match.route.area](event);
    const out = applicationId ? await platform.clocks.run(applicationId, run) : await run();
    res.writeHead(out.statusCode ?? 200, out.headers as Record<string, string>);
    res.end(out.body ?? '');
  };

  const idpRoutes = async (req: IncomingMessage, res: ServerResponse, path: string) => {
    if (req.method === 'GET' && path === '/idp/users') return send(res, 200, idp.users());
    if (req.method === 'GET' && path === '/idp/.well-known/jwks.json')
      return send(res, 200, await idp.jwks());
    if (req.method === 'POST' && path === '/idp/token') {
      try {
        const { username, password } = JSON.parse(await readBody(req)) as {
          username?: string;
          password?: string;
        };
        return send(res, 200, await idp.signIn(String(username), String(password)));
      } catch (err) {
        return send(res, err instanceof UnauthorizedError ? 401 : 400, { error: (err as Error).message });
      }
    }
    return send(res, 404, { error: `no route ${req.method} ${path}` });
  };

  const serveStatic = (res: ServerResponse, path: string) => {
    const index = join(portalDir, 'index.html');
    if (!existsSync(index)) {
      return send(res, 503, 'The portal is not built: run `npm run build:portal`.', {
        'content-type': 'text/plain',
      });
    }
    const file = normalize(join(portalDir, path));
    const inside = file.startsWith(portalDir) && existsSync(file) && statSync(file).isFile();
    // Client-side routes fall back to the app's entry page.
    const chosen = inside ? file : index;
    res.writeHead(200, {
      'content-type': STATIC_TYPES[extname(chosen)] ?? 'application/octet-stream',
      'cache-control': chosen === index ? 'no-cache' : 'public, max-age=3600',
    });
    res.end(readFileSync(chosen));
  };

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const parsed = new URL(req.url ?? '/', url);
    const path = parsed.pathname;
    const done = (async () => {
      if (path.startsWith('/api/')) return api(req, res, path, parsed.searchParams);
      if (path.startsWith('/idp/')) return idpRoutes(req, res, path);
      if (path === '/config.json') {
        return send(res, 200, {
          auth: { kind: 'local', usersUrl: '/idp/users', tokenUrl: '/idp/token' },
          apiBase: '',
        });
      }
      return serveStatic(res, path);
    })();
    done.catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, { error: 'internal error' });
      else res.end();
      // As the API logs a 500 (kit.ts): the error's kind and frames, never its message.
      console.error('local http:', JSON.stringify(errorForLog(err)));
    });
  });

  return {
    url,
    idp,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
