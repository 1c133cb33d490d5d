import { Logger } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import type { DataSource, EntityManager, EntityTarget, Repository, SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../../common/auth/actor.js';
import { type Page, pageByUploadedAt } from '../../common/pagination.js';
import { NotFoundProblem } from '../../common/problem.js';
import type { TransactionRunner } from '../../common/persistence/transaction-runner.service.js';
import type { LeadTimeline } from '../../leads/lead-timeline.service.js';
import { earliestWithSameFile, recordStoredFile, type StoredFile } from '../entities/stored-file.entity.js';
import { discardUnlessRecorded } from '../storage/discard-unless-recorded.js';
import type { FileStorage } from '../storage/file-storage.js';
import { type DownloadConditions, type FileDownload, openDownload } from '../upload/file-download.js';
import type { ReceivedFile, UploadReceiver } from '../upload/upload-receiver.service.js';
import { type MediaQueryDto, type MediaRecord, type MediaResponseDto, toMediaResponse, type UploadMediaDto } from './media.dto.js';
import { mediaTypeOf, mediaUploadPolicy } from './media.policy.js';

/** A job (survey or installation) as its media need it. */
export interface MediaJob {
  id: string;
  leadId: string;
}

/** The shared services a {@link JobMediaService} works with, injected into its subclass. */
export interface JobMediaDeps {
  dataSource: DataSource;
  tx: TransactionRunner;
  timeline: LeadTimeline;
  receiver: UploadReceiver;
  storage: FileStorage;
}

type LoadedMedia = MediaRecord & { file: StoredFile; uploadedBy: { id: string; fullName: string } };

/**
 * Photos and videos of a survey or an installation (DESIGN §4 SurveyMedia / InstallationMedia,
 * §6 uploads and downloads). Uploads go through the documents module's UploadReceiver and
 * FileStorage: streamed to storage with the type sniffed from the bytes and the size limits
 * enforced; the StoredFile and media rows and the `<job>_media_uploaded` event are then written in
 * one transaction, and the file is removed again when that fails unless a row references it after
 * all ({@link discardUnlessRecorded}; otherwise by the storage sweep). Reads
 * follow the job's visibility. Subclasses say which job, how work on it is authorised and how it
 * appears on the timeline.
 */
export abstract class JobMediaService<J extends MediaJob> {
  private readonly logger: Logger;

  protected constructor(
    private readonly job: 'survey' | 'installation',
    private readonly entity: EntityTarget<MediaRecord>,
    private readonly jobColumn: 'surveyId' | 'installationId',
    private readonly deps: JobMediaDeps,
  ) {
    this.logger = new Logger(`${job === 'survey' ? 'Survey' : 'Installation'}MediaService`);
  }

  /**
   * Loads the job for adding media: visible to the actor, in a status that allows media, and the
   * actor a member of its primary team. Called before the body is read and again (with `em`) in the
   * transaction that records the upload.
   * @throws 404, 403, 409 as the job's service decides
   */
  protected abstract requireMediaWork(actor: Actor, jobId: string, em?: EntityManager): Promise<J>;

  /** Loads a job the actor may see. @throws 404 */
  protected abstract findJob(actor: Actor, jobId: string): Promise<J>;

  /** The job's identifiers on the timeline event (e.g. `{ surveyId: 'SRV-…', surveyUuid }`). */
  protected abstract eventData(job: J): Record<string, unknown>;

  /**
   * A member of the primary team adds a photo or video. Checked before a byte of the body is read,
   * and again in the transaction. A photo is decoded before it is accepted. The same file (name and
   * bytes) with the same caption sent again for the job (a phone retrying an upload whose answer it
   * lost) answers the media already stored: no second copy on the timeline or in the closure pack.
   * @throws 404; 403; 409; 400, 413 (photo over 15 MB, video over 200 MB), 415, 422 IMAGE_UNDECODABLE /
   *         IMAGE_TOO_LARGE (a photo that does not decode, or over 50 megapixels) from the upload validation
   */
  async upload(actor: Actor, jobId: string, req: IncomingMessage): Promise<MediaResponseDto> {
    await this.requireMediaWork(actor, jobId);
    const { fields, file } = await this.deps.receiver.receive(req, mediaUploadPolicy(this.job));
    let mediaId: string;
    let repeated = false;
    try {
      mediaId = await this.deps.tx.run(async (em) => {
        const job = await this.requireMediaWork(actor, jobId, em);
        const earlier = await this.storedAlready(em, job, fields, file);
        repeated = earlier !== null;
        return earlier ?? this.record(em, actor, job, fields, file);
      });
    } catch (error) {
      // Not `removeReceived`: a COMMIT whose answer was lost may have recorded the file.
      await discardUnlessRecorded(this.deps.dataSource.manager, this.deps.storage, file.key, this.logger);
      throw error;
    }
    if (repeated) await this.removeReceived(file);
    return toMediaResponse(await this.findMedia(actor, jobId, mediaId));
  }

  /** The id of the job's media with the same file name, bytes (SHA-256) and caption as this upload, or null. */
  private async storedAlready(em: EntityManager, job: J, fields: UploadMediaDto, received: ReceivedFile): Promise<string | null> {
    return earliestWithSameFile(
      em.getRepository(this.entity).createQueryBuilder('media').where(`media.${this.jobColumn} = :jobId AND media.caption = :caption`, { jobId: job.id, caption: fields.caption ?? '' }),
      'media',
      received,
    );
  }

  /** Removes a received file that no row will reference (a failure is left to the sweep). */
  private async removeReceived(file: ReceivedFile): Promise<void> {
    await this.deps.storage
      .delete(file.key)
      .catch((err: unknown) => this.logger.warn({ err, storageKey: file.key }, 'Could not remove a stored file; the storage sweep will'));
  }

  /** The job's media, oldest first, keyset-paged. @throws 404 when the job is not visible */
  async list(actor: Actor, jobId: string, query: MediaQueryDto): Promise<Page<MediaResponseDto>> {
    await this.findJob(actor, jobId);
    const qb = this.withFile(this.repository().createQueryBuilder('media')).where(`media.${this.jobColumn} = :jobId`, { jobId });
    return pageByUploadedAt(qb, 'media', query, toMediaResponse);
  }

  /**
   * The media file's bytes (ETag = SHA-256, one Range, If-None-Match), as lead documents download.
   * @throws 404 when the job or the media is not visible; 416
   */
  async content(actor: Actor, jobId: string, mediaId: string, conditions: DownloadConditions): Promise<FileDownload> {
    const media = await this.findMedia(actor, jobId, mediaId);
    return openDownload(this.deps.storage, media.file, conditions);
  }

  private async record(em: EntityManager, actor: Actor, job: J, fields: UploadMediaDto, received: ReceivedFile): Promise<string> {
    const now = new Date();
    const file = await recordStoredFile(em, received, actor.userId, now);
    const repo = em.getRepository(this.entity);
    const media = await repo.save(
      repo.create({ [this.jobColumn]: job.id, mediaType: mediaTypeOf(file.contentType), fileId: file.id, caption: fields.caption ?? '', uploadedById: actor.userId, uploadedAt: now }),
    );
    await this.deps.timeline.recordEvent(em, actor, job.leadId, {
      type: `${this.job}_media_uploaded`,
      data: { ...this.eventData(job), mediaId: media.id, mediaType: media.mediaType, fileName: file.originalName, contentType: file.contentType, sizeBytes: file.sizeBytes, sha256: file.sha256 },
    });
    return media.id;
  }

  /** A media row of a job the actor may see, with its file and uploader. @throws 404 */
  private async findMedia(actor: Actor, jobId: string, mediaId: string): Promise<LoadedMedia> {
    await this.findJob(actor, jobId);
    const media = await this.withFile(this.repository().createQueryBuilder('media'))
      .where(`media.id = :mediaId AND media.${this.jobColumn} = :jobId`, { mediaId, jobId })
      .getOne();
    if (!media) throw new NotFoundProblem(`${this.job} media` as const, mediaId);
    return media;
  }

  private repository(): Repository<MediaRecord> {
    return this.deps.dataSource.getRepository(this.entity);
  }

  private withFile(qb: SelectQueryBuilder<MediaRecord>): SelectQueryBuilder<LoadedMedia> {
    return qb.innerJoinAndSelect('media.file', 'file').innerJoin('media.uploadedBy', 'uploadedBy').addSelect(['uploadedBy.id', 'uploadedBy.fullName']) as SelectQueryBuilder<LoadedMedia>;
  }
}
