import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { AppException } from './problem.js';
import { isUuid } from './uuid.js';

// The query DTO moved to page-query.dto.ts (the swagger plugin only reads *.dto.ts); re-exported for existing imports.
export { PageQueryDto } from './page-query.dto.js';

/** Position after the last row of a page ordered by (createdAt DESC, id DESC). */
export interface KeysetPosition {
  createdAt: Date;
  id: string;
}

/**
 * Encodes a keyset position as an opaque base64url token. The time may already be its ISO 8601
 * text (a row read with timestamps as text, `leads/lead-rows.ts`).
 */
export function encodeCursor(position: KeysetPosition): string {
  const at: Date | string = position.createdAt;
  return Buffer.from(JSON.stringify([typeof at === 'string' ? at : at.toISOString(), position.id])).toString('base64url');
}

/** @throws 400 INVALID_CURSOR when the token was not made by {@link encodeCursor}. */
export function decodeCursor(cursor: string): KeysetPosition {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const date = new Date(createdAt);
    // Ids are UUIDs: anything else would reach the database (PostgreSQL rejects it with a 500).
    if (!isUuid(id) || Number.isNaN(date.getTime())) throw new Error('bad cursor');
    return { createdAt: date, id };
  } catch {
    throw new AppException(400, 'INVALID_CURSOR', 'cursor is not a cursor this API returned', { errors: [{ field: 'cursor', message: 'invalid cursor' }] });
  }
}

/** A page of results as every list route answers it. */
export interface Page<T> {
  data: T[];
  nextCursor: string | null;
  total?: number;
}

/** The order a keyset page runs in: a time column, then the id as the tie-break, both one way. */
export interface KeysetOrder<E> {
  /** The query's alias of the paged entity. */
  alias: string;
  /** The time property (`createdAt`, `uploadedAt`, `occurredAt`). */
  time: string;
  /** DESC: newest first; ASC: oldest first. */
  direction: 'ASC' | 'DESC';
  /** The row's value of {@link time}, for the next cursor. */
  timeOf: (row: E) => Date;
  /**
   * Also bound the time column itself (`time <= cursor` for DESC): implied by the rest, but it
   * lets both databases start the index range at the cursor instead of filtering every newer row.
   */
  boundTime?: boolean;
}

/**
 * Runs a list query as one keyset page (DESIGN §6 keyset pagination): ordered by `order.time` and
 * then the id, `limit + 1` rows read to know whether a next page exists, the cursor after the
 * previous page's last row, `total` (counted before the cursor applies) only when asked for. One
 * helper for every list that pages by time (leads, teams, users, audit events, documents, media).
 * @param fetch how to read the rows (default `getMany()`, the query's entities; leads read their responses straight from array rows)
 * @param map the page's rows to responses, all at once
 * @throws 400 INVALID_CURSOR
 */
export function keysetPage<E extends ObjectLiteral & { id: string }, R>(
  qb: SelectQueryBuilder<E>,
  query: { limit: number; cursor?: string; withTotal?: boolean },
  order: KeysetOrder<E>,
  map: (rows: E[]) => R[] | Promise<R[]>,
  fetch?: (qb: SelectQueryBuilder<E>) => Promise<E[]>,
): Promise<Page<R>>;
/** As above, with rows of another type than the query's entity (`fetch` builds them). */
export function keysetPage<E extends { id: string }, R, Q extends ObjectLiteral>(
  qb: SelectQueryBuilder<Q>,
  query: { limit: number; cursor?: string; withTotal?: boolean },
  order: KeysetOrder<E>,
  map: (rows: E[]) => R[] | Promise<R[]>,
  fetch: (qb: SelectQueryBuilder<Q>) => Promise<E[]>,
): Promise<Page<R>>;
export async function keysetPage<E extends { id: string }, R>(
  qb: SelectQueryBuilder<ObjectLiteral>,
  query: { limit: number; cursor?: string; withTotal?: boolean },
  order: KeysetOrder<E>,
  map: (rows: E[]) => R[] | Promise<R[]>,
  fetch: (qb: SelectQueryBuilder<ObjectLiteral>) => Promise<E[]> = (q) => q.getMany() as Promise<ObjectLiteral[]> as Promise<E[]>,
): Promise<Page<R>> {
  const { alias, direction } = order;
  const time = `${alias}.${order.time}`;
  const total = query.withTotal ? await qb.getCount() : undefined;
  if (query.cursor) {
    const after = decodeCursor(query.cursor);
    const past = direction === 'DESC' ? '<' : '>';
    const bound = order.boundTime ? `${time} ${past}= :keysetAt AND ` : '';
    qb.andWhere(`${bound}(${time} ${past} :keysetAt OR (${time} = :keysetAt AND ${alias}.id ${past} :keysetId))`, { keysetAt: after.createdAt, keysetId: after.id });
  }
  // limit(), not take(): with joins take() makes TypeORM run a SELECT DISTINCT pre-query for the
  // ids (two statements); the joins of every paged list are many-to-one, so LIMIT is exact.
  const rows = await fetch(qb.orderBy(time, direction).addOrderBy(`${alias}.id`, direction).limit(query.limit + 1));
  const data = rows.slice(0, query.limit);
  const last = data[data.length - 1];
  return {
    data: await map(data),
    nextCursor: rows.length > query.limit ? encodeCursor({ createdAt: order.timeOf(last), id: last.id }) : null,
    ...(total !== undefined && { total }),
  };
}

/**
 * {@link keysetPage} in upload order (oldest first: `alias.uploadedAt ASC, alias.id ASC`), for lead
 * documents and survey/installation media.
 * @throws 400 INVALID_CURSOR
 */
export function pageByUploadedAt<E extends { id: string; uploadedAt: Date }, R>(
  qb: SelectQueryBuilder<E>,
  alias: string,
  query: { limit: number; cursor?: string; withTotal?: boolean },
  map: (row: E) => R,
): Promise<Page<R>> {
  return keysetPage(qb, query, { alias, time: 'uploadedAt', direction: 'ASC', timeOf: (row) => row.uploadedAt }, (rows) => rows.map(map));
}
