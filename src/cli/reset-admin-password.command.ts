import { randomBytes } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Command, CommandRunner, Option } from 'nest-commander';
import { AdminPasswordReset, type AdminPasswordResetResult, NotAnAdminError } from '../auth/admin-password-reset.service.js';
import type { AppConfig } from '../config/config.js';
import { InjectConfig } from '../config/app-config.module.js';
import { CLI_OUTPUT, CliError, type CliOutput } from './cli-io.js';

/** The password policy of every account (`CreateUserDto.password`: 10–200 characters). */
const MIN_PASSWORD = 10;
const MAX_PASSWORD = 200;

/** Parsed `reset-admin-password` options. */
export interface ResetAdminPasswordOptions {
  email?: string;
}

/**
 * `reset-admin-password --email <address>`: for an operator locked out of every admin account.
 * Sets the password from `ADMIN_PASSWORD`, or generates one and prints it once; reactivates the
 * account, ends its sessions and clears its sign-in lock-out ({@link AdminPasswordReset}).
 * Running servers apply it within `AUTH_CACHE_TTL_MS`.
 * @throws CliError (exit code 1) without `--email`, for an address that is not an admin's, or an
 *   `ADMIN_PASSWORD` outside the password policy
 */
@Command({
  name: 'reset-admin-password',
  description: 'Set a new password for an admin account (ADMIN_PASSWORD, or a generated one printed once), reactivate it, end its sessions and clear its sign-in lock-out',
})
export class ResetAdminPasswordCommand extends CommandRunner {
  constructor(
    private readonly resets: AdminPasswordReset,
    @InjectConfig() private readonly config: AppConfig,
    @Inject(CLI_OUTPUT) private readonly out: CliOutput,
  ) {
    super();
  }

  async run(_args: string[], options: ResetAdminPasswordOptions): Promise<void> {
    await this.resetAndReport(options.email);
  }

  /**
   * Resets and prints what was done (and the generated password, if any).
   * @throws CliError as described on the class
   */
  async resetAndReport(email: string | undefined): Promise<AdminPasswordResetResult> {
    if (!email?.trim()) throw new CliError('reset-admin-password: --email <address> of the admin account is required');
    const given = this.config.adminPassword;
    if (given !== undefined && (given.length < MIN_PASSWORD || given.length > MAX_PASSWORD)) {
      throw new CliError(`reset-admin-password: ADMIN_PASSWORD must be ${MIN_PASSWORD} to ${MAX_PASSWORD} characters long, as every account's password`);
    }
    const password = given ?? randomBytes(18).toString('base64url');
    let result: AdminPasswordResetResult;
    try {
      result = await this.resets.reset(email, password);
    } catch (error) {
      if (error instanceof NotAnAdminError) throw new CliError(`reset-admin-password: ${error.email} is not an admin account (no such user, or another role)`);
      throw error;
    }
    this.out.write(
      `Reset the password of admin ${result.email}\n` +
        '  every session ended (refresh tokens revoked; running servers refuse older access tokens within AUTH_CACHE_TTL_MS)\n' +
        '  sign-in lock-out cleared\n' +
        (result.reactivated ? '  account reactivated (it was inactive)\n' : '') +
        // Printed once on purpose, as the first admin's is: it is stored only as a hash.
        (given === undefined ? `New password (shown once): ${password}\n` : 'New password: the value of ADMIN_PASSWORD\n'),
    );
    return result;
  }

  @Option({ flags: '--email <address>', description: 'e-mail address of the admin account' })
  parseEmail(value: string): string {
    return value;
  }
}
