import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Request } from 'express';
import type { EntityManager, Repository, SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { decodeCursor, encodeCursor, type Page } from '../common/pagination.js';
import { NotFoundProblem } from '../common/problem.js';
import type { AppConfig } from '../config/config.js';
import { InjectConfig } from '../config/config.module.js';
import { TransactionRunner } from '../database/transactions.js';
import { StoredFile } from '../documents/entities/stored-file.entity.js';
import { FileStorage } from '../documents/storage/file-storage.js';
import { type DownloadConditions, type FileDownload, openDownload } from '../documents/upload/file-download.js';
import { type ReceivedFile, uploadTooLarge, UploadReceiver } from '../documents/upload/upload-receiver.service.js';
import { LeadsService } from '../leads/leads.service.js';
import { type SurveyMediaQueryDto, type SurveyMediaResponseDto, toSurveyMediaResponse, type UploadSurveyMediaDto } from './dto/survey-media.dto.js';
import { SurveyMedia } from './entities/survey-media.entity.js';
import type { Survey } from './entities/survey.entity.js';
import { mediaTypeOf, SURVEY_MEDIA_UPLOAD } from './survey-media.policy.js';
import { SurveysService } from './surveys.service.js';

/**
 * Survey photos and videos (DESIGN §4 SurveyMedia, §6 uploads and downloads). Uploads go through
 * the documents module's UploadReceiver and FileStorage: streamed to storage with the type sniffed
 * from the bytes and the size limits enforced; the StoredFile and SurveyMedia rows and the
 * `survey_media_uploaded` event are then written in one transaction, and the file is removed
 * again when that fails (or by the storage sweep). Reads follow the survey's visibility.
 */
@Injectable()
export class SurveyMediaService {
  private readonly logger = new Logger('SurveyMediaService');

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    @InjectRepository(SurveyMedia) private readonly media: Repository<SurveyMedia>,
    private readonly tx: TransactionRunner,
    private readonly surveys: SurveysService,
    private readonly leads: LeadsService,
    private readonly receiver: UploadReceiver,
    private readonly storage: FileStorage,
  ) {}

  /**
   * A member of the primary team adds a photo or video while the survey is in progress or
   * submitted. Checked before a byte of the body is read, and again in the transaction.
   * @throws 404; 403 SURVEY_NOT_PRIMARY_TEAM; 409 SURVEY_INVALID_TRANSITION;
   *         400, 413 (photo over 15 MB, video over 200 MB), 415 from the upload validation
   */
  async upload(actor: Actor, surveyId: string, req: Request): Promise<SurveyMediaResponseDto> {
    await this.surveys.requirePrimaryWork(actor, surveyId, 'media');
    const { fields, file } = await this.receiver.receive(req, SURVEY_MEDIA_UPLOAD);
    let mediaId: string;
    try {
      const mediaType = mediaTypeOf(file.contentType);
      if (mediaType === 'photo' && file.sizeBytes > this.config.uploadLimits.photo) throw uploadTooLarge('photo', this.config.uploadLimits.photo);
      mediaId = await this.tx.run(async (em) => {
        const survey = await this.surveys.requirePrimaryWork(actor, surveyId, 'media', em);
        return this.record(em, actor, survey, fields, file);
      });
    } catch (error) {
      await this.storage.delete(file.key).catch((err: unknown) => this.logger.warn({ err, storageKey: file.key }, 'Could not remove a stored file; the storage sweep will'));
      throw error;
    }
    return toSurveyMediaResponse(await this.findMedia(actor, surveyId, mediaId));
  }

  /** The survey's media, oldest first, keyset-paged. @throws 404 SURVEY_NOT_FOUND */
  async list(actor: Actor, surveyId: string, query: SurveyMediaQueryDto): Promise<Page<SurveyMediaResponseDto>> {
    await this.surveys.findVisible(actor, surveyId);
    const qb = this.withFile(this.media.createQueryBuilder('media')).where('media.surveyId = :surveyId', { surveyId });
    const total = query.withTotal ? await qb.getCount() : undefined;
    if (query.cursor) {
      const after = decodeCursor(query.cursor);
      qb.andWhere('(media.uploadedAt > :afterAt OR (media.uploadedAt = :afterAt AND media.id > :afterId))', { afterAt: after.createdAt, afterId: after.id });
    }
    const rows = await qb.orderBy('media.uploadedAt', 'ASC').addOrderBy('media.id', 'ASC').limit(query.limit + 1).getMany();
    const data = rows.slice(0, query.limit);
    const last = data[data.length - 1];
    return {
      data: data.map(toSurveyMediaResponse),
      nextCursor: rows.length > query.limit ? encodeCursor({ createdAt: last.uploadedAt, id: last.id }) : null,
      ...(total !== undefined && { total }),
    };
  }

  /**
   * The media file's bytes (ETag = SHA-256, one Range, If-None-Match), as lead documents download.
   * @throws 404 SURVEY_NOT_FOUND / SURVEY_MEDIA_NOT_FOUND; 416
   */
  async content(actor: Actor, surveyId: string, mediaId: string, conditions: DownloadConditions): Promise<FileDownload> {
    const media = await this.findMedia(actor, surveyId, mediaId);
    return openDownload(this.storage, media.file, conditions);
  }

  private async record(em: EntityManager, actor: Actor, survey: Survey, fields: UploadSurveyMediaDto, received: ReceivedFile): Promise<string> {
    const now = new Date();
    const files = em.getRepository(StoredFile);
    const file = await files.save(
      files.create({
        storageKey: received.key,
        originalName: received.originalName,
        contentType: received.contentType,
        sizeBytes: received.sizeBytes,
        sha256: received.sha256,
        uploadedById: actor.userId,
        createdAt: now,
      }),
    );
    const repo = em.getRepository(SurveyMedia);
    const media = await repo.save(
      repo.create({ surveyId: survey.id, mediaType: mediaTypeOf(file.contentType), fileId: file.id, caption: fields.caption ?? '', uploadedById: actor.userId, uploadedAt: now }),
    );
    await this.leads.recordEvent(em, actor, survey.leadId, {
      type: 'survey_media_uploaded',
      data: { surveyId: survey.surveyId, surveyUuid: survey.id, mediaId: media.id, mediaType: media.mediaType, fileName: file.originalName, contentType: file.contentType, sizeBytes: file.sizeBytes, sha256: file.sha256 },
    });
    return media.id;
  }

  /** A media row of a survey the actor may see, with its file and uploader. @throws 404 */
  private async findMedia(actor: Actor, surveyId: string, mediaId: string): Promise<SurveyMedia> {
    await this.surveys.findVisible(actor, surveyId);
    const media = await this.withFile(this.media.createQueryBuilder('media')).where('media.id = :mediaId AND media.surveyId = :surveyId', { mediaId, surveyId }).getOne();
    if (!media) throw new NotFoundProblem('Survey media', mediaId);
    return media;
  }

  private withFile(qb: SelectQueryBuilder<SurveyMedia>): SelectQueryBuilder<SurveyMedia> {
    return qb.innerJoinAndSelect('media.file', 'file').innerJoin('media.uploadedBy', 'uploadedBy').addSelect(['uploadedBy.id', 'uploadedBy.fullName']);
  }
}
