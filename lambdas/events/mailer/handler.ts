import { sendEmails } from '../../notify/deliver.js';
import { InvalidInputError } from '../../shared/errors.js';
import { isBusEnvelope, logger, mailerDependencies } from '../kit.js';

/**
 * The mailer: an EventBridge rule invokes it (asynchronously) with each event; it sends the email
 * once per (event, address). A failed send throws: EventBridge retries it (then its DLQ).
 */
export const handler = async (event: unknown): Promise<{ result: string }> => {
  if (!isBusEnvelope(event)) throw new InvalidInputError('not an EventBridge event');
  const result = await sendEmails(mailerDependencies(), event.detail);
  logger.info('email', { eventId: event.detail.id, type: event.detail.type, result });
  return { result };
};
