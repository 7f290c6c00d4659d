import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MailDev } from 'maildev';

/**
 * The local mail catcher (maildev, from the npm registry): an SMTP server the local mailer sends
 * to, a web inbox to read what sellers, reviewers and labs would get, and an HTTP API
 * (`GET <webUrl>/api/email`) the tests read messages back through. Loopback only, free ports.
 */
export interface CaughtEmail {
  id: string;
  subject: string;
  text?: string;
  html?: string;
  to: { address: string }[];
  headers: Record<string, string>;
}

export interface MailCatcher {
  smtpPort: number;
  /** The web inbox (and its API under /api). */
  webUrl: string;
  messages(): Promise<CaughtEmail[]>;
  stop(): Promise<void>;
}

export async function startMailCatcher(
  opts: { dir?: string; smtpPort?: number; webPort?: number } = {},
): Promise<MailCatcher> {
  const maildev = new MailDev({
    smtp: opts.smtpPort ?? 0,
    web: opts.webPort ?? 0,
    ip: '127.0.0.1',
    webIp: '127.0.0.1',
    silent: true,
    mailDirectory: opts.dir ?? mkdtempSync(join(tmpdir(), 'admission-mail-')),
  });
  const servers = await maildev.start();
  const smtp = servers.smtp as unknown as { smtp: { server: { address(): AddressInfo } } };
  const api = servers.api as unknown as { app: { server: { address(): AddressInfo } } };
  const webUrl = `http://127.0.0.1:${api.app.server.address().port}`;
  return {
    smtpPort: smtp.smtp.server.address().port,
    webUrl,
    messages: async () => {
      const res = await fetch(`${webUrl}/api/email`);
      return (await res.json()) as CaughtEmail[];
    },
    stop: () => maildev.stop(),
  };
}
