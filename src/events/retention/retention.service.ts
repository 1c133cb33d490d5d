import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource, type EntityManager, In } from 'typeorm';
import { TransactionRunner } from '../../common/persistence/transaction-runner.service.js';
import type { AppConfig } from '../../config/config.js';
import { InjectConfig } from '../../config/app-config.module.js';
import { LeadDocument } from '../../documents/entities/lead-document.entity.js';
import { StoredFile } from '../../documents/entities/stored-file.entity.js';
import { FileStorage, isPurgedKey, purgedKey } from '../../documents/storage/file-storage.js';
import { ClosurePack } from '../../installations/entities/closure-pack.entity.js';
import { InstallationMedia } from '../../installations/entities/installation-media.entity.js';
import { InstallationReport } from '../../installations/entities/installation-report.entity.js';
import { Installation } from '../../installations/entities/installation.entity.js';
import { LeadEvent } from '../../leads/entities/lead-event.entity.js';
import { Lead } from '../../leads/entities/lead.entity.js';
import { SurveyMedia } from '../../surveys/entities/survey-media.entity.js';
import { Survey } from '../../surveys/entities/survey.entity.js';
import { JobLeases } from '../../common/persistence/job-leases.service.js';
import { PeriodicTask } from '../../common/periodic-task.js';

/** What anonymising replaces (issue #15, item 7): the customer's name, contact and street address, and the coordinates. */
export const ANONYMISED_FIELDS = ['customerName', 'customerPhone', 'customerEmail', 'addressLine1', 'addressLine2', 'latitude', 'longitude'] as const;
/** Leads looked at per run of the query. */
const BATCH = 200;

/** One lead a run anonymised (or, in a dry run, would). */
export interface RetentionItem {
  leadId: string;
  status: string;
  closedAt: Date;
  files: number;
}

/** What a run did. */
export interface RetentionReport {
  retentionDays: number;
  dryRun: boolean;
  leads: RetentionItem[];
  filesDeleted: number;
}

/**
 * Anonymises leads closed or cancelled more than `LEAD_RETENTION_DAYS` ago (issue #15, item 7;
 * seed 002 `lead_retention_days`; India's DPDP Act 2023, data kept only as long as its purpose
 * needs it). Per lead, one transaction: the customer's name, phone, e-mail, address lines and
 * coordinates are replaced (city, state, pincode, statuses, dates and the timeline stay for
 * reports), its files' rows point at no object any more (they keep size and SHA-256), and an
 * `anonymised` timeline entry is written, which the outbox turns into a `lead.anonymised`
 * webhook. After the commit the files are deleted through the storage interface; should the
 * process die first, the storage sweep removes them (no row references them). A lead with an
 * `anonymised` entry is done: running again changes nothing.
 */
@Injectable()
export class RetentionService {
  private readonly logger = new Logger('Retention');

