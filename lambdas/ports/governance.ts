import type { AppealFiling } from '../domain/governance/appeal-filing.js';
import type { AppealEvent, GovernanceEvent } from '../domain/governance/events.js';

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
  /**
   * Appends one event unless an event was recorded under `once` already (a fix confirmed once
   * per violation): false then, and nothing is written. Both writes are one conditional transaction.
   */
  appendOnce(uscc: string, event: GovernanceEvent, once: string): Promise<boolean>;
  /** Records a seller's appeal, once per violation: false when one was filed already. */
  fileAppeal(filing: AppealFiling): Promise<boolean>;
  /**
   * Records ops' decision of a filed appeal with its `appeal` event, in one conditional
   * transaction: false when it was decided already.
   */
  decideAppeal(
    filing: AppealFiling & { decision: NonNullable<AppealFiling['decision']> },
    event: AppealEvent,
  ): Promise<boolean>;
  /** The seller's appeals as filed, each with its decision once made (one Query). */
  appealFilings(uscc: string): Promise<AppealFiling[]>;
}
