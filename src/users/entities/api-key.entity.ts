import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { User } from './user.entity.js';

/**
 * An OEM API key (DESIGN §2/§4): 32 random bytes shown once; only the SHA-256 of the key is kept,
 * which is enough for a high-entropy secret and keeps the lookup a single indexed read.
 */
@Entity('api_keys')
export class ApiKey {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('ix_api_keys_oem')
  @ManyToOne(() => User, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'oem_id' })
  oem!: Relation<User>;

  @Column({ name: 'oem_id', type: 'uuid' })
  oemId!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  /** First 8 characters of the key, shown in lists so a key can be recognised. */
  @Column({ type: 'varchar', length: 8 })
  prefix!: string;

  /** Hex SHA-256 of the whole key. */
  @Index('uq_api_keys_key_hash', { unique: true })
  @Column({ name: 'key_hash', type: 'varchar', length: 64 })
  keyHash!: string;

  @Column({ name: 'last_used_at', type: Date, nullable: true })
  lastUsedAt!: Date | null;

  @Column({ name: 'revoked_at', type: Date, nullable: true })
  revokedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;
}
