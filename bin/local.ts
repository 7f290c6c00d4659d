#!/usr/bin/env node
/**
 * npm start: the local platform. DynamoDB Local and s3rver (persistent under .local/store), the
 * synthesized state machine on the local runtime, sample applications, the HTTP API behind a local
 * identity provider, and the portal. Prints where everything is; Ctrl-C stops it all.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { NodemailerMailer } from '../lambdas/adapters/nodemailer-mailer.js';
import { PORTAL_DIST, startPortalServer } from '../local/http.js';
import { LOCAL_PASSWORD, LOCAL_USERS } from '../local/idp.js';
import { startMailCatcher } from '../local/mail-catcher.js';
import { startEmulators, startPlatform } from '../local/platform.js';
import { buildPortal } from '../local/portal-build.js';
import { loadSamples } from '../local/samples.js';
import { writeApplicationFolder } from '../test/support/docgen/index.js';

const storeDir = resolve(process.env.ADMISSION_STORE ?? '.local/store');
if (!existsSync(join(PORTAL_DIST, 'index.html'))) {
  process.stderr.write('Building the portal (first start)…\n');
  await buildPortal();
}
const emulators = await startEmulators({ storeDir });
// The local mail catcher: every email the platform sends lands in its web inbox.
const mail = await startMailCatcher({
  dir: join(storeDir, 'mail'),
  smtpPort: Number(process.env.MAIL_SMTP_PORT ?? 0),
  webPort: Number(process.env.MAIL_WEB_PORT ?? 0),
});
const mailer = NodemailerMailer.smtp('127.0.0.1', mail.smtpPort, '全托管入驻 <noreply@admission.local>');
// The monthly spot-check round starts on its own, as EventBridge Scheduler starts it on AWS.
const platform = await startPlatform({ emulators, notify: { mailer }, schedules: {} });
const samplesDir = mkdtempSync(join(tmpdir(), 'admission-samples-'));
const samples = await loadSamples(platform, samplesDir);
const portal = await startPortalServer(platform, { port: Number(process.env.PORT ?? 0) });
platform.notifier.settings.portalUrl = portal.url;
// A fresh set of documents a person can upload through the portal to try the whole flow.
const uploadDir = resolve('.local/sample-upload');
if (!existsSync(join(uploadDir, 'application.json'))) {
  await writeApplicationFolder(uploadDir, { company: { name: '义乌市佳家日用品（集团）有限公司' } });
}

process.stdout.write(
  [
    'Local platform is up.',
    `  Portal          ${portal.url}   (open it in a browser)`,
    `  Sign in as      ${LOCAL_USERS.map((u) => u.username).join(', ')}   password: ${LOCAL_PASSWORD}`,
    `  HTTP API        ${portal.url}/api/...   (Bearer ID token from POST ${portal.url}/idp/token)`,
    `  DynamoDB Local  ${emulators.dynamo.endpoint}  (table admission-local)`,
    `  S3 (s3rver)     ${emulators.s3.endpoint}  (bucket admission-documents-local)`,
    `  Mail inbox      ${mail.webUrl}   (maildev: every email sent; SMTP 127.0.0.1:${mail.smtpPort})`,
    `  Store           ${storeDir}`,
    `  Try it          sign in as seller-a, create an application and upload the files in ${uploadDir}`,
    `  Samples         ${samples.map((s) => `${s.applicationId} (${s.status})`).join(', ')}`,
    '  Admit folders:  npm run --silent admit -- FOLDER... --store .local/store',
    'Ctrl-C to stop.',
    '',
  ].join('\n'),
);

const stop = async () => {
  await portal.close();
  await platform.stop();
  mailer.close();
  await mail.stop();
  await emulators.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
