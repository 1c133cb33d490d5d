import type { LoggerService } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { StoredFile } from '../entities/stored-file.entity.js';
import type { FileStorage } from './file-storage.js';

/**
 * After the transaction that was to record a stored object failed (an upload, a closure pack):
 * removes the object unless a StoredFile row references its key after all. A COMMIT can fail on
 * the wire after the server applied it (the connection reset while its answer was on the way):
 * the rows exist then, and removing the file would leave them pointing at nothing, a download
 * answering 500 for good (DESIGN §4 StoredFile: no row without its file). So the rows are read
 * again through `em` (outside the failed transaction: the data source's manager). When they
 * reference the key, or cannot be read, the object stays; the storage sweep removes it an hour
 * later if no row references it.
 * Never throws: a failed read or removal is logged as a warning with the key.
 * @returns `removed`, `recorded` (a row references the key: kept), or `kept` (the read or the removal failed)
 */
export async function discardUnlessRecorded(em: EntityManager, storage: FileStorage, storageKey: string, logger: Pick<LoggerService, 'warn'>): Promise<'removed' | 'recorded' | 'kept'> {
  let recorded: boolean;
  try {
    recorded = await em.getRepository(StoredFile).exists({ where: { storageKey } });
  } catch (err) {
    logger.warn({ err, storageKey }, 'Could not check whether a stored file was recorded after a failed transaction; the storage sweep will remove it if not');
    return 'kept';
  }
  if (recorded) {
    logger.warn({ storageKey }, 'The transaction reported a failure but its rows were committed; the stored file stays');
    return 'recorded';
  }
  try {
    await storage.delete(storageKey);
    return 'removed';
  } catch (err) {
    logger.warn({ err, storageKey }, 'Could not remove a stored file; the storage sweep will');
    return 'kept';
  }
}
