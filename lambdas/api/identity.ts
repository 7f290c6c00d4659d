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

/** The actor from verified claims (an ID token: `cognito:username`; an access token: `username`). */
export function actorFromClaims(claims: Record<string, unknown> | undefined): Actor {
  const sub = claims?.sub;
  if (typeof sub !== 'string' || !sub) throw new UnauthorizedError('sign in first');
  const username = String(claims?.['cognito:username'] ?? claims?.username ?? sub);
  const labId = claims?.['custom:labId'];
  return {
    sub,
    username,
    groups: groupsOf(claims?.['cognito:groups']),
    ...(typeof labId === 'string' && labId ? { labId } : {}),
  };
}
