/**
 * Every route of the HTTP API, once: CDK creates an API Gateway route per entry (JWT authorizer
 * on all), the local adapter matches requests against the same table, and the authorization
 * matrix test walks it. `roles` is checked in code from `cognito:groups`; ownership (a seller's
 * own applications) is checked by the use case.
 */
import { InvalidInputError } from '../shared/errors.js';
import type { Role } from './contract.js';

/** One Lambda per area (lambdas/api/<area>/handler.ts). */
export const AREAS = ['me', 'seller', 'review', 'lab', 'ops', 'finance'] as const;
export type Area = (typeof AREAS)[number];

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  area: Area;
  roles: readonly Role[];
}

const STAFF = ['reviewer', 'ops', 'finance'] as const;

export const ROUTES = [
  { method: 'GET', path: '/api/me', area: 'me', roles: ['seller', 'reviewer', 'finance', 'ops', 'lab'] },

  { method: 'GET', path: '/api/applications', area: 'seller', roles: ['seller', ...STAFF] },
  { method: 'POST', path: '/api/applications', area: 'seller', roles: ['seller'] },
  { method: 'GET', path: '/api/applications/{id}', area: 'seller', roles: ['seller', ...STAFF] },
  { method: 'PUT', path: '/api/applications/{id}', area: 'seller', roles: ['seller'] },
  { method: 'POST', path: '/api/applications/{id}/skus/import', area: 'seller', roles: ['seller'] },
  { method: 'POST', path: '/api/applications/{id}/uploads', area: 'seller', roles: ['seller'] },
  {
    method: 'POST',
    path: '/api/applications/{id}/documents/{documentId}/confirm',
    area: 'seller',
    roles: ['seller'],
  },
  {
    method: 'DELETE',
    path: '/api/applications/{id}/documents/{documentId}',
    area: 'seller',
    roles: ['seller'],
  },
  {
    method: 'GET',
    path: '/api/applications/{id}/documents/{documentId}/file',
    area: 'seller',
    // The document itself (an ID card, bank lines): its owner and the reviewer who weighs it.
    roles: ['seller', 'reviewer'],
  },
  { method: 'POST', path: '/api/applications/{id}/submit', area: 'seller', roles: ['seller'] },
  { method: 'POST', path: '/api/applications/{id}/reapply', area: 'seller', roles: ['seller'] },
  { method: 'POST', path: '/api/applications/{id}/appeal', area: 'seller', roles: ['seller'] },
  {
    method: 'GET',
    path: '/api/applications/{id}/agreement/file',
    area: 'seller',
    roles: ['seller', 'reviewer', 'ops', 'finance'],
  },
  { method: 'POST', path: '/api/applications/{id}/signature', area: 'seller', roles: ['seller'] },
  // Webhooks (SPEC "Telling people"): a seller's own endpoints and deliveries only.
  { method: 'GET', path: '/api/webhooks/endpoints', area: 'seller', roles: ['seller'] },
  { method: 'POST', path: '/api/webhooks/endpoints', area: 'seller', roles: ['seller'] },
  { method: 'GET', path: '/api/webhooks/deliveries', area: 'seller', roles: ['seller'] },
  { method: 'POST', path: '/api/webhooks/deliveries/{deliveryId}/resend', area: 'seller', roles: ['seller'] },
  { method: 'POST', path: '/api/webhooks/endpoints/{endpointId}/enabled', area: 'seller', roles: ['seller'] },

  // Health after admission (SPEC "After admission"): the seller's own; the report also for ops.
  { method: 'GET', path: '/api/health', area: 'seller', roles: ['seller'] },
  { method: 'GET', path: '/api/health/{id}/report', area: 'seller', roles: ['seller', 'ops'] },
  { method: 'POST', path: '/api/health/{id}/fix', area: 'seller', roles: ['seller'] },
  { method: 'POST', path: '/api/health/{id}/evidence', area: 'seller', roles: ['seller'] },
  { method: 'POST', path: '/api/health/{id}/appeal', area: 'seller', roles: ['seller'] },
  { method: 'GET', path: '/api/health/{id}/evidence', area: 'seller', roles: ['seller', 'ops'] },

  { method: 'GET', path: '/api/review/tasks', area: 'review', roles: ['reviewer'] },
  { method: 'GET', path: '/api/review/tasks/{taskId}', area: 'review', roles: ['reviewer'] },
  { method: 'POST', path: '/api/review/tasks/{taskId}/claim', area: 'review', roles: ['reviewer'] },
  { method: 'POST', path: '/api/review/tasks/{taskId}/decision', area: 'review', roles: ['reviewer'] },

  { method: 'GET', path: '/api/lab/bookings', area: 'lab', roles: ['lab'] },
  { method: 'POST', path: '/api/lab/bookings/{bookingId}/result', area: 'lab', roles: ['lab'] },
  // Spot checks after admission (SPEC "After admission"): a lab's own bookings and results.
  { method: 'GET', path: '/api/lab/spot-checks', area: 'lab', roles: ['lab'] },
  { method: 'POST', path: '/api/lab/spot-checks/{spotId}/result', area: 'lab', roles: ['lab'] },

  { method: 'GET', path: '/api/ops/violations', area: 'ops', roles: ['ops'] },
  { method: 'POST', path: '/api/ops/violations', area: 'ops', roles: ['ops'] },
  { method: 'GET', path: '/api/ops/rules', area: 'ops', roles: ['ops'] },
  { method: 'POST', path: '/api/ops/rules', area: 'ops', roles: ['ops'] },
  { method: 'GET', path: '/api/ops/labs', area: 'ops', roles: ['ops'] },
  { method: 'POST', path: '/api/ops/labs', area: 'ops', roles: ['ops'] },
  { method: 'GET', path: '/api/ops/funnel', area: 'ops', roles: ['ops'] },
  { method: 'GET', path: '/api/ops/funnel/applications', area: 'ops', roles: ['ops'] },
  { method: 'GET', path: '/api/ops/stuck', area: 'ops', roles: ['ops'] },
  { method: 'GET', path: '/api/ops/at-risk', area: 'ops', roles: ['ops'] },
  { method: 'GET', path: '/api/ops/spot-checks', area: 'ops', roles: ['ops'] },
  { method: 'POST', path: '/api/ops/spot-checks', area: 'ops', roles: ['ops'] },
  { method: 'GET', path: '/api/ops/spot-checks/{roundId}', area: 'ops', roles: ['ops'] },
  // Cancels one booking (bookingNo in the body) or the whole round.
  { method: 'POST', path: '/api/ops/spot-checks/{roundId}/cancel', area: 'ops', roles: ['ops'] },
  { method: 'GET', path: '/api/ops/appeals', area: 'ops', roles: ['ops'] },
  { method: 'POST', path: '/api/ops/appeals/{id}/decision', area: 'ops', roles: ['ops'] },
  { method: 'POST', path: '/api/ops/applications/{id}/redrive', area: 'ops', roles: ['ops'] },

  { method: 'GET', path: '/api/finance/sellers', area: 'finance', roles: ['finance'] },
  { method: 'GET', path: '/api/finance/statements', area: 'finance', roles: ['finance'] },
  { method: 'POST', path: '/api/finance/statements', area: 'finance', roles: ['finance'] },
  { method: 'POST', path: '/api/finance/orders', area: 'finance', roles: ['finance'] },
] as const satisfies readonly Route[];

