import { Column, Entity, Index, JoinColumn, ManyToOne, OneToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { StoredFile } from '../../documents/entities/stored-file.entity.js';
import { Lead } from '../../leads/entities/lead.entity.js';
import { User } from '../../users/entities/user.entity.js';
import { Installation } from './installation.entity.js';

/**
 * The ZIP that goes back to the OEM once an installation is reported successful (DESIGN §4
 * ClosurePack): one per installation, written in the same transaction that closes the
 * installation and the lead. `sharedAt` is the first time the owning OEM downloaded it.
 */
@Entity('closure_packs')
export class ClosurePack {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ManyToOne(() => Lead, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'lead_id' })
  lead!: Relation<Lead>;

  @Index('ix_closure_packs_lead')
  @Column({ name: 'lead_id', type: 'uuid' })
  leadId!: string;

  @OneToOne(() => Installation, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'installation_id' })
  installation!: Relation<Installation>;

  @Index('uq_closure_packs_installation', { unique: true })
  @Column({ name: 'installation_id', type: 'uuid' })
  installationId!: string;

  /** The ZIP in storage. */
  @ManyToOne(() => StoredFile, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'file_id' })
  file!: Relation<StoredFile>;

  @Index('uq_closure_packs_file', { unique: true })
  @Column({ name: 'file_id', type: 'uuid' })
  fileId!: string;

  /** The Central Ops user who generated it. */
  @ManyToOne(() => User, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'generated_by_id' })
  generatedBy!: Relation<User>;

  @Column({ name: 'generated_by_id', type: 'uuid' })
  generatedById!: string;

  @Column({ name: 'generated_at', type: Date })
  generatedAt!: Date;

  /** SHA-256 of the ZIP (its StoredFile's, kept here too so the public verify lookup is one indexed read). */
  @Index('ix_closure_packs_zip_sha256')
  @Column({ name: 'zip_sha256', type: 'varchar', length: 64 })
  zipSha256!: string;

  /**
   * SHA-256 of the pack's manifest.json (lower-case hex), which `GET /closure-packs/verify` looks up
   * (issue #16); null for packs generated before manifests were signed.
   */
  @Index('ix_closure_packs_manifest_sha256')
  @Column({ name: 'manifest_sha256', type: 'varchar', length: 64, nullable: true })
  manifestSha256!: string | null;

  /** When the owning OEM first downloaded it; null until then. */
  @Column({ name: 'shared_at', type: Date, nullable: true })
  sharedAt!: Date | null;
}
