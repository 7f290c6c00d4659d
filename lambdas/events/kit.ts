import { Logger } from '@aws-lambda-powertools/logger';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { db } from '../adapters/aws/dynamo.js';
import { awsNotifySettings, kmsSecrets, notificationStore, sqsQueue } from '../adapters/aws/events.js';
import { systemClock } from '../adapters/container.js';
import { DynamoPortalRepository } from '../adapters/dynamo-portal.js';
import { DynamoApplicationRepository } from '../adapters/dynamo-repository.js';
import { NodemailerMailer } from '../adapters/nodemailer-mailer.js';
import type { NotificationEvent } from '../ports/notifications.js';
import { loadConfig } from '../shared/config.js';

export const logger = new Logger({ serviceName: 'admission-notify' });

/** What the notification functions read: made once per execution environment. */
export function readers() {
  const config = loadConfig();
  return {
    applications: new DynamoApplicationRepository(db(), config.TABLE_NAME, config.AUDIT_TABLE_NAME),
    portal: new DynamoPortalRepository(db(), config.TABLE_NAME),
    settings: awsNotifySettings(),
    clock: systemClock,
    store: notificationStore(),
  };
}

let mailerDeps: (ReturnType<typeof readers> & { mailer: NodemailerMailer }) | undefined;
export function mailerDependencies() {
  mailerDeps ??= {
    ...readers(),
    mailer: NodemailerMailer.ses(new SESv2Client({}), awsNotifySettings().from),
  };
  return mailerDeps;
}

let senderDeps:
  | (ReturnType<typeof readers> & {
      queue: ReturnType<typeof sqsQueue>;
      secrets: ReturnType<typeof kmsSecrets>;
      mailer: NodemailerMailer;
    })
  | undefined;
/** The sender also mails: the seller's notice that an endpoint was turned off after 24 h of failures. */
export function senderDependencies() {
  senderDeps ??= {
    ...readers(),
    queue: sqsQueue(),
    secrets: kmsSecrets(),
    mailer: NodemailerMailer.ses(new SESv2Client({}), awsNotifySettings().from),
  };
  return senderDeps;
}

/** An EventBridge event as a rule delivers it (to a Lambda, or as an SQS message body). */
export interface BusEnvelope {
  'detail-type': string;
  source: string;
  detail: NotificationEvent;
}

export const isBusEnvelope = (v: unknown): v is BusEnvelope =>
  typeof v === 'object' && v !== null && 'detail' in v && 'detail-type' in v;
