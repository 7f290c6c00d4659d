import type { EventData, EventType, NotificationEvent, Recipient } from '../ports/notifications.js';

/**
 * An event's id is made of business keys only: `<subject>:<type>:<occurrence>` (the occurrence is
 * a round, an attempt, a sample, a rejection's number). A step retried, re-driven after a restart
 * or redriven from a DLQ makes the same id, which the outbox keeps once.
 */
export function eventId(subject: string, type: EventType, occurrence: string | number): string {
  return `${subject}:${type}:${occurrence}`;
}

/** An event about `subject` (an application, mostly) for `recipient`; its id from business keys. */
function makeEvent(
  recipient: Recipient,
  applicationId: string,
  type: EventType,
  occurrence: string | number,
  at: string,
  data: Omit<EventData, 'applicationId'>,
): NotificationEvent {
  return {
    id: eventId(applicationId, type, occurrence),
    type,
    occurredAt: at,
    recipient,
    data: { applicationId, ...data },
  };
}

export const sellerEvent = (
  applicationId: string,
  type: EventType,
  occurrence: string | number,
  at: string,
  data: Omit<EventData, 'applicationId'> = {},
): NotificationEvent =>
  makeEvent({ kind: 'seller', applicationId }, applicationId, type, occurrence, at, data);

export const staffEvent = (
  recipient: Exclude<Recipient, { kind: 'seller' }>,
  applicationId: string,
  type: EventType,
  occurrence: string | number,
  at: string,
  data: Omit<EventData, 'applicationId'> = {},
): NotificationEvent => makeEvent(recipient, applicationId, type, occurrence, at, data);

/** The JSON a webhook receives: no recipient routing, only what the event says. */
export function webhookBody(event: NotificationEvent): string {
  return JSON.stringify({ id: event.id, type: event.type, createdAt: event.occurredAt, data: event.data });
}
