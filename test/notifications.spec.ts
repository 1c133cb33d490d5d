import { type AddressInfo, createServer, type Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';
import request from 'supertest';
import { DataSource, Like, MoreThan } from 'typeorm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AppConfig } from '../src/config/config.js';
import { OutboxDelivery } from '../src/events/entities/outbox-delivery.entity.js';
import { Mailer } from '../src/events/notifications/mailer.service.js';
import { DeliveryWorker } from '../src/events/outbox/delivery-worker.service.js';
import { OutboxDispatcher } from '../src/events/outbox/outbox-dispatcher.service.js';
import { OutboxRunner } from '../src/events/outbox/outbox-runner.service.js';
import { Lead } from '../src/leads/entities/lead.entity.js';
import { LeadImportsService } from '../src/leads/imports/lead-imports.service.js';
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

  it("e-mails a bulk import's new leads as one message, not one per lead", async () => {
    const ref = `IMP-${Date.now()}`;
    const csv = ['externalRef,customerName,customerPhone,addressLine1,city,state,pincode', ...[1, 2, 3].map((i) => `${ref}-${i},Customer ${i},+9197000${String(Date.now() % 10_000).padStart(4, '0')}${i},${i} FC Road,${i === 3 ? 'Mumbai' : 'Pune'},Maharashtra,${i === 3 ? '400001' : '411001'}`)].join('\r\n');
    const started = await t.app.get(LeadImportsService).start(ops.actor, Buffer.from(`${csv}\r\n`, 'utf8'), { fileName: 'three.csv', oemId: oem.user.id });
    expect(await started.done).toMatchObject({ status: 'completed', rowsCreated: 3 });
    const ids = (await t.app.get(DataSource).getRepository(Lead).find({ where: { externalRef: Like(`${ref}-%`) } })).map((lead) => lead.id);
    expect(ids).toHaveLength(3);
    const body = (m: Mail) => m.raw.replace(/=\r?\n/g, ''); // quoted-printable's soft line breaks
    const about = () => smtp.mails.filter((m) => ids.some((id) => body(m).includes(id)));
    await pump(() => about().length > 0);
    for (let i = 0; i < 3; i++) await t.app.get(OutboxRunner).runOnce();
    expect(about()).toHaveLength(1);
    const [mail] = about();
    expect(mail.to).toEqual(['ops-desk@test.chargeops.dev']);
    expect(mail.subject).toBe('3 new leads from an import (Pune, Mumbai)');
    for (const id of ids) expect(body(mail)).toContain(id);
    expect(body(mail)).not.toContain('Customer 1');
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

describe('SMTP calls stay within the delivery lease (README "Replicas": no entry is handled twice at once)', () => {
  afterEach(() => vi.useRealTimers());

  it('gives up on an SMTP server that accepts the connection and never greets after WEBHOOK_TIMEOUT_SECONDS, not minutes later', async () => {
    const sockets: Socket[] = [];
    let accept!: () => void;
    const accepted = new Promise<void>((resolve) => (accept = resolve));
    const silent = createServer((socket) => {
      sockets.push(socket);
      accept();
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const mailer = new Mailer({ smtpUrl: `smtp://127.0.0.1:${(silent.address() as AddressInfo).port}`, mailFrom: 'ChargeOps <noreply@test.chargeops.dev>', webhookTimeoutSeconds: 10 } as AppConfig);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      let settled = false;
      const sending = mailer.send({ to: 'ops-desk@test.chargeops.dev', subject: 'New lead in Pune', text: 'A new lead' }).finally(() => (settled = true));
      await accepted;
      // The client's side of the connection is up by the next turn of the event loop (its greeting wait starts there).
      await new Promise((resolve) => setImmediate(resolve));
      await vi.advanceTimersByTimeAsync(9_999);
      expect(settled).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(settled).toBe(true);
      expect(await sending).toMatchObject({ ok: false, code: null, error: expect.stringMatching(/greeting/i) });
    } finally {
      vi.useRealTimers();
      mailer.onApplicationShutdown();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  describe('an SMTP relay that takes its time over each step', () => {
    let t: TestApp;
    let relay: SMTPServer;
    /** Messages the relay accepted. */
    const mails: string[] = [];
    /** The first conversation's replies to RCPT TO and to the message wait for these; later ones answer at once. */
    const held = { rcpt: gate(), data: gate(), conversations: 0 };

    beforeAll(async () => {
      relay = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS'],
        logger: false,
        onConnect(_session, callback) {
          held.conversations += 1;
          callback();
        },
        onRcptTo(_address, _session, callback) {
          if (held.conversations > 1) return callback();
          held.rcpt.arrived();
          void held.rcpt.released.then(() => callback());
        },
        onData(stream, session, callback) {
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            mails.push(Buffer.concat(chunks).toString('utf8'));
            if (held.conversations > 1) return callback();
            held.data.arrived();
            void held.data.released.then(() => callback());
          });
        },
      });
      await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
      // A 60 s call timeout (lease 125 s) that no SMTP step reaches in real time.
      t = await startTestApp({ SMTP_URL: `smtp://127.0.0.1:${(relay.server.address() as AddressInfo).port}`, LEAD_NOTIFICATION_EMAIL: 'ops-desk@test.chargeops.dev', WEBHOOK_TIMEOUT_SECONDS: '60' });
    });
    afterAll(async () => {
      held.rcpt.release();
      held.data.release();
      await t.close();
      await new Promise<void>((resolve) => relay.close(() => resolve()));
    });

    it('keeps the lease of an e-mail while its conversation runs past the call timeout: another worker does not send it again meanwhile', async () => {
      const oem = await t.factory.user('oem');
      const lead = await t.factory.lead(oem, { city: 'Nagpur', state: 'Maharashtra', pincode: '440001' });
      const rows = t.app.get(DataSource).getRepository(OutboxDelivery);
      const mailRow = () => rows.findOneBy({ channel: 'email', eventType: 'mail.new_lead' });
      for (let i = 0; i < 10 && !(await mailRow()); i++) await t.app.get(OutboxDispatcher).dispatch();
      const { id } = (await mailRow())!;
      const worker = t.app.get(DeliveryWorker);

      vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
      const start = Date.now();
      const first = worker.deliverDue();
      await held.rcpt.reached;
      // 55 s for RCPT TO, then 55 s for the message: each step within the 60 s timeout, the whole past the 125 s lease's first 110 s.
      await vi.advanceTimersByTimeAsync(55_000);
      held.rcpt.release();
      await held.data.reached;
      await vi.advanceTimersByTimeAsync(55_000);
      // The renewal is an UPDATE the timer started: let it land (at most 200 reads; the old code made none). Compared in SQL: SQLite reads dates back as text while Date is faked.
      const renewed = async () => (await rows.countBy({ id, claimedUntil: MoreThan(new Date(start + worker.leaseMs)) })) === 1;
      for (let i = 0; i < 200 && !(await renewed()); i++) await new Promise((resolve) => setImmediate(resolve));
      // The lease as claimed is over, the conversation goes on: another process's pass comes by.
      await vi.advanceTimersByTimeAsync(16_000);
      const second = await worker.deliverDue();
      // Real time again before the success is recorded: TypeORM's PostgreSQL driver names column types by comparing with `Date`.
      vi.useRealTimers();
      held.data.release();
      await first;

      expect(mails.filter((m) => m.includes(lead.id))).toHaveLength(1);
      expect(held.conversations).toBe(1);
      expect(second.attempted).toBe(0);
      expect(await rows.findOneByOrFail({ id })).toMatchObject({ status: 'delivered', attempts: 1 });
    });
  });
});

/** A step the test lets happen: `reached` once it has `arrived()`, held until `release()`. */
function gate(): { arrived: () => void; reached: Promise<void>; release: () => void; released: Promise<void> } {
  let arrived!: () => void;
  let release!: () => void;
  const reached = new Promise<void>((resolve) => (arrived = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  return { arrived, reached, release, released };
}
