import type { Container } from '../../adapters/container.js';
import { WebhookUrlError } from '../../notify/url-check.js';
import { InvalidInputError } from '../../shared/errors.js';

/** A seller registers an endpoint; a URL the sender would refuse is a 400 naming `url`. */
export async function registerWebhook(
  c: Container,
  owner: string,
  input: { url: string; events: string[] },
): Promise<Record<string, unknown>> {
  try {
    return await c.webhooks.register(owner, input);
  } catch (err) {
    if (err instanceof WebhookUrlError) {
      throw new InvalidInputError('webhook URL refused', [{ path: 'url', message: err.message }], {
        cause: err,
      });
    }
    throw err;
  }
}
