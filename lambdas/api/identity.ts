import { ROLES, type Role } from '../domain/roles.js';
import { AdmissionError } from '../shared/errors.js';
import type { Actor } from '../usecases/portal/access.js';

export class UnauthorizedError extends AdmissionError {}
export class ForbiddenError extends AdmissionError {}

/**
 * `cognito:groups` as API Gateway's JWT authorizer passes it: an array, or (HTTP APIs flatten
 * claims to strings) "[seller reviewer]" or "seller,reviewer".
 */
export function groupsOf(claim: unknown): Role[] {
  const raw = Array.isArray(claim)
    ? claim.map(String)
    : typeof claim === 'string'
      ? claim.replace(/^\[|\]$/g, '').split(/[\s,]+/)
      : [];
  return raw.filter((g): g is Role => (ROLES as readonly string[]).includes(g));
}

/**
 * The actor from verified claims. The portal sends Cognito's ID token (`cognito:username`,
 * `custom:labId`); API Gateway's JWT authorizer also lets the client's access token through
 * (its `client_id` matches), so a token that says it is anything but an ID token is refused.
 */
export function actorFromClaims(claims: Record<string, unknown> | undefined): Actor {
  const sub = claims?.sub;
  if (typeof sub !== 'string' || !sub) throw new UnauthorizedError('sign in first');
  if (claims?.token_use !== undefined && claims.token_use !== 'id') {
    throw new UnauthorizedError('sign in with an ID token');
  }
  const username = String(claims?.['cognito:username'] ?? claims?.username ?? sub);
  const labId = claims?.['custom:labId'];
  return {
    sub,
    username,
    groups: groupsOf(claims?.['cognito:groups']),
    ...(typeof labId === 'string' && labId ? { labId } : {}),
  };
}
