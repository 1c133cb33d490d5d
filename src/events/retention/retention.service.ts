import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource, type EntityManager, In } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { TransactionRunner } from '../../common/persistence/transaction-runner.service.js';
import type { AppConfig } from '../../config/config.js';
import { InjectConfig } from '../../config/app-config.module.js';
import { LeadDocument } from '../../documents/entities/lead-document.entity.js';
import { StoredFile } from '../../documents/entities/stored-file.entity.js';
import { FileStorage, isPurgedKey, purgedKey } from '../../documents/storage/file-storage.js';
import { CONTENT_TYPE_EXTENSIONS } from '../../documents/upload/content-type.js';
import { ClosurePack } from '../../installations/entities/closure-pack.entity.js';
import { InstallationMedia } from '../../installations/entities/installation-media.entity.js';
import { InstallationReport } from '../../installations/entities/installation-report.entity.js';
import { Installation } from '../../installations/entities/installation.entity.js';
import { LeadEvent } from '../../leads/entities/lead-event.entity.js';
import { Lead } from '../../leads/entities/lead.entity.js';
import { SurveyMedia } from '../../surveys/entities/survey-media.entity.js';
import { SurveyReport } from '../../surveys/entities/survey-report.entity.js';
import { Survey } from '../../surveys/entities/survey.entity.js';
import { JobLeases } from '../../common/persistence/job-leases.service.js';
import { PeriodicTask } from '../../common/periodic-task.js';

/**
 * The lead's fields anonymising replaces (issue #15, item 7): the customer's name, contact and
 * street address, the coordinates, and the free-text note on why the lead was put on hold or
 * cancelled (`closingReasonCode`, a reference code, stays).
 */
export const ANONYMISED_FIELDS = ['customerName', 'customerPhone', 'customerEmail', 'addressLine1', 'addressLine2', 'latitude', 'longitude', 'closingReason'] as const;
/**
 * What else anonymising clears, outside the lead's row: the free text and the file names that may
 * name the customer (`Anita_Sharma_Aadhaar.pdf`, "flat 402, call her husband on …"). A file gets a
 * neutral name with the extension of its sniffed type ({@link neutralFileName}); free text becomes
 * empty (NOT NULL columns) or null; the timeline entries lose these keys of their data
 * ({@link TIMELINE_TEXT_KEYS}). The list is written into the `anonymised` entry's data as `cleared`,
 * which is also how a run tells a lead it fully anonymised from one an earlier version left half done.
 */
export const CLEARED_FIELDS = [
  'documents.fileName',
  'documents.notes',
  'surveys.closingReason',
  'surveyReports.notes',
  'surveyMedia.fileName',
  'surveyMedia.caption',
  'installations.closingReason',
  'installationReports.issuesEncountered',
  'installationReports.generalNotes',
  'installationReports.signatureFileName',
  'installationMedia.fileName',
  'installationMedia.caption',
  'timeline.fileName',
  'timeline.reason',
  'timeline.notes',
  'timeline.issuesEncountered',
] as const;
/**
 * Keys of a timeline entry's `data` that hold free text or a client's file name, dropped from every
 * entry of the lead: `fileName` (`document_*`, `*_media_uploaded`), `reason` (status changes to
 * on_hold or cancelled, rejected, cancelled and rescheduled jobs, declined assignments), `notes`
 * (`survey_approved`), `issuesEncountered` (`installation_report_unsuccessful`). `generalNotes` and
 * `caption` are written by no entry today; they are dropped should one carry them.
 */
export const TIMELINE_TEXT_KEYS = ['fileName', 'reason', 'notes', 'issuesEncountered', 'generalNotes', 'caption'] as const;
/** Leads looked at per run of the query. */
const BATCH = 200;
/** Timeline entries read (and rewritten) at a time, within a lead's transaction. */
const EVENT_BATCH = 500;
/** What a neutral name's extension is for the sniffed types {@link CONTENT_TYPE_EXTENSIONS} leaves out (videos, closure packs). */
const OTHER_EXTENSIONS: Readonly<Record<string, string>> = { 'video/mp4': 'mp4', 'video/quicktime': 'mov', 'video/3gpp': '3gp', 'video/webm': 'webm', 'application/zip': 'zip' };

