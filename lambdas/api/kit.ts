import { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type * as z from 'zod';
import { type Container, containerFor, type Ports } from '../adapters/container.js';
import {
  AlreadyDecidedError,
  BusinessRuleError,
  InvalidInputError,
  NotFoundError,
  TransientError,
} from '../shared/errors.js';
import type { Actor } from '../usecases/portal/access.js';
import { actorFromClaims, ForbiddenError, UnauthorizedError } from './identity.js';
import { ROUTES, type RouteKey, routeKey } from './routes.js';

export const logger = new Logger({ serviceName: 'admission-api' });

export interface Request {
  actor: Actor;
  params: Record<string, string>;
  query: Record<string, string>;
  c: Container;
  /** The JSON body validated against `schema`; InvalidInputError names each bad field. */
  body<S extends z.ZodType>(schema: S): z.infer<S>;
}

export type Route = (req: Request) => Promise<unknown>;

/** Errors become HTTP here and nowhere else; unexpected ones are logged and answered 500. */
export function statusOf(err: unknown): number {
  if (err instanceof UnauthorizedError) return 401;
  if (err instanceof PayloadTooLargeError) return 413;
  if (err instanceof ForbiddenError) return 403;
  if (err instanceof InvalidInputError) return 400;
  if (err instanceof NotFoundError) return 404;
  if (err instanceof AlreadyDecidedError) return 409;
  if (err instanceof BusinessRuleError) return 422;
  // Busy, not broken (the readers' queue is full): the caller retries after Retry-After.
  if (err instanceof TransientError) return 503;
  return 500;
}

/**
 * What is logged of an unexpected error: its name, code and where it was thrown, never its
 * message (nor the stack's first line, which repeats it): a message may quote the request or a
 * stored item (a name, an ID number). Causes are followed the same way, by name and code.
 */
export function errorForLog(err: unknown, depth = 0): Record<string, unknown> {
  if (!(err instanceof Error)) return { errorType: err === null ? 'null' : typeof err };
  const code = (err as { code?: unknown }).code;
  const frames = (err.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .slice(0, 12)
    .map((line) => line.trim());
  return {
    errorName: err.name,
    ...(typeof code === 'string' || typeof code === 'number' ? { errorCode: code } : {}),
    frames,
    ...(err.cause !== undefined && depth < 3 ? { cause: errorForLog(err.cause, depth + 1) } : {}),
  };
}

/**
 * Headers on every API answer: JSON never sniffed as HTML, never stored by a cache (answers carry
 * applications, names, presigned links).
 */
export const API_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
} as const;

function json(
  statusCode: number,
  payload: unknown,
  extraHeaders: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: { ...API_HEADERS, ...extraHeaders },
    body: payload === undefined ? '' : JSON.stringify(payload),
  };
}

/** A route's answer that is a file (a CSV export), not JSON. */
export class FileResponse {
  constructor(
    readonly fileName: string,
    readonly contentType: string,
    readonly body: string,
  ) {}
}

/** A request body over {@link BODY_LIMITS}.maxBytes: answered 413. */
export class PayloadTooLargeError extends InvalidInputError {}

/**
 * What any JSON body may hold, checked before a schema sees it (a schema's `z.unknown()` or
 * `z.record` lets anything through): the whole body's bytes (the local server reads no more than
 * that; API Gateway stops at 10 MB, Lambda at 6 MB), the nesting depth, keys that reach an
 * object's prototype, and each string's length. A route that takes a long string names its
 * field in `longStrings` (dotted path, array indices left out) with its own maximum.
 */
export const BODY_LIMITS = {
  maxBytes: 2 * 1024 * 1024,
  maxDepth: 16,
  maxString: 10_000,
  forbiddenKeys: ['__proto__', 'constructor', 'prototype'] as readonly string[],
  longStrings: {
    // SkuImport: the CSV itself (the schema caps it at 1,000,000 characters).
    'POST /api/applications/{id}/skus/import': { csv: 1_000_000 },
  } as Partial<Record<RouteKey, Record<string, number>>>,
};

type Issue = { path: string; message: string };

