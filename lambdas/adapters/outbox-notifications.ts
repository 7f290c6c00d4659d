import type {
  EventSink,
  NotificationEvent,
  NotificationStore,
  Notifications,
} from '../ports/notifications.js';

/**
 * The Notifications port: the event is written once (conditional put, with an outbox marker) and
 * then handed to the sink, which removes the marker once the event is on its way. A crash in
 * between leaves the marker: `redispatch` (the sweeper on AWS, start-up and a timer locally) hands
 * it over again, and the consumers' per-recipient claims keep that from sending twice.
 */
export class OutboxNotifications implements Notifications {
  constructor(
    private readonly store: NotificationStore,
    private readonly sink: EventSink,
    private readonly onError: (err: unknown, event: NotificationEvent) => void = () => {},
  ) {}

  async publish(event: NotificationEvent): Promise<boolean> {
    if (!(await this.store.recordEvent(event))) return false;
    try {
      await this.sink.dispatch([event], { fresh: true });
    } catch (err) {
      // The flow goes on: the outbox keeps the event for the next redispatch.
      this.onError(err, event);
    }
    return true;
  }

  /** Hands over events recorded but never dispatched; returns how many. */
  async redispatch(limit = 100): Promise<number> {
    const events = await this.store.undispatched(limit);
    if (events.length > 0) await this.sink.dispatch(events);
    return events.length;
  }
}
