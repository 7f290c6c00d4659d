import type { Container } from '../../adapters/container.js';
import { type Role, STAFF_ROLES } from '../../domain/roles.js';
import type { Draft } from '../../ports/portal.js';
import type { ApplicationRecord } from '../../ports/repository.js';
import { NotFoundError } from '../../shared/errors.js';

/** The person behind a request, as the JWT authorizer vouched for them. */
export interface Actor {
  sub: string;
  username: string;
  groups: Role[];
  labId?: string;
}

export const isStaff = (a: Actor) => a.groups.some((g) => STAFF_ROLES.includes(g));
export const actorName = (a: Actor, role: Role) => `${role}:${a.username}`;

export interface Visible {
  draft: Draft | null;
  record: ApplicationRecord | null;
}

/**
 * An application this person may read. A seller sees only its own; anything else is "not found",
 * the same answer as for an id that does not exist, so ids cannot be probed.
 */
export async function visibleApplication(
  c: Container,
  actor: Actor,
  applicationId: string,
): Promise<Visible> {
  const [draft, record] = await Promise.all([
    c.portal.getDraft(applicationId),
    c.applications.get(applicationId),
  ]);
  const mine = draft?.owner === actor.sub;
  if ((mine || isStaff(actor)) && (draft || record)) return { draft, record };
  throw new NotFoundError(`application ${applicationId} not found`);
}

/** An application the seller owns (to change it): the draft is its portal record. */
export async function ownedApplication(
  c: Container,
  actor: Actor,
  applicationId: string,
): Promise<{ draft: Draft; record: ApplicationRecord | null }> {
  const draft = await c.portal.getDraft(applicationId);
  if (!draft || draft.owner !== actor.sub) throw new NotFoundError(`application ${applicationId} not found`);
  return { draft, record: await c.applications.get(applicationId) };
}
