import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Role } from '../../common/auth/roles.js';

/** A person or an OEM organisation that signs in (DESIGN §4 User). */
@Entity('users')
export class User {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Lower-cased; unique. */
  @Index('uq_users_email', { unique: true })
  @Column({ type: 'varchar', length: 254 })
  email!: string;

  /** argon2id hash (PHC string). */
  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash!: string;

  @Column({ name: 'full_name', type: 'varchar', length: 200 })
  fullName!: string;

  /** E.164. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  phone!: string | null;

  @Index('ix_users_role')
  @Column({ type: 'varchar', length: 20 })
  role!: Role;

  @Column({ name: 'is_active', type: 'boolean', default: true })
  isActive!: boolean;

  /**
   * Version of the account's credentials, carried as `ver` by each access token. A password change,
   * an admin reset and a deactivation add one, and the auth guard refuses tokens of an older
   * version (src/users/sessions.ts): exact, unlike an issued-at time in whole seconds.
   */
  @Column({ name: 'token_version', type: 'integer', default: 0 })
  tokenVersion!: number;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
