import { randomBytes } from 'node:crypto';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/config.js';
import { InjectConfig } from '../config/app-config.module.js';
import { User } from './entities/user.entity.js';
import { hashPassword } from './users.service.js';

const DEFAULT_ADMIN_EMAIL = 'admin@chargeops.local';

/**
 * Creates the first admin on start when no admin exists: from `ADMIN_EMAIL`/`ADMIN_PASSWORD`, or
 * `admin@chargeops.local` with a generated password printed once on stdout (README). Idempotent,
 * also when two replicas start at once (the insert ignores an e-mail address already taken).
 */
@Injectable()
export class FirstAdminSeedService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Seed');

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly dataSource: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const users = this.dataSource.getRepository(User);
    if (await users.exists({ where: { role: 'admin' } })) return;
    const email = this.config.adminEmail ?? DEFAULT_ADMIN_EMAIL;
    const generated = this.config.adminPassword === undefined;
    const password = this.config.adminPassword ?? randomBytes(12).toString('base64url');
    const inserted = await users
      .createQueryBuilder()
      .insert()
      .values({ email, passwordHash: await hashPassword(password), fullName: 'Administrator', phone: null, role: 'admin', isActive: true, createdAt: new Date() })
      .orIgnore()
      .execute();
    // SQLite and MariaDB report the id generated for the row even when the insert was ignored (another
    // replica's admin took the address first): only the row that is stored says this insert won.
    const id = inserted.identifiers[0]?.id as string | undefined;
    if (!id || !(await users.exists({ where: { id } }))) return;
    if (generated) {
      // Printed once on purpose: the operator needs it to sign in; it is never stored in clear.
      process.stdout.write(`\nCreated the first admin: ${email} / ${password}\nChange it with POST /api/v1/auth/password.\n\n`);
    } else {
      // The address is personal data: the log names the account by its id.
      this.logger.log({ userId: id }, 'Created the first admin from ADMIN_EMAIL');
    }
  }
}
