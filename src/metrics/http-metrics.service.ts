import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { dialectOf, isServerDatabase } from '../common/persistence/dialect.js';

/** What the `onResponse` hook reads of Fastify's request (`routeOptions.url` is the route pattern). */
interface HookRequest {
  method: string;
  routeOptions?: { url?: string };
}

/** What the `onResponse` hook reads of Fastify's reply: status and milliseconds since the request arrived. */
interface HookReply {
  statusCode: number;
  elapsedTime: number;
}

/** The part of Fastify's instance this service uses. */
interface HookHost {
  addHook(name: 'onResponse', hook: (request: HookRequest, reply: HookReply, done: () => void) => void): unknown;
}

/** The counters of a pg `Pool` (node-postgres), read at scrape time. */
interface PgPoolCounts {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/** mysql2's pool keeps its counts in queues that are not public API (mysql2 3.x `lib/base/pool.js`). */
interface MysqlPoolQueues {
  _allConnections: { length: number };
  _freeConnections: { length: number };
  _connectionQueue: { length: number };
}

/** The connection pool's counts on PostgreSQL (pg) and MariaDB (mysql2); undefined on SQLite (one connection) or before the pool exists. */
function poolCounts(dataSource: DataSource): { total: number; idle: number; waiting: number } | undefined {
  const dialect = dialectOf(dataSource);
  if (dialect === 'postgres') {
    const pool = (dataSource.driver as unknown as { master?: PgPoolCounts }).master;
    return pool && { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount };
  }
  if (dialect === 'mariadb') {
    const pool = (dataSource.driver as unknown as { pool?: MysqlPoolQueues }).pool;
    return pool && { total: pool._allConnections.length, idle: pool._freeConnections.length, waiting: pool._connectionQueue.length };
  }
  return undefined;
}

/** Route label of a request that matched no route (a 404 from the router): one value, not its URL. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * The process's Prometheus registry (issue #18 item 5), one per application so several test apps in
 * one process do not share counts:
 * - the default process metrics of prom-client (CPU, memory, event-loop lag, GC, handles);
 * - `http_requests_total` (counter) and `http_request_duration_seconds` (histogram, seconds,
 *   prom-client's default buckets) by `method`, `route` and `status`. `route` is the route
 *   pattern (`/api/v1/leads/:id`), never the URL, so ids do not multiply the series; a request
 *   no route matched is `unmatched`. Recorded in Fastify's `onResponse` hook, so answers written
 *   by the problem filter, guards and the router's 404 are counted too;
 * - on PostgreSQL and MariaDB, `db_pool_connections` by `state` (`total`, `idle`, `waiting`) from the pg or mysql2 pool.
 */
@Injectable()
export class HttpMetrics implements OnModuleInit {
  readonly registry = new Registry();
  private readonly requests = new Counter({ name: 'http_requests_total', help: 'HTTP requests answered, by method, route pattern and status', labelNames: ['method', 'route', 'status'], registers: [this.registry] });
  private readonly duration = new Histogram({ name: 'http_request_duration_seconds', help: 'Time from request to response sent, in seconds, by method, route pattern and status', labelNames: ['method', 'route', 'status'], registers: [this.registry] });

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    dataSource: DataSource,
  ) {
    collectDefaultMetrics({ register: this.registry });
    if (isServerDatabase(dataSource)) {
      new Gauge({
        name: 'db_pool_connections',
        help: 'Database pool connections by state: total open, idle, and callers waiting for one',
        labelNames: ['state'],
        registers: [this.registry],
        collect() {
          const counts = poolCounts(dataSource);
          if (!counts) return;
          this.set({ state: 'total' }, counts.total);
          this.set({ state: 'idle' }, counts.idle);
          this.set({ state: 'waiting' }, counts.waiting);
        },
      });
    }
  }

  /** Adds the `onResponse` hook to the HTTP server (Fastify); nothing when there is none (the CLI). */
  onModuleInit(): void {
    const host = this.adapterHost.httpAdapter?.getInstance<HookHost>();
    host?.addHook('onResponse', (request, reply, done) => {
      this.record(request.method, request.routeOptions?.url ?? UNMATCHED_ROUTE, reply.statusCode, reply.elapsedTime / 1000);
      done();
    });
  }

  /** Counts one answered request; `seconds` from arrival to the response sent. */
  record(method: string, route: string, status: number, seconds: number): void {
    const labels = { method, route, status: String(status) };
    this.requests.inc(labels);
    this.duration.observe(labels, seconds);
  }
}