/** The issues of a parsed body against BODY_LIMITS (at most a few: the first of each kind). */
export function bodyIssues(value: unknown, longStrings: Record<string, number> = {}): Issue[] {
  const issues: Issue[] = [];
  const forbidden = new Set(BODY_LIMITS.forbiddenKeys);
  // Iterative, so a deep body costs no stack; stops at the first few problems.
  const stack: { v: unknown; path: (string | number)[] }[] = [{ v: value, path: [] }];
  while (stack.length > 0 && issues.length < 5) {
    const { v, path } = stack.pop() as { v: unknown; path: (string | number)[] };
    const at = path.join('.');
    if (typeof v === 'string') {
      const named = path.filter((p) => typeof p === 'string').join('.');
      const max = longStrings[named] ?? BODY_LIMITS.maxString;
      if (v.length > max) issues.push({ path: at, message: `longer than ${max} characters` });
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (path.length >= BODY_LIMITS.maxDepth) {
      issues.push({ path: at, message: `nested deeper than ${BODY_LIMITS.maxDepth} levels` });
      continue;
    }
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], path: [...path, i] });
      continue;
    }
    for (const [k, x] of Object.entries(v)) {
      const here = [...path, k];
      if (forbidden.has(k)) {
        issues.push({ path: here.join('.'), message: `the key "${k}" is not allowed` });
      } else if (k.length > BODY_LIMITS.maxString) {
        issues.push({ path: at, message: `a key longer than ${BODY_LIMITS.maxString} characters` });
      } else stack.push({ v: x, path: here });
    }
  }
  return issues;
}

export function parseBody(raw: string | undefined, isBase64: boolean | undefined, route?: RouteKey): unknown {
  if (!raw) return {};
  const text = isBase64 ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > BODY_LIMITS.maxBytes) {
    throw new PayloadTooLargeError('request body is too large', [
      { path: '', message: `larger than ${BODY_LIMITS.maxBytes} bytes` },
    ]);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InvalidInputError('request body is not JSON');
  }
  const issues = bodyIssues(value, (route && BODY_LIMITS.longStrings[route]) ?? {});
  if (issues.length > 0) throw new InvalidInputError('request body is invalid', issues);
  return value;
}

/**
 * An HTTP handler for one area: finds the route by API Gateway's routeKey, checks the caller's
 * groups against the route table, validates the body, runs one use case. `ports` are the
 * container ports its routes reach (adapters/aws/*): only their SDK clients are bundled and
 * loaded, each on first use; a port not wired fails (PortNotWiredError), locally as well.
 */
export function apiHandler(
  ports: Ports,
  routes: Partial<Record<RouteKey, Route>>,
): (event: APIGatewayProxyEventV2WithJWTAuthorizer) => Promise<APIGatewayProxyStructuredResultV2> {
  return async (event) => {
    try {
      const key = event.routeKey as RouteKey;
      const route = ROUTES.find((r) => routeKey(r) === key);
      if (!route) throw new NotFoundError(`no route ${event.routeKey}`);
      const actor = actorFromClaims(event.requestContext.authorizer?.jwt?.claims);
      if (!actor.groups.some((g) => (route.roles as readonly string[]).includes(g))) {
        throw new ForbiddenError(
          `${route.method} ${route.path} is not open to ${actor.groups.join(', ') || 'you'}`,
        );
      }
      const run = routes[key];
      if (!run) throw new NotFoundError(`no route ${event.routeKey}`);
      logger.appendKeys({ route: key, actor: actor.sub });
      const raw = parseBody(event.body, event.isBase64Encoded, key);
      const result = await run({
        actor,
        params: (event.pathParameters ?? {}) as Record<string, string>,
        query: (event.queryStringParameters ?? {}) as Record<string, string>,
        c: containerFor(ports, process.env.AWS_LAMBDA_FUNCTION_NAME),
        body: (schema) => {
          const parsed = schema.safeParse(raw);
          if (!parsed.success) {
            throw new InvalidInputError(
              'request body is invalid',
              parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
            );
          }
          return parsed.data;
        },
      });
      if (result instanceof FileResponse) {
        return {
          statusCode: 200,
          headers: {
            ...API_HEADERS,
            'content-type': result.contentType,
            'content-disposition': `attachment; filename="${result.fileName}"`,
          },
          body: result.body,
        };
      }
      return json(result === undefined ? 204 : 200, result);
    } catch (err) {
      const status = statusOf(err);
      // IDs and codes only: never the body, the error's message or the issues' values.
      if (status === 500) {
        logger.error('request failed', {
          requestId: event.requestContext?.requestId,
          ...errorForLog(err),
        });
      }
      const retryAfter = (err as { retryAfterSeconds?: unknown }).retryAfterSeconds;
      return json(
        status,
        {
          error: status === 500 ? 'internal error' : (err as Error).message,
          ...(err instanceof InvalidInputError ? { issues: err.issues } : {}),
        },
        status === 503 ? { 'retry-after': String(typeof retryAfter === 'number' ? retryAfter : 5) } : {},
      );
    } finally {
      logger.removeKeys(['route', 'actor']);
    }
  };
}
