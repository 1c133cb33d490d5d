import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { StoredFile } from '../entities/stored-file.entity.js';
import { UploadReceiver } from '../upload/upload-receiver.service.js';
import { FileStorage } from './file-storage.js';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/app-config.module.js';
import { LocalDiskStorage } from './local-disk.storage.js';
import { S3Storage } from './s3.storage.js';
import { StartupTemporarySweep, StorageSweeper } from './storage-sweeper.service.js';

/**
 * File storage for every module that keeps files (lead documents now; survey and installation
 * media, signatures and closure packs): the {@link FileStorage} (the local disk, or an S3-compatible
 * bucket when `STORAGE_URL` is set), the
 * {@link UploadReceiver} for multipart uploads and the {@link StorageSweeper}. Used by the server
 * and by the CLI's `sweep-storage`; the periodic sweep is scheduled by the server only, the
 * start-up sweep of temporary files ({@link StartupTemporarySweep}) runs wherever this module does.
 */
@Module({
  imports: [TypeOrmModule.forFeature([StoredFile])],
  providers: [
    { provide: FileStorage, inject: [APP_CONFIG], useFactory: (config: AppConfig) => (config.objectStorage ? new S3Storage(config) : new LocalDiskStorage(config)) },
    UploadReceiver, StorageSweeper, StartupTemporarySweep],
  exports: [FileStorage, UploadReceiver, StorageSweeper],
})
export class StorageModule {}
