import type { EventData, EventType, NotificationEvent, Recipient } from '../ports/notifications.js';

/**
 * An event's id is made of business keys only: `<subject>:<type>:<occurrence>` (the occurrence is
 * a round, an attempt, a sample, a rejection's number). A step retried, re-driven after a restart
 * or redriven from a DLQ makes the same id, which the outbox keeps once.
 */
export function eventId(subject: string, type: EventType, occurrence: string | number): string {
  return `${subject}:${type}:${occurrence}`;
}

export function sellerEvent(
  applicationId: string,
  type: EventType,
  occurrence: string | number,
  at: string,
  data: Omit<EventData, 'applicationId'> = {},
): NotificationEvent {
  return {
    id: eventId(applicationId, type, occurrence),
    type,
    occurredAt: at,
    recipient: { kind: 'seller', applicationId },
    data: { applicationId, ...data },
  };
}

export function staffEvent(
  recipient: Exclude<Recipient, { kind: 'seller' }>,
  applicationId: string,
  type: EventType,
  occurrence: string | number,
  at: string,
  data: Omit<EventData, 'applicationId'> = {},
): NotificationEvent {
  return {
    id: eventId(applicationId, type, occurrence),
    type,
    occurredAt: at,
    recipient,
    data: { applicationId, ...data },
  };
}

/** The JSON a webhook receives: no recipient routing, only what the event says. */
export function webhookBody(event: NotificationEvent): string {
  return JSON.stringify({ id: event.id, type: event.type, createdAt: event.occurredAt, data: event.data });
}
