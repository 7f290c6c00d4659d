import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { EventSink, NotificationEvent, NotificationStore } from '../ports/notifications.js';

export const EVENT_SOURCE = 'admission.pipeline';

export class EventBridgeError extends Error {
  override name = 'EventBridgeError';
}

/** Puts events on the bus (10 per call, the API's limit) and clears their outbox markers. */
export class EventBridgeSink implements EventSink {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly busName: string,
    private readonly store: NotificationStore,
  ) {}

  async dispatch(events: NotificationEvent[]): Promise<void> {
    for (let i = 0; i < events.length; i += 10) {
      const batch = events.slice(i, i + 10);
      const out = await this.client.send(
        new PutEventsCommand({
          Entries: batch.map((e) => ({
            EventBusName: this.busName,
            Source: EVENT_SOURCE,
            DetailType: e.type,
            Detail: JSON.stringify(e),
          })),
        }),
      );
      const failed = new Set<number>();
      (out.Entries ?? []).forEach((entry, k) => {
        if (entry.ErrorCode) failed.add(k);
      });
      for (const [k, e] of batch.entries()) if (!failed.has(k)) await this.store.markDispatched(e.id);
      if (failed.size > 0)
        throw new EventBridgeError(`${failed.size} of ${batch.length} events not put on the bus`);
    }
  }
}
