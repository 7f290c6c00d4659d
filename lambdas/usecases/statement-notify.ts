import type { Container } from '../adapters/container.js';
import { sellerEvent } from '../notify/events.js';
import type { NotificationEvent } from '../ports/notifications.js';
import { emit } from './notify.js';

/** What an issued period's record says (statements/issued/<period>/summary.json). */
export interface IssuedRecord {
  period: string;
  issuedAt: string;
  files: readonly { applicationId: string; currency: string }[];
}

/**
 * `statement.issued` to each statement's seller: one event per (application, period, currency).
 * The ids come from the issued record, so the local issuer, the statement job's Issue step and
 * their retries make the same ones and the outbox keeps each once.
 */
export function statementIssuedEvents(issued: IssuedRecord): NotificationEvent[] {
  return issued.files.map(({ applicationId, currency }) =>
    sellerEvent(applicationId, 'statement.issued', `${issued.period}:${currency}`, issued.issuedAt, {
      period: issued.period,
      currency,
    }),
  );
}

export const emitStatementsIssued = (c: Container, issued: IssuedRecord): Promise<void> =>
  emit(c, ...statementIssuedEvents(issued));
