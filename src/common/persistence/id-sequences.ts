import type { EntityManager } from 'typeorm';
import { dialectOf } from './dialect.js';

/**
 * Advances the counter `name` by one and returns the new value (1 for a new counter), as one
 * atomic upsert. SQLite (≥ 3.35) and PostgreSQL run the same `INSERT … ON CONFLICT … RETURNING`;
 * MariaDB has neither, so it runs `INSERT … ON DUPLICATE KEY UPDATE` with the value passed through
 * `LAST_INSERT_ID(expr)`, which the same connection reads back (MySQL manual, "LAST_INSERT_ID()").
 * Call it inside the use case's transaction: on PostgreSQL and MariaDB the row stays locked until
 * COMMIT, so concurrent callers get consecutive values and a rolled-back caller leaves no gap;
 * SQLite transactions are queued (TransactionRunner), which gives the same result.
 * @throws Error on MariaDB outside a transaction (the read-back needs the upsert's connection)
 */
export async function nextSequenceValue(em: EntityManager, name: string): Promise<number> {
  const dialect = dialectOf(em);
  if (dialect === 'mariadb') {
    if (!em.queryRunner) throw new Error('nextSequenceValue needs the transaction of its use case on MariaDB');
    await em.query('INSERT INTO id_sequences (name, value) VALUES (?, LAST_INSERT_ID(1)) ON DUPLICATE KEY UPDATE value = LAST_INSERT_ID(value + 1)', [name]);
    const [row] = (await em.query('SELECT LAST_INSERT_ID() AS value')) as { value: number | string }[];
    return Number(row.value);
  }
  const placeholder = dialect === 'postgres' ? '$1' : '?';
  const rows = (await em.query(
    `INSERT INTO id_sequences (name, value) VALUES (${placeholder}, 1) ON CONFLICT (name) DO UPDATE SET value = id_sequences.value + 1 RETURNING value`,
    [name],
  )) as { value: number | string }[];
  return Number(rows[0].value);
}
