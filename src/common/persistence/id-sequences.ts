import type { EntityManager } from 'typeorm';

/**
 * Advances the counter `name` by one and returns the new value (1 for a new counter), as one
 * atomic upsert that both SQLite (≥ 3.35) and PostgreSQL run the same way. Call it inside the
 * use case's transaction: on PostgreSQL the row stays locked until COMMIT, so concurrent callers
 * get consecutive values and a rolled-back caller leaves no gap; SQLite transactions are queued
 * (TransactionRunner), which gives the same result.
 */
export async function nextSequenceValue(em: EntityManager, name: string): Promise<number> {
  const placeholder = em.connection.options.type === 'postgres' ? '$1' : '?';
  const rows = (await em.query(
    `INSERT INTO id_sequences (name, value) VALUES (${placeholder}, 1) ON CONFLICT (name) DO UPDATE SET value = id_sequences.value + 1 RETURNING value`,
    [name],
  )) as { value: number | string }[];
  return Number(rows[0].value);
}
