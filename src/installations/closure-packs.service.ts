import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import type { Actor } from '../common/auth/actor.js';
import { AppException, NotFoundProblem } from '../common/problem.js';
import { LeadDocument } from '../documents/entities/lead-document.entity.js';
import { recordStoredFile, StoredFile } from '../documents/entities/stored-file.entity.js';
import { FileStorage } from '../documents/storage/file-storage.js';
import { type DownloadConditions, type FileDownload, openDownload } from '../documents/upload/file-download.js';
import { LeadEvent } from '../leads/entities/lead-event.entity.js';
import { LeadTimeline } from '../leads/lead-timeline.service.js';
import { SurveyMedia } from '../surveys/entities/survey-media.entity.js';
import { SurveyReport } from '../surveys/entities/survey-report.entity.js';
import { Survey } from '../surveys/entities/survey.entity.js';
import { User } from '../users/entities/user.entity.js';
import { buildClosurePack, type BuiltClosurePack, ClosurePackError, type ClosurePackFile, type ClosurePackSummary } from './closure-pack/closure-pack-builder.js';
import type { InstallationResponseDto } from './dto/installation-response.dto.js';
import { ClosurePack } from './entities/closure-pack.entity.js';
import { InstallationAssignment } from './entities/installation-assignment.entity.js';
import { InstallationMedia } from './entities/installation-media.entity.js';
import { InstallationReport } from './entities/installation-report.entity.js';
import type { Installation } from './entities/installation.entity.js';
import { InstallationsService } from './installations.service.js';

/** Storage prefix of closure-pack ZIPs. */
export const CLOSURE_PACK_PREFIX = 'closure-packs';

/** A name safe in a ZIP path: the stored (already sanitised) name without separators. */
const entryName = (name: string) => name.replace(/[/\\]/g, '_');
const two = (n: number) => String(n).padStart(2, '0');

/**
 * Closure packs (DESIGN §4 ClosurePack, §5 `installation_completed → closed`; issue #5). Generating
 * one is one use case: the ZIP is built and streamed to storage first (it can take a while, and
 * must not hold a transaction open), then one transaction re-checks the installation (a
 * compare-and-set on the version read while gathering), writes the StoredFile and ClosurePack
 * rows, closes the installation and the lead and records `closure_pack_generated`. Either all of
 * that exists or none does: when the transaction fails the ZIP is removed again (or, if even that
 * fails, by the storage sweep, since no row references it).
 */
@Injectable()
export class ClosurePacksService {
  private readonly logger = new Logger('ClosurePacksService');

  constructor(
    @InjectRepository(ClosurePack) private readonly packs: Repository<ClosurePack>,
    private readonly installations: InstallationsService,
    private readonly timeline: LeadTimeline,
    private readonly storage: FileStorage,
  ) {}

  /**
   * Central Ops generates the pack of a successfully reported installation whose lead is in
   * `installation_completed`.
   * @throws 404 INSTALLATION_NOT_FOUND; 409 INSTALLATION_INVALID_TRANSITION (not report_submitted, e.g. already
   *         closed), CLOSURE_PACK_LEAD_NOT_READY, INSTALLATION_CHANGED (changed while the pack was built); 412;
   *         422 CLOSURE_PACK_FILE_UNREADABLE when the stored customer signature does not decode as an image
   *         (`file`: its path in the pack, `fileId`: its StoredFile id; e.g. stored before uploads were
   *         decoded): nothing is stored or changed, and a new report with a new signature makes it
   *         generable; 409 CLOSURE_PACK_FILE_UNAVAILABLE when a stored file is missing or corrupt (logged
   *         as an error with its key, and naming it the same way)
   */
  async generate(actor: Actor, id: string, ifMatch?: string): Promise<InstallationResponseDto> {
    const gathered = await this.installations.perform(actor, id, 'close', ifMatch, async (em, installation) => {
      this.requireLeadReady(installation);
      return { version: installation.version, ...(await this.gather(em, installation)) };
    });
    let built: BuiltClosurePack;
    try {
      built = await buildClosurePack(this.storage, gathered.summary, gathered.files, { prefix: CLOSURE_PACK_PREFIX });
    } catch (error) {
      if (error instanceof ClosurePackError) throw this.buildProblem(error, id, gathered.named);
      throw error;
    }
    try {
      await this.installations.perform(actor, id, 'close', undefined, async (em, installation, to) => {
        // Changed while the pack was built (e.g. a concurrent generation): the pack may be stale.
        if (installation.version !== gathered.version) throw new AppException(409, 'INSTALLATION_CHANGED', 'The installation changed while its closure pack was built; reload it and retry');
        this.requireLeadReady(installation);
        // The compare-and-set first: of concurrent generations the others stop here (409), before any insert.
        await this.installations.advance(em, installation, { status: to });
        const now = new Date();
        const file = await recordStoredFile(em, { ...built, contentType: 'application/zip', originalName: `closure-pack-${installation.installationId}.zip` }, actor.userId, now);
        await em.getRepository(ClosurePack).insert({ leadId: installation.leadId, installationId: installation.id, fileId: file.id, generatedById: actor.userId, generatedAt: now, sharedAt: null });
        await this.installations.event(em, actor, installation, 'closure_pack_generated', {
          fileId: file.id,
          sizeBytes: built.sizeBytes,
          sha256: built.sha256,
          entries: built.manifest.files.length,
        });
        await this.timeline.applyTransition(em, actor, installation.lead, 'closed', { data: { installationId: installation.installationId } });
      });
    } catch (error) {
      await this.storage.delete(built.key).catch((err: unknown) => this.logger.warn({ err, storageKey: built.key }, 'Could not remove an unused closure pack; the storage sweep will'));
      throw error;
    }
    return this.installations.get(actor, id);
  }

