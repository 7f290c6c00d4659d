import type { WebhookService } from '../adapters/container.js';
import { EVENT_TYPES, type EventType } from '../ports/notifications.js';
import { NotFoundError } from '../shared/errors.js';
import { type NotifyDeps, registerEndpoint, resendDelivery, setEndpointEnabled } from './deliver.js';

const isEventType = (t: string): t is EventType => (EVENT_TYPES as readonly string[]).includes(t);

/** The seller's webhook routes: endpoints (the secret shown once), deliveries with attempts, re-send. */
export class WebhookServiceImpl implements WebhookService {
  constructor(
    private readonly deps: Pick<NotifyDeps, 'store' | 'secrets' | 'queue' | 'clock' | 'settings'>,
  ) {}

  register(owner: string, input: { url: string; events: string[] }): Promise<Record<string, unknown>> {
    return registerEndpoint(this.deps, owner, {
      url: input.url,
      events: input.events.filter(isEventType),
    }).then((r) => ({ ...r }));
  }

  async listEndpoints(owner: string): Promise<Record<string, unknown>[]> {
    // Never the secret, sealed or not.
    return (await this.deps.store.listEndpoints(owner)).map(({ sealedSecret: _s, ...ep }) => ({ ...ep }));
  }

  async listDeliveries(owner: string): Promise<Record<string, unknown>[]> {
    const deliveries = await this.deps.store.listDeliveries(owner, 200);
    return Promise.all(
      deliveries.map(async ({ body, log: _log, ...d }) => ({
        ...d,
        event: JSON.parse(body) as unknown,
        attempts: await this.deps.store.listAttempts(owner, d.deliveryId),
      })),
    );
  }

  async resend(owner: string, deliveryId: string): Promise<Record<string, unknown> | null> {
    const d = await resendDelivery(this.deps, owner, deliveryId);
    if (!d) throw new NotFoundError(`delivery ${deliveryId} not found`);
    const { body: _b, log: _l, ...rest } = d;
    return { ...rest };
  }

  async setEnabled(owner: string, endpointId: string, enabled: boolean): Promise<Record<string, unknown>> {
    if (!(await setEndpointEnabled(this.deps, owner, endpointId, enabled)))
      throw new NotFoundError(`endpoint ${endpointId} not found`);
    const ep = await this.deps.store.getEndpoint(owner, endpointId);
    if (!ep) throw new NotFoundError(`endpoint ${endpointId} not found`);
    const { sealedSecret: _s, ...rest } = ep;
    return { ...rest };
  }
}
