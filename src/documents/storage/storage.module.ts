import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { StoredFile } from '../entities/stored-file.entity.js';
import { UploadReceiver } from '../upload/upload-receiver.service.js';
import { FileStorage } from './file-storage.js';
import { LocalDiskStorage } from './local-disk.storage.js';
import { StartupTemporarySweep, StorageSweeper } from './storage-sweeper.service.js';

/**
 * File storage for every module that keeps files (lead documents now; survey and installation
 * media, signatures and closure packs later): the {@link FileStorage} (local disk), the
 * {@link UploadReceiver} for multipart uploads and the {@link StorageSweeper}. Used by the server
 * and by the CLI's `sweep-storage`; the periodic sweep is scheduled by the server only, the
 * start-up sweep of temporary files ({@link StartupTemporarySweep}) runs wherever this module does.
 */
@Module({
  imports: [TypeOrmModule.forFeature([StoredFile])],
  providers: [{ provide: FileStorage, useClass: LocalDiskStorage }, UploadReceiver, StorageSweeper, StartupTemporarySweep],
  exports: [FileStorage, UploadReceiver, StorageSweeper],
})
export class StorageModule {}
