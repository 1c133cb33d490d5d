import { Injectable } from '@nestjs/common';
import { AuditLogService } from '../users/audit/audit-log.service.js';
import { User } from '../users/entities/user.entity.js';
import { hashPassword } from '../users/users.service.js';
import { TransactionRunner } from '../common/persistence/transaction-runner.service.js';
import { endSessions } from '../users/sessions.js';
import { accountSubject, LoginThrottler } from './throttling/login-throttler.service.js';

/** What {@link AdminPasswordReset.reset} did. */
export interface AdminPasswordResetResult {
  email: string;
  userId: string;
  /** True when the account was inactive and has been reactivated. */
  reactivated: boolean;
}

/** `reset` was given an e-mail address that is not an admin account's (unknown, or another role). */
export class NotAnAdminError extends Error {
  constructor(readonly email: string) {
    super(`${email} is not an admin account`);
    this.name = 'NotAnAdminError';
  }
}

/**
 * The operator's way back in when every admin is locked out or forgot the password (issue 11
 * item 4; the `reset-admin-password` CLI command). Runs against the database directly, so running
 * servers apply it like a change made through another replica: within `AUTH_CACHE_TTL_MS`.
 */
@Injectable()
export class AdminPasswordReset {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly throttler: LoginThrottler,
    private readonly audit: AuditLogService,
  ) {}

  /**
   * In one transaction: sets `password` (checked by the caller against the password policy) on the
   * admin with `email`, reactivates it, ends its sessions (refresh tokens revoked, older access
   * tokens refused) and clears its sign-in lock-out. Records `user.password_reset` (and
   * `user.reactivated`) in the audit log with no actor: a change made outside the API.
   * @throws NotAnAdminError when no account with that e-mail address has the admin role
   */
  async reset(email: string, password: string): Promise<AdminPasswordResetResult> {
    const address = email.trim().toLowerCase();
    const passwordHash = await hashPassword(password);
    return this.tx.run(async (em) => {
      const user = await em.getRepository(User).findOne({ where: { email: address }, select: { id: true, role: true, isActive: true } });
      if (!user || user.role !== 'admin') throw new NotAnAdminError(address);
      await endSessions(em, user.id, { passwordHash, isActive: true, updatedAt: new Date() });
      await this.throttler.clear(em, accountSubject(address).key);
      await this.audit.record(em, null, { action: 'user.password_reset', entityType: 'user', entityId: user.id });
      if (!user.isActive) await this.audit.record(em, null, { action: 'user.reactivated', entityType: 'user', entityId: user.id, before: { isActive: false }, after: { isActive: true } });
      return { email: address, userId: user.id, reactivated: !user.isActive };
    });
  }
}
