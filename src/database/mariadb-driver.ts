import mysql2 from 'mysql2';

/**
 * What every MariaDB session runs first, so that the hand-written SQL the three databases share
 * reads the same here: ANSI_QUOTES (`"identifier"` quoting, as SQLite and PostgreSQL; TypeORM's own
 * backticks still work), PIPES_AS_CONCAT (`||` concatenates), READ COMMITTED (PostgreSQL's default:
 * a read sees what committed before it, not the transaction's first snapshot), and UTC for
 * CURRENT_TIMESTAMP defaults (timestamps are stored as UTC everywhere).
 */
export const MARIADB_SESSION_SQL = [
  `SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',ANSI_QUOTES,PIPES_AS_CONCAT'), SESSION time_zone = '+00:00'`,
  'SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED',
];

type Pool = ReturnType<typeof mysql2.createPool>;
interface SessionConnection {
  query(sql: string, callback: (error: Error | null) => void): unknown;
  destroy(): void;
}

/**
 * mysql2 as TypeORM loads it (its `driver` option), except that each new pooled connection runs
 * {@link MARIADB_SESSION_SQL} before anything else: the pool emits `connection` before it hands the
 * connection out, and a connection runs its commands in order. A connection whose set-up fails is
 * destroyed, so the pool never hands out one with the wrong quoting.
 */
export const mariadbDriver = {
  ...mysql2,
  createPool(config: Parameters<typeof mysql2.createPool>[0]): Pool {
    const pool = mysql2.createPool(config);
    pool.on('connection', (connection) => {
      const session = connection as unknown as SessionConnection;
      for (const sql of MARIADB_SESSION_SQL) {
        session.query(sql, (error) => {
          if (error) session.destroy();
        });
      }
    });
    return pool;
  },
};
