import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { KMSClient } from '@aws-sdk/client-kms';
import { SQSClient } from '@aws-sdk/client-sqs';
import { WEBHOOK_BACKOFF } from '../../notify/backoff.js';
import type { NotifySettings } from '../../notify/deliver.js';
import { POST_DEFAULTS } from '../../notify/post.js';
import { WebhookServiceImpl } from '../../notify/service.js';
import { loadConfig } from '../../shared/config.js';
import { type Ports, systemClock } from '../container.js';
import { DynamoNotificationStore } from '../dynamo-notifications.js';
import { EventBridgeSink } from '../eventbridge-sink.js';
import { KmsSecretBox } from '../kms-secret-box.js';
import { OutboxNotifications } from '../outbox-notifications.js';
import { SqsDeliveryQueue } from '../sqs-delivery-queue.js';
import { db } from './dynamo.js';

/** Notifications on AWS: the outbox in the table, events on the EventBridge bus. */

function required(name: 'EVENT_BUS_NAME' | 'WEBHOOK_QUEUE_URL' | 'SECRETS_KEY_ID'): string {
  const v = loadConfig()[name];
  if (!v) throw new Error(`Lambda configuration is incomplete: ${name}`);
  return v;
}

let store: DynamoNotificationStore | undefined;
export function notificationStore(): DynamoNotificationStore {
  store ??= new DynamoNotificationStore(db(), loadConfig().TABLE_NAME);
  return store;
}

/** On AWS: https only, public addresses only (no loopback exception). */
export function awsNotifySettings(): NotifySettings {
  const config = loadConfig();
  const labDomain = config.LAB_EMAIL_DOMAIN ?? 'labs.invalid';
  return {
    portalUrl: config.PORTAL_URL ?? 'https://portal.example.com',
    from: config.MAIL_FROM ?? 'noreply@example.com',
    reviewersEmail: config.REVIEWERS_EMAIL ?? 'reviewers@example.com',
    labEmail: (labId) => `${labId}@${labDomain}`,
    urlPolicy: { allowLoopbackHttp: false },
    backoff: WEBHOOK_BACKOFF,
    post: POST_DEFAULTS,
  };
}

export const sqsQueue = () =>
  new SqsDeliveryQueue(new SQSClient({}), required('WEBHOOK_QUEUE_URL'), systemClock);
export const kmsSecrets = () => new KmsSecretBox(new KMSClient({}), required('SECRETS_KEY_ID'));

export const notificationPorts = {
  notifications: () =>
    new OutboxNotifications(
      notificationStore(),
      new EventBridgeSink(new EventBridgeClient({}), required('EVENT_BUS_NAME'), notificationStore()),
    ),
} as const satisfies Ports;

export const webhookPorts = {
  webhooks: () =>
    new WebhookServiceImpl({
      store: notificationStore(),
      secrets: kmsSecrets(),
      queue: sqsQueue(),
      clock: systemClock,
      settings: awsNotifySettings(),
    }),
} as const satisfies Ports;
