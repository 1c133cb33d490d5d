import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../common/auth/actor.js';
import { TransactionRunner } from '../common/persistence/transaction-runner.service.js';
import { JobMediaService } from '../documents/media/job-media.service.js';
import { FileStorage } from '../documents/storage/file-storage.js';
import { UploadReceiver } from '../documents/upload/upload-receiver.service.js';
import { LeadTimeline } from '../leads/lead-timeline.service.js';
import { SurveyMedia } from './entities/survey-media.entity.js';
import type { Survey } from './entities/survey.entity.js';
import { SurveysService } from './surveys.service.js';

/**
 * Survey photos and videos (DESIGN §4 SurveyMedia): the shared {@link JobMediaService} with the
 * survey's rules: a member of the primary team adds media while the survey is in progress or
 * submitted; whoever may see the survey reads them.
 */
@Injectable()
export class SurveyMediaService extends JobMediaService<Survey> {
  constructor(
    dataSource: DataSource,
    tx: TransactionRunner,
    timeline: LeadTimeline,
    receiver: UploadReceiver,
    storage: FileStorage,
    private readonly surveys: SurveysService,
  ) {
    super('survey', SurveyMedia, 'surveyId', { dataSource, tx, timeline, receiver, storage });
  }

  protected requireMediaWork(actor: Actor, surveyId: string, em?: EntityManager): Promise<Survey> {
    return this.surveys.requirePrimaryWork(actor, surveyId, 'media', em);
  }

  protected findJob(actor: Actor, surveyId: string): Promise<Survey> {
    return this.surveys.findVisible(actor, surveyId);
  }

  protected eventData(survey: Survey): Record<string, unknown> {
    return { surveyId: survey.surveyId, surveyUuid: survey.id };
  }
}
