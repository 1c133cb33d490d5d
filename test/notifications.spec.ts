import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Mailer } from '../src/events/notifications/mailer.service.js';
import { OutboxRunner } from '../src/events/outbox/outbox-runner.service.js';
import type { TestUser } from './support/factory.js';
import { LEADS } from './support/lead-helpers.js';
import { createTeam, readyLead, scheduleSurvey, SlotSequence } from './support/surveys.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** One message the in-process SMTP server accepted. */
interface Mail {
  to: string[];
  subject: string;
  raw: string;
}

/** A real SMTP server in the test process (the `smtp-server` package), keeping what it receives. */
async function smtpServer(): Promise<{ server: SMTPServer; url: string; mails: Mail[] }> {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), subject: /^Subject: (.*)$/m.exec(raw)?.[1] ?? '', raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`, mails };
}

describe('staff notifications by e-mail (issue 15, item 6)', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof smtpServer>>;
  let oem: TestUser;
  let ops: TestUser;
  const pump = async (done: () => boolean) => {
    for (let i = 0; i < 30 && !done(); i++) await t.app.get(OutboxRunner).runOnce();
    expect(done()).toBe(true);
  };

  beforeAll(async () => {
    smtp = await smtpServer();
    t = await startTestApp({ SMTP_URL: smtp.url, LEAD_NOTIFICATION_EMAIL: 'ops-desk@test.chargeops.dev', MAIL_FROM: 'ChargeOps <noreply@test.chargeops.dev>' });
    [oem, ops] = await Promise.all([t.factory.user('oem'), t.factory.user('central_ops')]);
  });
  afterAll(async () => {
    await t.close();
    await new Promise<void>((resolve) => smtp.server.close(() => resolve()));
  });

  it('e-mails a new lead to LEAD_NOTIFICATION_EMAIL and an assignment to the new owner, without customer contact data', async () => {
    const lead = await t.factory.lead(oem, { customerName: 'Ramesh Unique-Customer', city: 'Pune', state: 'Maharashtra', pincode: '411001' });
    await pump(() => smtp.mails.some((m) => m.raw.includes(lead.id)));
    const created = smtp.mails.find((m) => m.raw.includes(lead.id))!;
    expect(created.to).toEqual(['ops-desk@test.chargeops.dev']);
    expect(created.subject).toBe('New lead in Pune');
    expect(created.raw).not.toContain('Ramesh Unique-Customer');
    expect(created.raw).not.toContain(lead.customerPhone);

    await request(t.server).patch(`${LEADS}/${lead.id}`).set('Authorization', ops.auth).send({ assignedToId: ops.user.id }).expect(200);
    await pump(() => smtp.mails.some((m) => m.to.includes(ops.user.email)));
    expect(smtp.mails.find((m) => m.to.includes(ops.user.email))!.subject).toBe('Lead assigned to you: Pune');
  });

  it('e-mails each technician of the team a survey is assigned to', async () => {
    const team = await createTeam(t, ops, { technicians: 2 });
    const lead = await readyLead(t, oem, ops);
    const survey = await scheduleSurvey(t, ops, lead.id, { primaryTeamId: team.id, ...new SlotSequence().take() });
    const techMails = () => smtp.mails.filter((m) => team.technicians.some((tech) => m.to.includes(tech.user.email)));
    await pump(() => techMails().length === 2);
    for (const mail of techMails()) expect(mail.subject).toBe(`Survey ${survey.surveyId} assigned to your team`);
  });
});

describe('without SMTP_URL', () => {
  it('records e-mails as skipped and counts them in the log and /health', async () => {
    const t = await startTestApp({ LEAD_NOTIFICATION_EMAIL: 'ops-desk@test.chargeops.dev' });
    try {
      const oem = await t.factory.user('oem');
      await t.factory.lead(oem);
      await t.factory.lead(oem);
      // PostgreSQL reads the timeline once the writers' transactions have settled: a pass or two.
      for (let i = 0; i < 10 && t.app.get(Mailer).skipped < 2; i++) await t.app.get(OutboxRunner).runOnce();
      const health = await request(t.server).get('/api/v1/health').expect(200);
      expect(health.body.details.notifications).toEqual({ status: 'up', smtpConfigured: false, skippedEmails: 2 });
    } finally {
      await t.close();
    }
  });
});
