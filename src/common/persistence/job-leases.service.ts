import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../clock.service.js';
import { JobLease } from './job-lease.entity.js';

/**
 * Database leases for scheduled jobs (issue 18 item 3: "scheduled jobs never run twice at once
 * across replicas"). A lease is a `job_leases` row; a process takes it with one conditional
 * UPDATE (`… WHERE name = ? AND expires_at <= now`), which every database decides
 * atomically, so of two claims at once (two replicas, or two calls in one) exactly one wins. Needs nothing but
 * the database the replicas already share.
 */
@Injectable()
export class JobLeases {
  /** This process, as a lease holder. */
  readonly holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * Takes the lease `name` for `ttlMs` milliseconds if nobody holds an unexpired one.
   * @returns true when this call took it; false when it is held (by another process or an earlier call)
   */
  async acquire(name: string, ttlMs: number): Promise<boolean> {
    const now = new Date(this.clock.now());
    const expiresAt = new Date(now.getTime() + ttlMs);
    const taken = await this.dataSource.createQueryBuilder().update(JobLease).set({ holder: this.holder, expiresAt }).where('name = :name AND expires_at <= :now', { name, now }).execute();
    if (taken.affected) return true;
    if (await this.dataSource.getRepository(JobLease).existsBy({ name })) return false;
    // The job's first run anywhere: whoever inserts the row holds it; the other insert fails on the key.
    try {
      await this.dataSource.getRepository(JobLease).insert({ name, holder: this.holder, expiresAt });
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Sets when a lease this process holds ends: now (`release`, so another may run the job at once)
   * or later (to keep the others off until the job is next due). No effect on a lease another holds.
   */
  async holdUntil(name: string, until: Date): Promise<void> {
    await this.dataSource.createQueryBuilder().update(JobLease).set({ expiresAt: until }).where('name = :name AND holder = :holder', { name, holder: this.holder }).execute();
  }

  /** Ends a lease this process holds now. */
  release(name: string): Promise<void> {
    return this.holdUntil(name, new Date(this.clock.now()));
  }

  /**
   * Runs `job` only if this process gets the lease `name`, renewing it every `ttlMs / 3` while the
   * job runs (a long sweep keeps it; a process killed mid-run loses it `ttlMs` later).
   * Afterwards the lease is kept until `nextDueMs` from the start, so the other replicas' timers
   * skip the job until it is due again (once per interval across the fleet); a failed run releases
   * it at once so another replica may retry.
   * @returns whether the job ran here; rethrows the job's error
   */
  async runExclusive(name: string, options: { ttlMs: number; nextDueMs?: number }, job: () => Promise<unknown>): Promise<boolean> {
    const started = this.clock.now();
    if (!(await this.acquire(name, options.ttlMs))) return false;
    const renewal = setInterval(() => void this.holdUntil(name, new Date(this.clock.now() + options.ttlMs)).catch(() => undefined), Math.max(1000, options.ttlMs / 3));
    renewal.unref();
    try {
      await job();
    } catch (error) {
      clearInterval(renewal);
      await this.release(name).catch(() => undefined);
      throw error;
    }
    clearInterval(renewal);
    await this.holdUntil(name, new Date(Math.max(this.clock.now(), started + (options.nextDueMs ?? 0))));
    return true;
  }
}
