import type { EntityManager, EntityTarget } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { AppException } from './problem.js';
import type { ProblemCode } from './problem-codes.js';

/** The resources that carry an optimistic-lock `version` and answer with `ETag: W/"<version>"` (DESIGN §6). */
export type VersionedResource = 'lead' | 'survey' | 'installation';

/** `LEAD_CHANGED` and the like; each resource's module lists its two codes in its errors file. */
const code = <W extends 'PRECONDITION_FAILED' | 'CHANGED'>(resource: VersionedResource, what: W) =>
  `${resource.toUpperCase() as Uppercase<VersionedResource>}_${what}` satisfies ProblemCode;

/**
 * Parses `If-Match: W/"3"` (or `"3"`, `3`) into a version; absence and `*` mean "any".
 * @throws 412 <RESOURCE>_PRECONDITION_FAILED for a value that is no version of ours
 */
export function parseIfMatch(header: string | undefined, resource: VersionedResource): number | undefined {
  const value = header?.trim();
  if (!value || value === '*') return undefined;
  const match = value.match(/^(?:W\/)?"?(\d+)"?$/);
  if (!match) throw new AppException(412, code(resource, 'PRECONDITION_FAILED'), 'If-Match does not hold an ETag this API sent');
  return Number(match[1]);
}

/** 412 <RESOURCE>_PRECONDITION_FAILED: If-Match named another version than `current`. */
export function staleVersion(resource: VersionedResource, current: number): AppException {
  return new AppException(412, code(resource, 'PRECONDITION_FAILED'), `The ${resource} has changed (now version ${current}); reload it and retry`, { currentVersion: current });
}

/** 409 <RESOURCE>_CHANGED: another request changed the row between this request's read and its write. */
export function changedMeanwhile(resource: VersionedResource): AppException {
  return new AppException(409, code(resource, 'CHANGED'), `The ${resource} changed while this request ran; reload it and retry`);
}

/**
 * Compare-and-set on a row's `version` (also for changes that keep every other column, so that
 * concurrent changes to a job's assignments serialise too): `set`, `version + 1` and `updatedAt`
 * only if the version is still the one read; updates `row` in memory.
 * @throws 409 <RESOURCE>_CHANGED when another request changed the row since it was read
 */
export async function advanceVersion<E extends { id: string; version: number }>(
  em: EntityManager,
  entity: EntityTarget<E>,
  row: E,
  set: Partial<E>,
  resource: VersionedResource,
): Promise<void> {
  const result = await em
    .createQueryBuilder()
    .update(entity)
    .set({ ...set, version: () => 'version + 1', updatedAt: new Date() } as unknown as QueryDeepPartialEntity<E>)
    .where('id = :id AND version = :version', { id: row.id, version: row.version })
    .execute();
  if (result.affected !== 1) throw changedMeanwhile(resource);
  Object.assign(row, set, { version: row.version + 1 });
}