export type RouteKey = `${(typeof ROUTES)[number]['method']} ${(typeof ROUTES)[number]['path']}`;

export function routeKey(r: Route): string {
  return `${r.method} ${r.path}`;
}

function decodeSegment(part: string, name: string): string {
  try {
    return decodeURIComponent(part);
  } catch (err) {
    throw new InvalidInputError(
      'the request path is not valid percent-encoding',
      [{ path: name, message: 'malformed percent-encoding' }],
      { cause: err },
    );
  }
}

/**
 * Matches a concrete request path against the table (what API Gateway does before invoking).
 * A path parameter that is not valid percent-encoding throws InvalidInputError (400).
 */
export function matchRoute(
  method: string,
  path: string,
): { route: Route; pathParameters: Record<string, string> } | null {
  const parts = path.split('/').filter(Boolean);
  for (const route of ROUTES as readonly Route[]) {
    if (route.method !== method) continue;
    const pattern = route.path.split('/').filter(Boolean);
    if (pattern.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (const [i, p] of pattern.entries()) {
      const part = parts[i] as string;
      if (p.startsWith('{')) params[p.slice(1, -1)] = decodeSegment(part, p.slice(1, -1));
      else if (p !== part) {
        ok = false;
        break;
      }
    }
    if (ok) return { route, pathParameters: params };
  }
  return null;
}
