import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { AppException } from './problem.js';
import { isUuid } from './uuid.js';
import { isStorableInstant } from './validators.js';
import type { ShapedQuery } from './persistence/query-templates.js';
import { type Dialect, unseenParameter } from './persistence/dialect.js';

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

/**
 * The position a token of {@link encodeCursor} holds.
 * @throws 400 INVALID_CURSOR when the token was not made by {@link encodeCursor}: not base64url
 *   JSON of `[time, uuid]`, or a time that is not a date within the years 0001–9999
 */
export function decodeCursor(cursor: string): KeysetPosition {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const date = new Date(createdAt);
    // Ids are UUIDs and times within years 0001–9999: anything else would reach the database
    // (PostgreSQL rejects a malformed uuid, or a timestamp such as year -5000, with a 500).
    if (!isUuid(id) || !isStorableInstant(date)) throw new Error('bad cursor');
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
  /** The row's id, for the next cursor; needed when rows are not objects with an `id` (the export's cell arrays). */
  idOf?: (row: E) => string;
  /**
   * Also bound the time column itself (`time <= cursor` for DESC): implied by the rest, but it
   * lets both databases start the index range at the cursor instead of filtering every newer row.
   */
  boundTime?: boolean;
  /**
   * For a page run as a prepared statement: the cursor's values hidden from the planner
   * ({@link unseenParameter} on this dialect, compared as these SQL types), so that PostgreSQL
   * keeps the statement's generic plan instead of planning it for every cursor.
   */
  unseenCursor?: { dialect: Dialect; time: string; id: string };
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
/** As above, with rows of another type than the query's entity (`fetch` builds them; `order.idOf` reads their id if they have no `id`). */
export function keysetPage<E extends object, R, Q extends ObjectLiteral>(
  qb: SelectQueryBuilder<Q>,
  query: { limit: number; cursor?: string; withTotal?: boolean },
  order: KeysetOrder<E>,
  map: (rows: E[]) => R[] | Promise<R[]>,
  fetch: (qb: SelectQueryBuilder<Q>) => Promise<E[]>,
): Promise<Page<R>>;
export async function keysetPage<E extends object, R>(
  qb: SelectQueryBuilder<ObjectLiteral>,
  query: { limit: number; cursor?: string; withTotal?: boolean },
  order: KeysetOrder<E>,
  map: (rows: E[]) => R[] | Promise<R[]>,
  fetch: (qb: SelectQueryBuilder<ObjectLiteral>) => Promise<E[]> = (q) => q.getMany() as Promise<ObjectLiteral[]> as Promise<E[]>,
): Promise<Page<R>> {
  const total = query.withTotal ? await qb.getCount() : undefined;
  const after = keysetCondition(query, order);
  if (after) qb.andWhere(...after);
  return pageOf(await fetch(keysetOrdered(qb, query, order)), query, order, map, total);
}

/**
 * {@link keysetPage} of a shaped query (query-templates.ts `ShapedQuery`): the page is a shaped
 * query too (its shape says whether a cursor applies, the order and the limit; the cursor's values
 * are parameters), so a page of a shape seen before is read without building a query.
 * @throws 400 INVALID_CURSOR
 */
export async function keysetPageOf<S extends ShapedQuery, E extends object, R>(
  source: S,
  query: { limit: number; cursor?: string; withTotal?: boolean },
  order: KeysetOrder<E>,
  map: (rows: E[]) => R[] | Promise<R[]>,
  fetch: (page: S) => Promise<E[]>,
): Promise<Page<R>> {
  const total = query.withTotal ? await source.build().getCount() : undefined;
  const after = keysetCondition(query, order);
  const page: S = {
    ...source,
    shape: `${source.shape}\u0000${after ? after[0] : 'first'}\u0000${order.time} ${order.direction}\u0000${query.limit + 1}`,
    // Object.assign, not two spreads: keys after a spread are V8's slow path on Node 20 (docs/architecture.md, step 7).
    parameters: after ? Object.assign({}, source.parameters, after[1]) : source.parameters,
    build: () => {
      const qb = source.build();
      if (after) qb.andWhere(...after);
      return keysetOrdered(qb, query, order);
    },
  };
  return pageOf(await fetch(page), query, order, map, total);
}

/** The condition that starts a page after `query.cursor` (none on the first page), with its parameters. @throws 400 INVALID_CURSOR */
function keysetCondition(query: { cursor?: string }, order: KeysetOrder<never>): [string, ObjectLiteral] | null {
  if (!query.cursor) return null;
  const after = decodeCursor(query.cursor);
  const time = `${order.alias}.${order.time}`;
  const past = order.direction === 'DESC' ? '<' : '>';
  const unseen = order.unseenCursor;
  const at = unseen ? unseenParameter(unseen.dialect, 'keysetAt', unseen.time) : ':keysetAt';
  const id = unseen ? unseenParameter(unseen.dialect, 'keysetId', unseen.id) : ':keysetId';
  const bound = order.boundTime ? `${time} ${past}= ${at} AND ` : '';
  return [`${bound}(${time} ${past} ${at} OR (${time} = ${at} AND ${order.alias}.id ${past} ${id}))`, { keysetAt: after.createdAt, keysetId: after.id }];
}

/** `qb` in the page's order, `limit + 1` rows to know whether a next page exists. */
function keysetOrdered(qb: SelectQueryBuilder<ObjectLiteral>, query: { limit: number }, order: KeysetOrder<never>): SelectQueryBuilder<ObjectLiteral> {
  // limit(), not take(): with joins take() makes TypeORM run a SELECT DISTINCT pre-query for the
  // ids (two statements); the joins of every paged list are many-to-one, so LIMIT is exact.
  return qb.orderBy(`${order.alias}.${order.time}`, order.direction).addOrderBy(`${order.alias}.id`, order.direction).limit(query.limit + 1);
}

/** The page of the `limit + 1` rows read: the first `limit` mapped, and the cursor after them when more follow. */
async function pageOf<E extends object, R>(rows: E[], query: { limit: number }, order: KeysetOrder<E>, map: (rows: E[]) => R[] | Promise<R[]>, total: number | undefined): Promise<Page<R>> {
  const data = rows.slice(0, query.limit);
  const last = data[data.length - 1];
  return {
    data: await map(data),
    nextCursor: rows.length > query.limit ? encodeCursor({ createdAt: order.timeOf(last), id: order.idOf ? order.idOf(last) : (last as { id: string }).id }) : null,
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
