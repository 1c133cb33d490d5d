import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { parseConnectionUrl } from 'nodemailer/lib/shared/index.js';
import type { AppConfig } from '../../config/config.js';
import { InjectConfig } from '../../config/app-config.module.js';
import type { MailMessage } from './notification-planner.js';

/**
 * Sends notification e-mails by SMTP (`SMTP_URL`, nodemailer). Without SMTP_URL nothing is
 * sent: the outbox records such e-mails as `skipped` (counted in the log and in `/health`).
 *
 * Every wait of an SMTP conversation (DNS, connecting, the greeting, each reply) is cut off after
 * `WEBHOOK_TIMEOUT_SECONDS`, the outbox's call timeout, instead of nodemailer's defaults (up to 2
 * and 10 minutes), which would outlast the delivery's lease; `SMTP_URL` query parameters of the
 * same names win. nodemailer has no deadline for the whole conversation: the outbox renews the
 * lease while an e-mail is being sent.
 */
@Injectable()
export class Mailer implements OnApplicationShutdown {
  private readonly logger = new Logger('Mailer');
  private transport: Transporter | undefined;
  /** E-mails recorded as skipped by this process since it started (no SMTP configured). */
  skipped = 0;

  constructor(@InjectConfig() private readonly config: AppConfig) {
    if (config.smtpUrl) {
      const timeoutMs = config.webhookTimeoutSeconds * 1000;
      // nodemailer's own parser, as for a URL string; given `{ url }` it would drop the other options.
      const options = { dnsTimeout: timeoutMs, connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs, ...parseConnectionUrl(config.smtpUrl) };
      this.transport = nodemailer.createTransport(options, { from: config.mailFrom });
    }
  }

  /** Whether SMTP is configured. */
  get enabled(): boolean {
    return this.transport !== undefined;
  }

  /** Counts e-mails recorded as skipped and logs the running total (no addresses: they are personal data). */
  recordSkipped(count: number): void {
    if (!count) return;
    this.skipped += count;
    this.logger.warn({ skipped: count, skippedTotal: this.skipped }, 'SMTP_URL is not set: notification e-mails recorded as skipped');
  }

  /** Sends one message. @returns the SMTP reply code, or an error message when the server refused or could not be reached */
  async send(message: Pick<MailMessage, 'to' | 'subject' | 'text'>): Promise<{ ok: boolean; code: number | null; error: string | null }> {
    if (!this.transport) return { ok: false, code: null, error: 'SMTP_URL is not set' };
    try {
      const info = (await this.transport.sendMail({ from: this.config.mailFrom, to: message.to, subject: message.subject, text: message.text })) as { response?: string };
      const code = Number(/^(\d{3})/.exec(info.response ?? '')?.[1] ?? 250);
      return { ok: true, code, error: null };
    } catch (error) {
      const code = (error as { responseCode?: number }).responseCode ?? null;
      return { ok: false, code, error: String((error as Error).message).slice(0, 500) };
    }
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}