  /**
   * The pack's ZIP for the owning OEM, admin and Central Ops (others: 404, so an OEM learns nothing
   * of another OEM's installations). The OEM's first download sets `sharedAt`.
   * @throws 404 CLOSURE_PACK_NOT_FOUND; 416
   */
  async content(actor: Actor, installationId: string, conditions: DownloadConditions): Promise<FileDownload> {
    const qb = this.packs.createQueryBuilder('pack').innerJoinAndSelect('pack.file', 'file').innerJoin('pack.lead', 'lead').where('pack.installationId = :installationId', { installationId });
    if (actor.role === 'oem') qb.andWhere('lead.oemId = :oemId', { oemId: actor.userId });
    else if (actor.role !== 'admin' && actor.role !== 'central_ops') qb.andWhere('1 = 0');
    const pack = await qb.getOne();
    if (!pack) throw new NotFoundProblem('Closure pack', installationId);
    if (actor.role === 'oem' && pack.sharedAt === null) {
      await this.packs.createQueryBuilder().update(ClosurePack).set({ sharedAt: new Date() }).where('id = :id AND shared_at IS NULL', { id: pack.id }).execute();
    }
    return openDownload(this.storage, pack.file, conditions);
  }

  /**
   * The answer for a pack that could not be built. A signature that does not decode is data a new
   * report replaces (422, naming the file); a file missing or not matching its hash is storage gone
   * wrong (409 naming the file, logged as an error for an operator).
   */
  private buildProblem(error: ClosurePackError, installationId: string, named: ReadonlyMap<string, { path: string; fileId: string }>): AppException {
    const file = error.storageKey === undefined ? undefined : named.get(error.storageKey);
    const naming = file ? { file: file.path, fileId: file.fileId } : {};
    if (error.code === 'CLOSURE_PACK_FILE_UNREADABLE' || error.code === 'CLOSURE_PACK_SIGNATURE_TOO_LARGE') {
      this.logger.warn({ err: error, installationId, ...naming }, 'Closure pack refused: a stored image cannot be embedded');
      return new AppException(
        422,
        'CLOSURE_PACK_FILE_UNREADABLE',
        `${file?.path ?? 'The customer signature'} cannot be embedded in summary.pdf: it is not a readable image. ` +
          'Submit the installation report again with a new signature, then generate the pack.',
        { ...naming, reason: error.code },
      );
    }
    // Missing or altered in storage: an operator must look (logged as an error), but the answer still
    // names the file and is not a 500 (issue #11): nothing the request sent was wrong with the server.
    this.logger.error({ err: error, installationId, ...naming }, 'Closure pack could not be built');
    return new AppException(
      409,
      'CLOSURE_PACK_FILE_UNAVAILABLE',
      `${file?.path ?? 'A stored file'} is missing from storage or no longer matches its recorded SHA-256; replace it, then generate the pack`,
      { ...naming, reason: error.code },
    );
  }

  /** @throws 409 CLOSURE_PACK_LEAD_NOT_READY unless the lead is in installation_completed (e.g. on hold) */
  private requireLeadReady(installation: Installation): void {
    if (installation.lead.status !== 'installation_completed') {
      throw new AppException(409, 'CLOSURE_PACK_LEAD_NOT_READY', `The lead is ${installation.lead.status}; a closure pack is generated for a lead in installation_completed`, {
        leadStatus: installation.lead.status,
      });
    }
  }

