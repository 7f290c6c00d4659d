import type { Container } from '../adapters/container.js';
import type { NotificationEvent } from '../ports/notifications.js';

/**
 * Publishes the events a use case caused. Ids are business keys, so a step retried or re-driven
 * publishes the same ids again and nothing goes out twice (the outbox keeps each id once).
 * Containers made for a single use case in unit tests may have no notifications port at all.
 */
export async function emit(c: Container, ...events: NotificationEvent[]): Promise<void> {
  const port = c.notifications;
  if (!port) return;
  for (const e of events) await port.publish(e);
}
