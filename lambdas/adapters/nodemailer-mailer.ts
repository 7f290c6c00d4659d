import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Mailer, MailMessage } from '../ports/notifications.js';

/**
 * Email through nodemailer: it builds the same MIME message (UTF-8 subject, text and HTML parts)
 * whether it goes to SES (its SES transport over the SES v2 client, on AWS) or over SMTP to the
 * local mail catcher, so what a seller gets locally is what SES sends.
 */
export class NodemailerMailer implements Mailer {
  constructor(
    private readonly transport: Transporter,
    private readonly from: string,
  ) {}

  static ses(client: SESv2Client, from: string): NodemailerMailer {
    return new NodemailerMailer(
      nodemailer.createTransport({ SES: { sesClient: client, SendEmailCommand } }),
      from,
    );
  }

  static smtp(host: string, port: number, from: string): NodemailerMailer {
    return new NodemailerMailer(
      nodemailer.createTransport({
        host,
        port,
        secure: false,
        ignoreTLS: true,
        pool: true,
        maxConnections: 4,
      }),
      from,
    );
  }

  async send(m: MailMessage): Promise<void> {
    await this.transport.sendMail({
      from: this.from,
      to: m.to,
      subject: m.subject,
      text: m.text,
      html: m.html,
      headers: { 'X-Admission-Event-Id': m.eventId },
    });
  }

  close(): void {
    this.transport.close();
  }
}
