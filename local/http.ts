import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import * as z from 'zod';
import { ruleSettingsSchema } from '../lambdas/domain/settings.js';
import type { ApplicationStatus } from '../lambdas/ports/repository.js';
import {
  AlreadyDecidedError,
  BusinessRuleError,
  InvalidInputError,
  NotFoundError,
} from '../lambdas/shared/errors.js';
import { decideReview, postLabResult, signAgreement } from '../lambdas/usecases/actions.js';
import { ViolationsSchema } from '../lambdas/usecases/schemas.js';
import { viewApplication } from '../lambdas/usecases/view.js';
import type { Platform } from './platform.js';

/**
 * The HTTP API of what exists so far, for `npm start` (the portal issue replaces it with the
 * API Gateway handlers behind a local adapter). Errors map to HTTP status in one place.
 */
const STATUSES: ApplicationStatus[] = [
  'SUBMITTED',
  'IN_PROGRESS',
  'AWAITING_REVIEW',
  'AWAITING_LAB_RESULTS',
  'AWAITING_SIGNATURE',
  'ADMITTED',
  'REJECTED',
];
const Review = z.object({ outcome: z.enum(['approve', 'reject']), note: z.string().max(2000).optional() });
const LabResult = z.object({
  sku: z.string().min(1),
  passed: z.boolean(),
  findings: z.array(z.string()).optional(),
});
const Signature = z.object({ accept: z.boolean(), signerName: z.string().max(100).optional() });

function statusOf(err: unknown): number {
  if (err instanceof InvalidInputError) return 400;
  if (err instanceof NotFoundError) return 404;
  if (err instanceof AlreadyDecidedError) return 409;
  if (err instanceof BusinessRuleError) return 422;
  return 500;
}

async function body(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 1_000_000) throw new InvalidInputError('request body over 1 MB');
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  } catch {
    throw new InvalidInputError('request body is not JSON');
  }
}

function parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new InvalidInputError(
      'request body is invalid',
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  }
  return parsed.data;
}

export async function startApiServer(
  platform: Platform,
  port = 0,
): Promise<{ url: string; close(): Promise<void> }> {
  const c = platform.container;
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(payload));
    };
    try {
      if (req.method === 'GET' && parts.length === 0) return send(200, { service: 'admission', ok: true });
      // Ops: violation records (indexed by USCC) and the versioned rules configuration.
      if (parts[0] === 'violations') {
        if (req.method === 'POST' && parts.length === 1) {
          const records = parse(ViolationsSchema, await body(req));
          return send(201, { loaded: await c.violations.put(records) });
        }
        if (req.method === 'GET' && parts[1]) return send(200, await c.violations.forUscc(parts[1]));
      }
      if (parts[0] === 'rules' && parts.length === 1) {
        if (req.method === 'GET') {
          return send(200, { current: await c.rulesConfig.current(), versions: await c.rulesConfig.list() });
        }
        if (req.method === 'POST') {
          const settings = parse(ruleSettingsSchema, await body(req));
          return send(201, await c.rulesConfig.publish(settings, 'ops:http'));
        }
      }
      if (parts[0] !== 'applications') throw new NotFoundError(`no route ${url.pathname}`);
      const id = parts[1];
      if (req.method === 'GET' && !id) {
        const rows = [];
        for (const status of STATUSES) {
          for (const applicationId of await c.applications.listByStatus(status))
            rows.push({ applicationId, status });
        }
        return send(200, rows);
      }
      if (!id) throw new NotFoundError('no such route');
      const inApp = <T>(fn: () => Promise<T>) => platform.clocks.run(id, fn);
      const settle = async () => {
        const e = platform.runtime.latest(id);
        if (e) await platform.runtime.settled(e.name);
        return viewApplication(c, id);
      };
      if (req.method === 'GET' && parts.length === 2) return send(200, await viewApplication(c, id));
      if (req.method === 'POST' && parts[2] === 'review') {
        const input = parse(Review, await body(req));
        await inApp(() => decideReview(c, id, input, 'reviewer:http'));
        return send(200, await settle());
      }
      if (req.method === 'POST' && parts[2] === 'lab-results') {
        const input = parse(LabResult, await body(req));
        await inApp(() => postLabResult(c, id, input, 'lab:http'));
        return send(200, await settle());
      }
      if (req.method === 'POST' && parts[2] === 'signature') {
        const input = parse(Signature, await body(req));
        await inApp(() => signAgreement(c, id, input, 'seller:http'));
        return send(200, await settle());
      }
      throw new NotFoundError(`no route ${req.method} ${url.pathname}`);
    } catch (err) {
      const status = statusOf(err);
      send(status, {
        error: status === 500 ? 'internal error' : (err as Error).message,
        ...(err instanceof InvalidInputError ? { issues: err.issues } : {}),
      });
    }
  };
  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((ok) => server.listen(port, '127.0.0.1', ok));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}