  /**
   * Reads everything the pack holds, in the transaction of the first check; `named` maps each
   * stored file's key to its path in the pack and its StoredFile id, for error answers.
   */
  private async gather(
    em: EntityManager,
    installation: Installation,
  ): Promise<{ summary: ClosurePackSummary; files: ClosurePackFile[]; named: Map<string, { path: string; fileId: string }> }> {
    const lead = installation.lead;
    // One after another: the queries share the transaction's connection (pg queues, and warns about, concurrent ones).
    const survey = await em.getRepository(Survey).findOneByOrFail({ id: installation.surveyId });
    const surveyReport = await em.getRepository(SurveyReport).findOne({ where: { surveyId: installation.surveyId }, relations: { submittedBy: true } });
    const report = await em.getRepository(InstallationReport).findOneOrFail({ where: { installationId: installation.id }, relations: { submittedBy: true, customerSignature: true } });
    const primary = await em.getRepository(InstallationAssignment).findOne({ where: { installationId: installation.id, isPrimary: true, status: 'completed' }, relations: { team: true } });
    const documents = await em.getRepository(LeadDocument).find({ where: { leadId: lead.id }, relations: { file: true }, order: { uploadedAt: 'ASC', id: 'ASC' } });
    const surveyMedia = await em.getRepository(SurveyMedia).find({ where: { surveyId: installation.surveyId }, relations: { file: true }, order: { uploadedAt: 'ASC', id: 'ASC' } });
    const installationMedia = await em.getRepository(InstallationMedia).find({ where: { installationId: installation.id }, relations: { file: true }, order: { uploadedAt: 'ASC', id: 'ASC' } });
    const events = await em.getRepository(LeadEvent).find({ where: { leadId: lead.id }, relations: { actorUser: true }, order: { id: 'ASC' } });
    const oem = await em.getRepository(User).findOne({ where: { id: lead.oemId }, select: { id: true, fullName: true } });
    const named = new Map<string, { path: string; fileId: string }>();
    const stored = (path: string, file: StoredFile): ClosurePackFile => {
      named.set(file.storageKey, { path, fileId: file.id });
      return { path, storageKey: file.storageKey, sizeBytes: file.sizeBytes, sha256: file.sha256, contentType: file.contentType };
    };
    const files: ClosurePackFile[] = [
      ...documents.map((d, i) => stored(`lead-documents/${two(i + 1)}-${d.documentType}-${entryName(d.file.originalName)}`, d.file)),
      ...surveyMedia.map((m, i) => stored(`survey-media/${two(i + 1)}-${m.mediaType}-${entryName(m.file.originalName)}`, m.file)),
      ...installationMedia.map((m, i) => stored(`installation-media/${two(i + 1)}-${m.mediaType}-${entryName(m.file.originalName)}`, m.file)),
    ];
    const signature = report.customerSignature;
    if (signature) files.push(stored(`signature/customer-signature.${signature.contentType === 'image/png' ? 'png' : 'jpg'}`, signature));
    const summary: ClosurePackSummary = {
      generatedAt: new Date(),
      lead: {
        id: lead.id,
        customerName: lead.customerName,
        customerPhone: lead.customerPhone,
        customerEmail: lead.customerEmail,
        addressLine1: lead.addressLine1,
        addressLine2: lead.addressLine2 || null,
        city: lead.city,
        state: lead.state,
        pincode: lead.pincode,
        oemName: oem?.fullName ?? lead.oemId,
        externalRef: lead.externalRef,
        createdAt: lead.createdAt,
      },
      survey: {
        surveyId: survey.surveyId,
        scheduledDate: survey.scheduledDate,
        scheduledTimeSlot: survey.scheduledTimeSlot,
        report: surveyReport && {
          parkingType: surveyReport.parkingType,
          supplyPhase: surveyReport.supplyPhase,
          sanctionedLoadKw: surveyReport.sanctionedLoadKw,
          earthingAvailable: surveyReport.earthingAvailable,
          meterToChargerDistanceM: surveyReport.meterToChargerDistanceM,
          cableLengthM: surveyReport.cableLengthM,
          civilWorkRequired: surveyReport.civilWorkRequired,
          recommendedChargerModel: surveyReport.recommendedChargerModel,
          feasible: surveyReport.feasible,
          notes: surveyReport.notes,
          submittedAt: surveyReport.submittedAt,
          submittedBy: surveyReport.submittedBy.fullName,
        },
      },
      installation: {
        installationId: installation.installationId,
        scheduledDate: installation.scheduledDate,
        scheduledTimeSlot: installation.scheduledTimeSlot,
        teamName: primary?.team.name ?? null,
        report: {
          chargerSerialNumber: report.chargerSerialNumber,
          chargerModel: report.chargerModel,
          installationSuccessful: report.installationSuccessful,
          demoGiven: report.demoGiven,
          issuesEncountered: report.issuesEncountered,
          generalNotes: report.generalNotes,
          submittedAt: report.submittedAt,
          submittedBy: report.submittedBy.fullName,
        },
      },
      signature: signature ? { storageKey: signature.storageKey, contentType: signature.contentType as 'image/png' | 'image/jpeg' } : null,
      timeline: events.map((e) => ({
        at: e.createdAt,
        type: e.type,
        fromStatus: e.fromStatus,
        toStatus: e.toStatus,
        actor: e.actorUser?.fullName ?? (e.actorApiKeyId ? 'OEM API' : null),
        detail: eventDetail(e.data),
      })),
    };
    return { summary, files, named };
  }
}

/** One short line of an event's data for the PDF: the reason, notes or issues when there are any. */
function eventDetail(data: Record<string, unknown> | null): string | null {
  if (!data) return null;
  for (const key of ['reason', 'notes', 'issuesEncountered', 'fileName', 'surveyId', 'installationId']) {
    const value = data[key];
    if (typeof value === 'string' && value) return `${key}: ${value}`;
  }
  return null;
}