/** One lead a run anonymised (or, in a dry run, would). */
export interface RetentionItem {
  leadId: string;
  status: string;
  closedAt: Date;
  /** Files deleted from storage (dry run: that would be). */
  files: number;
  /**
   * Anonymised by an earlier version of this job, which replaced the contact data and deleted the
   * files but left file names, notes, captions and closing notes behind: this run cleared those,
   * completed the `anonymised` entry's data and sent no second `lead.anonymised` webhook.
   */
  completed: boolean;
}

/** What a run did. */
export interface RetentionReport {
  retentionDays: number;
  dryRun: boolean;
  leads: RetentionItem[];
  filesDeleted: number;
}

/** A lead {@link RetentionService.due} found, with its `anonymised` entry when an earlier version of this job wrote one. */
interface DueLead {
  lead: Lead;
  earlier: LeadEvent | null;
}

/** A lead's stored files and jobs, as anonymising reads them ({@link RetentionService.related}). */
interface RelatedRows {
  surveyIds: string[];
  installationIds: string[];
  fileIds: string[];
  /** File id → its neutral name without the extension; the closure pack keeps its own generated name. */
  baseNames: Map<string, string>;
}

/**
 * Anonymises leads closed or cancelled more than `LEAD_RETENTION_DAYS` ago (issue #15, item 7;
 * seed 002 `lead_retention_days`; India's DPDP Act 2023, data kept only as long as its purpose
 * needs it). Per lead, one transaction: the customer's name, phone, e-mail, address lines,
 * coordinates and closing note are replaced ({@link ANONYMISED_FIELDS}); its documents', media's
 * and signature's file names become neutral and the free text of its documents, surveys,
 * installations, reports and media is cleared ({@link CLEARED_FIELDS}); its timeline entries lose
 * their file names and free-text notes ({@link TIMELINE_TEXT_KEYS}). City, state, pincode,
 * statuses, dates, numbers, flags, reference codes, document and media types, the charger's model
 * and serial number and the timeline's entries themselves stay for reports. Its files' rows point
 * at no object any more (they keep size and SHA-256), and an `anonymised` timeline entry is
 * written, which the outbox turns into a `lead.anonymised` webhook. After the commit the files
 * are deleted through the storage interface; should the process die first, the storage sweep
 * removes them (no row references them). A lead whose `anonymised` entry lists `cleared` is done:
 * running again changes nothing. One anonymised by an earlier version of this job (its entry has
 * no `cleared`) is completed at the next run, without a second entry or webhook.
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
      const due = (await this.due(cutoff, options.dryRun ? 100_000 : BATCH)).filter((d) => !seen.has(d.lead.id));
      if (!due.length) break;
      for (const { lead, earlier } of due) {
        seen.add(lead.id);
        const item = { leadId: lead.id, status: lead.status, closedAt: lead.statusEnteredAt ?? lead.updatedAt, completed: earlier !== null };
        if (options.dryRun) {
          const { fileIds } = await this.related(this.dataSource.manager, lead.id);
          report.leads.push({ ...item, files: (await this.storageKeys(this.dataSource.manager, fileIds)).length });
          continue;
        }
        const keys = await this.tx.run((em) => this.anonymise(em, lead, earlier, days));
        if (!keys) continue;
        report.leads.push({ ...item, files: keys.length });
        for (const key of keys) {
          if (await this.storage.delete(key).catch(() => false)) report.filesDeleted += 1;
        }
      }
      if (options.dryRun) break;
    }
    if (!options.dryRun && report.leads.length) this.logger.log({ leads: report.leads.length, filesDeleted: report.filesDeleted }, 'Retention anonymised leads');
    return report;
  }

  /**
   * Closed or cancelled before `cutoff`, not (fully) anonymised yet: without an `anonymised` entry,
   * or with one an earlier version of this job wrote (no `cleared` in its data), which is read too.
   */
  private async due(cutoff: Date, limit: number): Promise<DueLead[]> {
    const leads = await this.dataSource.manager
      .getRepository(Lead)
      .createQueryBuilder('l')
      .select(['l.id', 'l.status', 'l.statusEnteredAt', 'l.updatedAt', 'l.version'])
      .where('l.status IN (:...final) AND COALESCE(l.statusEnteredAt, l.updatedAt) <= :cutoff', { final: ['closed', 'cancelled'], cutoff })
      // `data` is JSON text on all three databases (simple-json), written by this job: `"cleared":[…]`.
      .andWhere("NOT EXISTS (SELECT 1 FROM lead_events e WHERE e.lead_id = l.id AND e.type = 'anonymised' AND e.data LIKE :cleared)", { cleared: '%"cleared":%' })
      .orderBy('l.statusEnteredAt', 'ASC')
      .limit(limit)
      .getMany();
    // The entries an earlier version wrote, by lead; read in slices, as a dry run's list may be long.
    const earlier = new Map<string, LeadEvent>();
    for (let i = 0; i < leads.length; i += BATCH) {
      const ids = leads.slice(i, i + BATCH).map((l) => l.id);
      const entries = await this.dataSource.manager.getRepository(LeadEvent).find({ where: { leadId: In(ids), type: 'anonymised' }, select: { id: true, leadId: true, data: true }, order: { id: 'ASC' } });
      for (const entry of entries) if (!earlier.has(entry.leadId)) earlier.set(entry.leadId, entry);
    }
    return leads.map((lead) => ({ lead, earlier: earlier.get(lead.id) ?? null }));
  }

  /**
   * The jobs and stored files of one lead: documents, survey and installation media, signatures,
   * closure packs; with the neutral name each file but the closure pack gets: `document-<type>-<n>`
   * (n counting the lead's documents of that type in upload order), `photo-<n>` / `video-<n>` (per
   * survey or installation) and `signature`. The pack's own name (`closure-pack-INS-….zip`) names no one.
   */
  private async related(em: EntityManager, leadId: string): Promise<RelatedRows> {
    const surveyIds = (await em.getRepository(Survey).find({ where: { leadId }, select: { id: true } })).map((s) => s.id);
    const installationIds = (await em.getRepository(Installation).find({ where: { leadId }, select: { id: true } })).map((i) => i.id);
    const byUpload = { uploadedAt: 'ASC', id: 'ASC' } as const;
    const documents = await em.getRepository(LeadDocument).find({ where: { leadId }, select: { id: true, documentType: true, fileId: true, uploadedAt: true }, order: byUpload });
    const surveyMedia = surveyIds.length ? await em.getRepository(SurveyMedia).find({ where: { surveyId: In(surveyIds) }, select: { id: true, surveyId: true, mediaType: true, fileId: true, uploadedAt: true }, order: byUpload }) : [];
    const installationMedia = installationIds.length
      ? await em.getRepository(InstallationMedia).find({ where: { installationId: In(installationIds) }, select: { id: true, installationId: true, mediaType: true, fileId: true, uploadedAt: true }, order: byUpload })
      : [];
    const signatures = installationIds.length ? await em.getRepository(InstallationReport).find({ where: { installationId: In(installationIds) }, select: { id: true, customerSignatureFileId: true } }) : [];
    const packs = await em.getRepository(ClosurePack).find({ where: { leadId }, select: { id: true, fileId: true } });

    const baseNames = new Map<string, string>();
    const counts = new Map<string, number>();
    const name = (fileId: string, group: string, prefix: string) => {
      const n = (counts.get(`${group}/${prefix}`) ?? 0) + 1;
      counts.set(`${group}/${prefix}`, n);
      baseNames.set(fileId, `${prefix}-${n}`);
    };
    for (const d of documents) name(d.fileId, leadId, `document-${d.documentType}`);
    for (const m of surveyMedia) name(m.fileId, m.surveyId, m.mediaType);
    for (const m of installationMedia) name(m.fileId, m.installationId, m.mediaType);
    for (const r of signatures) if (r.customerSignatureFileId) baseNames.set(r.customerSignatureFileId, 'signature');
    const fileIds = [...new Set([...baseNames.keys(), ...packs.map((p) => p.fileId)])];
    return { surveyIds, installationIds, fileIds, baseNames };
  }

  /** The storage keys of `fileIds` whose objects are not deleted yet. */
  private async storageKeys(em: EntityManager, fileIds: string[]): Promise<string[]> {
    const files = fileIds.length ? await em.getRepository(StoredFile).find({ where: { id: In(fileIds) }, select: { id: true, storageKey: true } }) : [];
    return files.map((f) => f.storageKey).filter((k) => !isPurgedKey(k));
  }

  /**
   * One lead, in `em`'s transaction. A compare-and-set on the version read by {@link due}: of two
   * runs at once (the CLI beside the server's daily run) the second finds the version moved on and
   * leaves the lead alone, so it is anonymised, and announced, once; so is a lead changed meanwhile.
   * `updatedAt` is written with milliseconds, as every lead write is (keyset paging on `updatedFrom`);
   * its surveys and installations, whose answers carry the lead's contact data, get a new version too.
   * @param earlier the lead's `anonymised` entry, written by an earlier version of this job: it is
   *   completed (its data gets `cleared`) instead of a second entry being written
   * @returns the storage keys to delete after the commit; null when another run did it first
   */
  private async anonymise(em: EntityManager, lead: Lead, earlier: LeadEvent | null, days: number): Promise<string[] | null> {
    const now = new Date();
    // No separate "already anonymised?" read: due() read only leads without a complete entry, and writing it bumps the version.
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
        closingReason: null,
        version: () => 'version + 1',
        updatedAt: now,
      })
      .where('id = :id AND version = :version', { id: lead.id, version: lead.version })
      .execute();
    if (updated.affected !== 1) return null;
    const related = await this.related(em, lead.id);
    const keys = await this.neutraliseFiles(em, related);
    await this.clearTexts(em, lead.id, related, now);
    await this.clearTimeline(em, lead.id);
    const events = em.getRepository(LeadEvent);
    const fields = { fields: [...ANONYMISED_FIELDS], cleared: [...CLEARED_FIELDS] };
    if (earlier) {
      // Completes the entry: its files were deleted then (any left are counted in), its retention period stays.
      const before = earlier.data ?? {};
      const data = { retentionDays: days, ...before, ...fields, filesDeleted: (typeof before.filesDeleted === 'number' ? before.filesDeleted : 0) + keys.length };
      await events.update({ id: earlier.id }, { data });
    } else {
      await events.insert({ leadId: lead.id, type: 'anonymised', fromStatus: null, toStatus: null, actorUserId: null, actorApiKeyId: null, data: { ...fields, filesDeleted: keys.length, retentionDays: days }, createdAt: now });
    }
    return keys;
  }

  /**
   * Gives each of the lead's files its neutral name and points its row at no object.
   * @returns the storage keys of the objects to delete after the commit
   */
  private async neutraliseFiles(em: EntityManager, related: RelatedRows): Promise<string[]> {
    const { fileIds, baseNames } = related;
    const files = fileIds.length ? await em.getRepository(StoredFile).find({ where: { id: In(fileIds) }, select: { id: true, storageKey: true, originalName: true, contentType: true } }) : [];
    const keys: string[] = [];
    for (const file of files) {
      const base = baseNames.get(file.id);
      const set: Partial<Pick<StoredFile, 'storageKey' | 'originalName'>> = {};
      if (!isPurgedKey(file.storageKey)) {
        keys.push(file.storageKey);
        set.storageKey = purgedKey(file.id);
      }
      if (base !== undefined && file.originalName !== neutralFileName(base, file.contentType)) set.originalName = neutralFileName(base, file.contentType);
      if (Object.keys(set).length) await em.getRepository(StoredFile).update({ id: file.id }, set);
    }
    return keys;
  }

  /**
   * Clears the free text of the lead's documents, surveys, installations, their reports and media
   * (see {@link CLEARED_FIELDS}); every survey and installation of the lead gets a new version.
   */
  private async clearTexts(em: EntityManager, leadId: string, related: RelatedRows, now: Date): Promise<void> {
    const { surveyIds, installationIds } = related;
    await em.createQueryBuilder().update(LeadDocument).set({ notes: '' }).where("lead_id = :leadId AND notes <> ''", { leadId }).execute();
    const newVersion = { closingReason: null, version: () => 'version + 1', updatedAt: now };
    if (surveyIds.length) {
      await em.createQueryBuilder().update(Survey).set(newVersion).where('lead_id = :leadId', { leadId }).execute();
      await em.createQueryBuilder().update(SurveyReport).set({ notes: '' }).where("survey_id IN (:...ids) AND notes <> ''", { ids: surveyIds }).execute();
      await em.createQueryBuilder().update(SurveyMedia).set({ caption: '' }).where("survey_id IN (:...ids) AND caption <> ''", { ids: surveyIds }).execute();
    }
    if (installationIds.length) {
      await em.createQueryBuilder().update(Installation).set(newVersion).where('lead_id = :leadId', { leadId }).execute();
      await em
        .createQueryBuilder()
        .update(InstallationReport)
        .set({ issuesEncountered: '', generalNotes: '' })
        .where("installation_id IN (:...ids) AND (issues_encountered <> '' OR general_notes <> '')", { ids: installationIds })
        .execute();
      await em.createQueryBuilder().update(InstallationMedia).set({ caption: '' }).where("installation_id IN (:...ids) AND caption <> ''", { ids: installationIds }).execute();
    }
  }

  /**
   * Drops {@link TIMELINE_TEXT_KEYS} from the data of the lead's timeline entries, {@link EVENT_BATCH}
   * entries at a time (keyset on the id, the `(lead_id, id)` index). The JSON is read and written by
   * TypeORM (simple-json: text on SQLite, PostgreSQL and MariaDB alike), so no database's JSON
   * functions are needed; a LIKE on the text skips the entries that cannot hold one of the keys.
   */
  private async clearTimeline(em: EntityManager, leadId: string): Promise<void> {
    const events = em.getRepository(LeadEvent);
    const mayHold = TIMELINE_TEXT_KEYS.map((_, i) => `e.data LIKE :key${i}`).join(' OR ');
    const keys = Object.fromEntries(TIMELINE_TEXT_KEYS.map((key, i) => [`key${i}`, `%"${key}"%`]));
    for (let after = 0; ; ) {
      const page = await events
        .createQueryBuilder('e')
        .select(['e.id', 'e.data'])
        .where(`e.leadId = :leadId AND e.id > :after AND (${mayHold})`, { leadId, after, ...keys })
        .orderBy('e.id', 'ASC')
        .limit(EVENT_BATCH)
        .getMany();
      for (const event of page) {
        const data = withoutTextKeys(event.data);
        // The JSON column's type is wider than TypeORM's update typing allows for an object (as in leadEventInsert).
        if (data) await events.update({ id: event.id }, { data } as QueryDeepPartialEntity<LeadEvent>);
      }
      if (page.length < EVENT_BATCH) return;
      after = page[page.length - 1].id;
    }
  }
}

/**
 * The name a file of an anonymised lead gets: `base` and the extension of its sniffed content
 * type (`document-electricity_bill-1.pdf`, `photo-2.jpg`), never anything of the client's name.
 */
export function neutralFileName(base: string, contentType: string): string {
  return `${base}.${CONTENT_TYPE_EXTENSIONS[contentType] ?? OTHER_EXTENSIONS[contentType] ?? 'bin'}`;
}

/** `data` without {@link TIMELINE_TEXT_KEYS}; null when it holds none of them (nothing to write). */
function withoutTextKeys(data: Record<string, unknown> | null): Record<string, unknown> | null {
  if (!data || !TIMELINE_TEXT_KEYS.some((key) => key in data)) return null;
  return Object.fromEntries(Object.entries(data).filter(([key]) => !(TIMELINE_TEXT_KEYS as readonly string[]).includes(key)));
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
