import type { GovernanceEvent } from '../domain/governance/events.js';

/**
 * The governance events of admitted sellers (SPEC "After admission"): recorded, never edited, as
 * the audit table is. A fix or an appeal names a violation, not a seller: the caller gives the
 * USCC of the seller it belongs to, so a seller's whole history is one Query.
 */
export interface GovernanceEventRepository {
  /**
   * Appends events to the seller's history. The same event recorded twice is one item (its key
   * is derived from its content); an existing item is never overwritten. Returns how many were new.
   */
  append(uscc: string, events: readonly GovernanceEvent[]): Promise<number>;
  /** The seller's history, oldest first (a Query on its partition, never a Scan). */
  forUscc(uscc: string): Promise<GovernanceEvent[]>;
}
