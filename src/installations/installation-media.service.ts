import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../common/auth/actor.js';
import { TransactionRunner } from '../common/persistence/transaction-runner.service.js';
import { JobMediaService } from '../documents/media/job-media.service.js';
import { FileStorage } from '../documents/storage/file-storage.js';
import { UploadReceiver } from '../documents/upload/upload-receiver.service.js';
import { LeadTimeline } from '../leads/lead-timeline.service.js';
import { InstallationMedia } from './entities/installation-media.entity.js';
import type { Installation } from './entities/installation.entity.js';
import { InstallationsService } from './installations.service.js';

/**
 * Installation photos and videos (seed 001 InstallationMedia): the shared {@link JobMediaService}
 * with the installation's rules: a member of the primary team adds media while the installation
 * is in progress, completed or reported (photos a phone sends late), until its closure pack closes
 * it; whoever may see it reads them.
 */
@Injectable()
export class InstallationMediaService extends JobMediaService<Installation> {
  constructor(
    dataSource: DataSource,
    tx: TransactionRunner,
    timeline: LeadTimeline,
    receiver: UploadReceiver,
    storage: FileStorage,
    private readonly installations: InstallationsService,
  ) {
    super('installation', InstallationMedia, 'installationId', { dataSource, tx, timeline, receiver, storage });
  }

  protected async requireMediaWork(actor: Actor, installationId: string, em?: EntityManager): Promise<Installation> {
    const installation = await this.installations.requireTeamWork(actor, installationId, 'media', em);
    // After the report, a new photo makes a closure pack being built meanwhile stale: its version
    // check then refuses it (409 INSTALLATION_CHANGED), and the next generation includes the photo.
    if (em && installation.status === 'report_submitted') await this.installations.advance(em, installation, {});
    return installation;
  }

  protected findJob(actor: Actor, installationId: string): Promise<Installation> {
    return this.installations.findVisible(actor, installationId);
  }

  protected eventData(installation: Installation): Record<string, unknown> {
    return { installationId: installation.installationId, installationUuid: installation.id };
  }
}