  constructor(
    private readonly tx: TransactionRunner,
    private readonly dataSource: DataSource,
    private readonly storage: FileStorage,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /**
   * One run. @param options.dryRun list what would change, change nothing
   * @returns null when `LEAD_RETENTION_DAYS` is not set (retention is off)
   */
  async run(options: { dryRun?: boolean; now?: Date } = {}): Promise<RetentionReport | null> {
    const days = this.config.leadRetentionDays;
    if (days === null) return null;
    const cutoff = new Date((options.now ?? new Date()).getTime() - days * 86_400_000);
    const report: RetentionReport = { retentionDays: days, dryRun: !!options.dryRun, leads: [], filesDeleted: 0 };
    const seen = new Set<string>();
    for (;;) {
      // A dry run changes nothing, so it reads every due lead at once instead of batch after batch.
      const due = (await this.due(cutoff, options.dryRun ? 100_000 : BATCH)).filter((l) => !seen.has(l.id));
      if (!due.length) break;
      for (const lead of due) {
        seen.add(lead.id);
        if (options.dryRun) {
          const files = await this.fileIds(this.dataSource.manager, lead.id);
          report.leads.push({ leadId: lead.id, status: lead.status, closedAt: lead.statusEnteredAt ?? lead.updatedAt, files: files.length });
          continue;
        }
        const keys = await this.tx.run((em) => this.anonymise(em, lead, days));
        if (!keys) continue;
        report.leads.push({ leadId: lead.id, status: lead.status, closedAt: lead.statusEnteredAt ?? lead.updatedAt, files: keys.length });
        for (const key of keys) {
          if (await this.storage.delete(key).catch(() => false)) report.filesDeleted += 1;
        }
      }
      if (options.dryRun) break;
    }
    if (!options.dryRun && report.leads.length) this.logger.log({ leads: report.leads.length, filesDeleted: report.filesDeleted }, 'Retention anonymised leads');
    return report;
  }

  /** Closed or cancelled before `cutoff`, not anonymised yet. */
  private due(cutoff: Date, limit: number): Promise<Lead[]> {
    return this.dataSource.manager
      .getRepository(Lead)
      .createQueryBuilder('l')
      .select(['l.id', 'l.status', 'l.statusEnteredAt', 'l.updatedAt', 'l.version'])
      .where('l.status IN (:...final) AND COALESCE(l.statusEnteredAt, l.updatedAt) <= :cutoff', { final: ['closed', 'cancelled'], cutoff })
      .andWhere("NOT EXISTS (SELECT 1 FROM lead_events e WHERE e.lead_id = l.id AND e.type = 'anonymised')")
      .orderBy('l.statusEnteredAt', 'ASC')
      .limit(limit)
      .getMany();
  }

  /** The stored files of one lead: documents, survey and installation media, signatures, closure packs. */
  private async fileIds(em: EntityManager, leadId: string): Promise<string[]> {
    const surveys = (await em.getRepository(Survey).find({ where: { leadId }, select: { id: true } })).map((s) => s.id);
    const installations = (await em.getRepository(Installation).find({ where: { leadId }, select: { id: true } })).map((i) => i.id);
    const ids = [
      ...(await em.getRepository(LeadDocument).find({ where: { leadId }, select: { fileId: true } })).map((d) => d.fileId),
      ...(surveys.length ? await em.getRepository(SurveyMedia).find({ where: { surveyId: In(surveys) }, select: { fileId: true } }) : []).map((m) => m.fileId),
      ...(installations.length ? await em.getRepository(InstallationMedia).find({ where: { installationId: In(installations) }, select: { fileId: true } }) : []).map((m) => m.fileId),
      ...(installations.length ? await em.getRepository(InstallationReport).find({ where: { installationId: In(installations) }, select: { customerSignatureFileId: true } }) : []).map((r) => r.customerSignatureFileId),
      ...(await em.getRepository(ClosurePack).find({ where: { leadId }, select: { fileId: true } })).map((p) => p.fileId),
    ];
    return [...new Set(ids.filter((id): id is string => !!id))];
  }

  /**
   * One lead, in `em`'s transaction. A compare-and-set on the version read by {@link due}: of two
   * runs at once (the CLI beside the server's daily run) the second finds the version moved on and
   * leaves the lead alone, so it is anonymised, and announced, once; so is a lead changed meanwhile.
   * `updatedAt` is written with milliseconds, as every lead write is (keyset paging on `updatedFrom`).
   * @returns the storage keys to delete after the commit; null when another run did it first
   */
  private async anonymise(em: EntityManager, lead: Lead, days: number): Promise<string[] | null> {
    // No separate "already anonymised?" read: due() read only leads without that entry, and writing it bumps the version.
    const updated = await em
      .createQueryBuilder()
      .update(Lead)
      .set({
        customerName: 'Anonymised',
        customerPhone: '+910000000000',
        customerEmail: null,
        addressLine1: 'Anonymised',
        addressLine2: '',
        latitude: null,
        longitude: null,
        version: () => 'version + 1',
        updatedAt: new Date(),
      })
      .where('id = :id AND version = :version', { id: lead.id, version: lead.version })
      .execute();
    if (updated.affected !== 1) return null;
    const fileIds = await this.fileIds(em, lead.id);
    const files = fileIds.length ? await em.getRepository(StoredFile).find({ where: { id: In(fileIds) }, select: { id: true, storageKey: true } }) : [];
    const keys = files.map((f) => f.storageKey).filter((k) => !isPurgedKey(k));
    for (const file of files) {
      if (!isPurgedKey(file.storageKey)) await em.getRepository(StoredFile).update({ id: file.id }, { storageKey: purgedKey(file.id) });
    }
    await em.getRepository(LeadEvent).insert({ leadId: lead.id, type: 'anonymised', fromStatus: null, toStatus: null, actorUserId: null, actorApiKeyId: null, data: { fields: [...ANONYMISED_FIELDS], filesDeleted: keys.length, retentionDays: days }, createdAt: new Date() });
    return keys;
  }
}

/** How often the server runs retention (README: "once a day"). */
export const RETENTION_INTERVAL_MS = 86_400_000;
/**
 * When the first run after a process starts is due: soon, since a server restarted more often than
 * daily (deploys, crashes, cluster workers replaced) would otherwise never get to a run, yet not
 * during start-up, whose work and first requests come first.
 */
export const RETENTION_FIRST_RUN_DELAY_MS = 60_000;

/**
 * The daily retention run in the server (unref'd, no overlap, stopped on shutdown): the first
 * {@link RETENTION_FIRST_RUN_DELAY_MS} after start, then every {@link RETENTION_INTERVAL_MS}. The
 * `retention` lease, kept for most of a day after a run, lets one replica run it at a time and
 * makes the start-up runs of the other replicas, and of a restarted one, skip it until it is due
 * again. Off while LEAD_RETENTION_DAYS is unset or OUTBOX_POLL_INTERVAL_MS is 0 (tests).
 */
@Injectable()
export class RetentionJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task: PeriodicTask;

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    retention: RetentionService,
    leases: JobLeases,
  ) {
    // One replica a day, under the `retention` database lease.
    this.task = new PeriodicTask(new Logger('Retention'), 'Retention run failed', () => retention.run(), { leases, name: 'retention', ttlMs: 10 * 60 * 1000 });
  }

  onApplicationBootstrap(): void {
    if (this.config.leadRetentionDays === null || !this.config.outboxPollIntervalMs) return;
    this.task.start(RETENTION_INTERVAL_MS, RETENTION_FIRST_RUN_DELAY_MS);
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }
}
