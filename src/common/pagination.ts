import type { SelectQueryBuilder } from 'typeorm';
import { AppException } from './problem.js';

// The query DTO moved to page-query.dto.ts (the swagger plugin only reads *.dto.ts); re-exported for existing imports.
export { PageQueryDto } from './page-query.dto.js';

/** Position after the last row of a page ordered by (createdAt DESC, id DESC). */
export interface KeysetPosition {
  createdAt: Date;
  id: string;
}

/** Encodes a keyset position as an opaque base64url token. */
export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([position.createdAt.toISOString(), position.id])).toString('base64url');
}

/** @throws 400 INVALID_CURSOR when the token was not made by {@link encodeCursor}. */
export function decodeCursor(cursor: string): KeysetPosition {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const date = new Date(createdAt);
    // Ids are UUIDs: anything else would reach the database (PostgreSQL rejects it with a 500).
    if (typeof id !== 'string' || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id) || Number.isNaN(date.getTime())) throw new Error('bad cursor');
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

/**
 * Runs a list query as one keyset page in upload order (oldest first): `alias.uploadedAt ASC,
 * alias.id ASC`, the cursor after the previous page's last row, `total` only when asked for. Used
 * by lead documents and survey/installation media (DESIGN §6 keyset pagination).
 * @throws 400 INVALID_CURSOR
 */
export async function pageByUploadedAt<E extends { id: string; uploadedAt: Date }, R>(
  qb: SelectQueryBuilder<E>,
  alias: string,
  query: { limit: number; cursor?: string; withTotal?: boolean },
  map: (row: E) => R,
): Promise<Page<R>> {
  const total = query.withTotal ? await qb.getCount() : undefined;
  if (query.cursor) {
    const after = decodeCursor(query.cursor);
    qb.andWhere(`(${alias}.uploadedAt > :afterAt OR (${alias}.uploadedAt = :afterAt AND ${alias}.id > :afterId))`, { afterAt: after.createdAt, afterId: after.id });
  }
  const rows = await qb.orderBy(`${alias}.uploadedAt`, 'ASC').addOrderBy(`${alias}.id`, 'ASC').limit(query.limit + 1).getMany();
  const data = rows.slice(0, query.limit);
  const last = data[data.length - 1];
  return {
    data: data.map(map),
    nextCursor: rows.length > query.limit ? encodeCursor({ createdAt: last.uploadedAt, id: last.id }) : null,
    ...(total !== undefined && { total }),
  };
}
