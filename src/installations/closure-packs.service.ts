import { createHash, randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import type { Actor } from '../common/auth/actor.js';
import { findForUpdate } from '../common/persistence/dialect.js';
import { AppException, NotFoundProblem, ValidationProblem } from '../common/problem.js';
import { LeadDocument } from '../documents/entities/lead-document.entity.js';
import { recordStoredFile, StoredFile } from '../documents/entities/stored-file.entity.js';
import { discardUnlessRecorded } from '../documents/storage/discard-unless-recorded.js';
import { FileStorage } from '../documents/storage/file-storage.js';
import { type DownloadConditions, type FileDownload, openDownload } from '../documents/upload/file-download.js';
import { InjectConfig } from '../config/app-config.module.js';
import type { AppConfig } from '../config/config.js';
import { loadActorFacts } from '../leads/audience/actor-facts.js';
import { type LeadEventFacts, toOemTimelineEntry } from '../leads/audience/oem-audience.js';
import { LeadEvent } from '../leads/entities/lead-event.entity.js';
import { Lead } from '../leads/entities/lead.entity.js';
import { LeadTimeline } from '../leads/lead-timeline.service.js';
import { SurveyMedia } from '../surveys/entities/survey-media.entity.js';
import { SurveyReport } from '../surveys/entities/survey-report.entity.js';
import { Survey } from '../surveys/entities/survey.entity.js';
import { SurveyAssignment } from '../surveys/entities/survey-assignment.entity.js';
import { User } from '../users/entities/user.entity.js';
import { buildClosurePack, type BuiltClosurePack, ClosurePackError, type ClosurePackFile, type ClosurePackSummary } from './closure-pack/closure-pack-builder.js';
import { ClosurePackSigning } from './closure-pack/closure-pack-signing.js';
import { packEntryName } from './closure-pack/entry-name.js';
import type {
  ClosurePackSignatureVerificationDto,
  ClosurePackSigningKeysDto,
  ClosurePackVerificationDto,
  VerifyClosurePackQueryDto,
  VerifyClosurePackSignatureDto,
} from './closure-pack/verification.dto.js';
import type { InstallationResponseDto } from './dto/installation-response.dto.js';
import { ClosurePack } from './entities/closure-pack.entity.js';
import { InstallationAssignment } from './entities/installation-assignment.entity.js';
import { InstallationMedia } from './entities/installation-media.entity.js';
import { InstallationReport } from './entities/installation-report.entity.js';
import type { Installation } from './entities/installation.entity.js';
import { InstallationsService } from './installations.service.js';

/** Storage prefix of closure-pack ZIPs. */
export const CLOSURE_PACK_PREFIX = 'closure-packs';

const two = (n: number) => String(n).padStart(2, '0');

/** What of a lead its pack prints and holds, as one string: its version (its details) and its documents. */
function leadStateOf(lead: Pick<Lead, 'version'>, documents: ReadonlyArray<Pick<LeadDocument, 'id'>>): string {
  return `${lead.version}:${documents.map((d) => d.id).join(',')}`;
}

/**
 * Closure packs (DESIGN §4 ClosurePack, §5 `installation_completed → closed`; issue #5). Generating
 * one is one use case: the ZIP is built and streamed to storage first (it can take a while, and
 * must not hold a transaction open), then one transaction re-checks the installation (a
 * compare-and-set on the version read while gathering), writes the StoredFile and ClosurePack
 * rows, closes the installation and the lead and records `closure_pack_generated`. Either all of
 * that exists or none does: when the transaction fails the ZIP is removed again unless its row
 * exists after all (a COMMIT whose answer was lost: {@link discardUnlessRecorded}), or, if even the
 * removal fails, by the storage sweep, since no row references it.
 */
@Injectable()
export class ClosurePacksService {
  private readonly logger = new Logger('ClosurePacksService');

  constructor(
    @InjectRepository(ClosurePack) private readonly packs: Repository<ClosurePack>,
    private readonly installations: InstallationsService,
    private readonly timeline: LeadTimeline,
    private readonly storage: FileStorage,
    private readonly signing: ClosurePackSigning,
    @InjectConfig() private readonly config: AppConfig,
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
    const packId = randomUUID();
    const gathered = await this.installations.perform(actor, id, 'close', ifMatch, async (em, installation) => {
      this.requireLeadReady(installation);
      return { version: installation.version, ...(await this.gather(em, actor, installation, packId)) };
    });
    let built: BuiltClosurePack;
    try {
      built = await buildClosurePack(this.storage, gathered.summary, gathered.files, { prefix: CLOSURE_PACK_PREFIX, sign: this.signing.sign, keyId: this.signing.keyId });
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
        // A lead whose details or documents changed meanwhile: the pack may be stale too. Its row lock
        // orders this check with a document's upload or delete (LeadsRepository.lockVisible), which then finds it closed.
        const lead = await findForUpdate(em, Lead, { id: installation.leadId });
        const documents = await em.getRepository(LeadDocument).find({ where: { leadId: installation.leadId }, select: { id: true }, order: { uploadedAt: 'ASC', id: 'ASC' } });
        if (!lead || leadStateOf(lead, documents) !== gathered.leadState) {
          throw new AppException(409, 'LEAD_CHANGED', "The lead's details or documents changed while its closure pack was built; generate it again");
        }
        // The time printed in the PDF's footer and written into the manifest.
        const now = gathered.summary.generatedAt;
        const file = await recordStoredFile(em, { ...built, contentType: 'application/zip', originalName: `closure-pack-${installation.installationId}.zip` }, actor.userId, now);
        await em.getRepository(ClosurePack).insert({
          id: packId,
          leadId: installation.leadId,
          installationId: installation.id,
          fileId: file.id,
          generatedById: actor.userId,
          generatedAt: now,
          sharedAt: null,
          zipSha256: built.sha256,
          manifestSha256: built.manifestSha256,
        });
        await this.installations.event(em, actor, installation, 'closure_pack_generated', {
          fileId: file.id,
          packId,
          sizeBytes: built.sizeBytes,
          sha256: built.sha256,
          entries: built.manifest.files.length,
        });
        await this.timeline.applyTransition(em, actor, installation.lead, 'closed', { data: { installationId: installation.installationId } });
      });
    } catch (error) {
      // Not a plain delete: the installation is closed once the row is there, and the pack could never be built again.
      await discardUnlessRecorded(this.packs.manager, this.storage, built.key, this.logger);
      throw error;
    }
    return this.installations.get(actor, id);
  }

  /**
   * The pack's ZIP for the owning OEM, admin and Central Ops (others: 404, so an OEM learns nothing
   * of another OEM's installations). `sharedAt` is set by the OEM's first GET answered with bytes
   * (200 or 206): a HEAD, a 304, a 416 or a 410 delivered nothing, so the pack is not shared yet.
   * @param method the request's method (`GET`, or `HEAD`, which Fastify serves through the GET route)
   * @throws 404 CLOSURE_PACK_NOT_FOUND; 410 FILE_PURGED; 416
   */
  async content(actor: Actor, installationId: string, conditions: DownloadConditions, method = 'GET'): Promise<FileDownload> {
    const qb = this.packs.createQueryBuilder('pack').innerJoinAndSelect('pack.file', 'file').innerJoin('pack.lead', 'lead').where('pack.installationId = :installationId', { installationId });
    if (actor.role === 'oem') qb.andWhere('lead.oemId = :oemId', { oemId: actor.userId });
    else if (actor.role !== 'admin' && actor.role !== 'central_ops') qb.andWhere('1 = 0');
    const pack = await qb.getOne();
    if (!pack) throw new NotFoundProblem('Closure pack', installationId);
    const download = await openDownload(this.storage, pack.file, conditions);
    if (actor.role === 'oem' && pack.sharedAt === null && method === 'GET' && (download.status === 200 || download.status === 206)) {
      try {
        await this.packs.createQueryBuilder().update(ClosurePack).set({ sharedAt: new Date() }).where('id = :id AND shared_at IS NULL', { id: pack.id }).execute();
      } catch (error) {
        download.getStream().destroy(); // releases the opened file
        throw error;
      }
    }
    return download;
  }

  /**
   * Whether this server issued a pack (issue #16, item 4), looked up by the SHA-256 of its ZIP or
   * of its manifest.json, or by its id; public, so the answer holds ids, the time and hashes only.
   * @throws 400 VALIDATION_FAILED naming `sha256`/`packId` unless exactly one is given
   */
  async verify(query: VerifyClosurePackQueryDto): Promise<ClosurePackVerificationDto> {
    const given = (['sha256', 'packId'] as const).filter((field) => query[field] !== undefined);
    if (given.length !== 1) {
      const message = given.length ? 'give either sha256 or packId, not both' : 'sha256 or packId is required';
      throw new AppException(400, 'VALIDATION_FAILED', `Bad query: ${message}`, { errors: (given.length ? given : ['sha256', 'packId']).map((field) => ({ field, message })) });
    }
    return this.issued(query);
  }

  /**
   * Checks a pack's manifest.sig against its manifest.json with every key this server signed packs
   * with (issue #16, item 4; key rotation): the key manifest.json names first, then the others (a
   * pack issued before manifests named their key has none). Answers which key verified, and, as
   * {@link verify} by the manifest's SHA-256, whether this server issued the pack.
   * @param dto both files' bytes, base64
   * @throws 400 VALIDATION_FAILED naming `signature` unless it is 64 bytes (Ed25519), or `manifest`
   *         unless it is a JSON object (the base64 of another file)
   */
  async verifySignature(dto: VerifyClosurePackSignatureDto): Promise<ClosurePackSignatureVerificationDto> {
    const manifest = Buffer.from(dto.manifest, 'base64');
    const signature = Buffer.from(dto.signature, 'base64');
    if (signature.length !== 64) throw new ValidationProblem([{ field: 'signature', message: `signature must be manifest.sig's 64 bytes (Ed25519), base64; got ${signature.length} bytes` }]);
    let parsed: unknown;
    try {
      parsed = JSON.parse(manifest.toString('utf8'));
    } catch {
      parsed = undefined;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new ValidationProblem([{ field: 'manifest', message: "manifest must be manifest.json's bytes, base64; these are not a JSON object" }]);
    }
    const named = (parsed as { keyId?: unknown }).keyId;
    const manifestKeyId = typeof named === 'string' ? named : null;
    const key = this.signing.verify(manifest, signature, manifestKeyId ?? undefined);
    const issued = await this.issued({ sha256: createHash('sha256').update(manifest).digest('hex') });
    return { signatureValid: key !== null, keyId: key?.keyId ?? null, manifestKeyId, ...issued };
  }

  /**
   * A public key that checks `manifest.sig`, SPKI PEM: the current one, or the one `keyId` names
   * (manifest.json's `keyId`; a previous key's too).
   * @throws 404 CLOSURE_PACK_KEY_NOT_FOUND when no key of this server has that id
   */
  signingKey(keyId?: string): string {
    if (keyId === undefined) return this.signing.publicKeyPem;
    const key = this.signing.publicKey(keyId);
    if (!key) throw new NotFoundProblem('Closure pack key', keyId);
    return key.publicKeyPem;
  }

  /** Every public key this server signed packs with: the current one first, then the previous ones (`CLOSURE_PACK_PREVIOUS_PUBLIC_KEYS`). */
  signingKeys(): ClosurePackSigningKeysDto {
    return { keys: this.signing.keys.map(({ keyId, current, publicKeyPem }) => ({ keyId, current, publicKeyPem })) };
  }

  /** The issued pack with this id, or with this SHA-256 of its ZIP or manifest.json, as {@link verify} answers it. */
  private async issued(by: { packId?: string; sha256?: string }): Promise<ClosurePackVerificationDto> {
    const qb = this.packs
      .createQueryBuilder('pack')
      .innerJoin('pack.installation', 'installation')
      .select(['pack.id', 'pack.generatedAt', 'pack.zipSha256', 'pack.manifestSha256', 'installation.id', 'installation.installationId']);
    if (by.packId) qb.where('pack.id = :id', { id: by.packId });
    else qb.where('pack.zipSha256 = :sha OR pack.manifestSha256 = :sha', { sha: by.sha256 });
    const pack = await qb.getOne();
    if (!pack) return { issued: false };
    return {
      issued: true,
      packId: pack.id,
      installationId: pack.installation.installationId,
      generatedAt: pack.generatedAt,
      zipSha256: pack.zipSha256,
      manifestSha256: pack.manifestSha256,
    };
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
   * Reads everything the pack holds, in the transaction of the first check, and passes what
   * summary.pdf prints through the OEM audience policy (`leads/audience/oem-audience.ts`): the
   * timeline is the OEM's, teams and roles stand for staff. `named` maps each stored file's key to
   * its path in the pack and its StoredFile id, for error answers.
   */
  private async gather(
    em: EntityManager,
    actor: Actor,
    installation: Installation,
    packId: string,
  ): Promise<{ summary: ClosurePackSummary; files: ClosurePackFile[]; named: Map<string, { path: string; fileId: string }>; leadState: string }> {
    const lead = installation.lead;
    // One after another: the queries share the transaction's connection (pg queues, and warns about, concurrent ones).
    const survey = await em.getRepository(Survey).findOneByOrFail({ id: installation.surveyId });
    const surveyReport = await em.getRepository(SurveyReport).findOne({ where: { surveyId: installation.surveyId } });
    const surveyTeam = await em.getRepository(SurveyAssignment).findOne({ where: { surveyId: installation.surveyId, isPrimary: true, status: 'completed' }, relations: { team: true } });
    const report = await em.getRepository(InstallationReport).findOneOrFail({ where: { installationId: installation.id }, relations: { customerSignature: true } });
    const primary = await em.getRepository(InstallationAssignment).findOne({ where: { installationId: installation.id, isPrimary: true, status: 'completed' }, relations: { team: true } });
    const documents = await em.getRepository(LeadDocument).find({ where: { leadId: lead.id }, relations: { file: true }, order: { uploadedAt: 'ASC', id: 'ASC' } });
    const leadState = leadStateOf(lead, documents);
    const surveyMedia = await em.getRepository(SurveyMedia).find({ where: { surveyId: installation.surveyId }, relations: { file: true }, order: { uploadedAt: 'ASC', id: 'ASC' } });
    const installationMedia = await em.getRepository(InstallationMedia).find({ where: { installationId: installation.id }, relations: { file: true }, order: { uploadedAt: 'ASC', id: 'ASC' } });
    const oem = await em.getRepository(User).findOne({ where: { id: lead.oemId }, select: { id: true, fullName: true } });
    const oemName = oem?.fullName ?? 'OEM';
    const timeline = await this.timeline.oemTimeline(em, lead.id, oemName);
    const steps = await em.getRepository(LeadEvent).find({ where: { leadId: lead.id }, select: { id: true, type: true, data: true, createdAt: true }, order: { id: 'ASC' } });
    const named = new Map<string, { path: string; fileId: string }>();
    const stored = (path: string, file: StoredFile): ClosurePackFile => {
      named.set(file.storageKey, { path, fileId: file.id });
      return { path, storageKey: file.storageKey, sizeBytes: file.sizeBytes, sha256: file.sha256, contentType: file.contentType };
    };
    const files: ClosurePackFile[] = [
      ...documents.map((d, i) => stored(`lead-documents/${packEntryName(`${two(i + 1)}-${d.documentType}-`, d.file.originalName)}`, d.file)),
      ...surveyMedia.map((m, i) => stored(`survey-media/${packEntryName(`${two(i + 1)}-${m.mediaType}-`, m.file.originalName)}`, m.file)),
      ...installationMedia.map((m, i) => stored(`installation-media/${packEntryName(`${two(i + 1)}-${m.mediaType}-`, m.file.originalName)}`, m.file)),
    ];
    const signature = report.customerSignature;
    if (signature) files.push(stored(`signature/customer-signature.${signature.contentType === 'image/png' ? 'png' : 'jpg'}`, signature));

    // When the work was actually done: the latest start and completion of this installation.
    const ofThisInstallation = (type: string) => steps.filter((e) => e.type === type && e.data?.installationUuid === installation.id).at(-1)?.createdAt ?? null;
    const generatedAt = new Date();
    // The closure this pack performs, as the OEM's timeline will show it once the transaction commits.
    const closing = await this.closingEntries(em, actor, installation, oemName, generatedAt);
    const summary: ClosurePackSummary = {
      packId,
      generatedAt,
      verifyUrl: `${this.config.publicBaseUrl}/api/v1/closure-packs/verify?packId=${packId}`,
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
        oemName,
        externalRef: lead.externalRef,
        createdAt: lead.createdAt,
      },
      survey: {
        surveyId: survey.surveyId,
        scheduledDate: survey.scheduledDate,
        scheduledTimeSlot: survey.scheduledTimeSlot,
        teamName: surveyTeam ? `Field team ${surveyTeam.team.name}` : null,
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
        },
      },
      installation: {
        installationId: installation.installationId,
        scheduledDate: installation.scheduledDate,
        scheduledTimeSlot: installation.scheduledTimeSlot,
        teamName: primary ? `Field team ${primary.team.name}` : null,
        doneOn: { startedAt: ofThisInstallation('installation_in_progress'), completedAt: ofThisInstallation('installation_completed') },
        report: {
          chargerSerialNumber: report.chargerSerialNumber,
          chargerModel: report.chargerModel,
          installationSuccessful: report.installationSuccessful,
          demoGiven: report.demoGiven,
          issuesEncountered: report.issuesEncountered,
          generalNotes: report.generalNotes,
          submittedAt: report.submittedAt,
        },
      },
      photos: pickPhotos(surveyMedia, installationMedia),
      signature: signature ? { storageKey: signature.storageKey, contentType: signature.contentType as 'image/png' | 'image/jpeg' } : null,
      timeline: [...timeline, ...closing].map(({ at, label, actorName, detail }) => ({ at, label, actorName, detail })),
    };
    return { summary, files, named, leadState };
  }

  /**
   * The two entries generating the pack adds to the timeline (`closure_pack_generated`, then the
   * lead's `installation_completed → closed`), through the same policy as the stored ones, so the
   * PDF's timeline ends with the closure it documents.
   */
  private async closingEntries(em: EntityManager, actor: Actor, installation: Installation, oemName: string, at: Date) {
    const base = { actorUserId: actor.userId, actorApiKeyId: actor.apiKeyId, createdAt: at } as const;
    const events: LeadEventFacts[] = [
      { ...base, id: -2, type: 'closure_pack_generated', fromStatus: null, toStatus: null, data: { installationId: installation.installationId } },
      { ...base, id: -1, type: 'status_changed', fromStatus: 'installation_completed', toStatus: 'closed', data: { installationId: installation.installationId } },
    ];
    const facts = await loadActorFacts(em, events);
    return events.map((event) => toOemTimelineEntry(event, facts.get(event.id) ?? null, oemName)!);
  }
}

type Media = { mediaType: string; caption: string; uploadedAt: Date; file: StoredFile };

/**
 * Up to six photos for summary.pdf's thumbnails: the installation's first (the charger as
 * installed, up to four), then the site survey's, then any more of the installation's; videos and
 * anything not an image are left to the ZIP.
 */
function pickPhotos(surveyMedia: Media[], installationMedia: Media[]): ClosurePackSummary['photos'] {
  const photo = (m: Media) => m.mediaType === 'photo' && m.file.contentType.startsWith('image/');
  const installed = installationMedia.filter(photo).map((m) => ({ storageKey: m.file.storageKey, caption: m.caption, section: 'Installation', takenAt: m.uploadedAt }));
  const site = surveyMedia.filter(photo).map((m) => ({ storageKey: m.file.storageKey, caption: m.caption, section: 'Site', takenAt: m.uploadedAt }));
  const first = installed.slice(0, 4);
  const fromSite = site.slice(0, 6 - first.length);
  return [...first, ...fromSite, ...installed.slice(4)].slice(0, 6);
}
