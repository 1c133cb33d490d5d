import { CreateDateColumn, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { StoredFile } from '../../documents/entities/stored-file.entity.js';
import type { MediaType } from '../../documents/media/media.dto.js';
import { User } from '../../users/entities/user.entity.js';
import { Installation } from './installation.entity.js';

/**
 * A photo or video of the completed installation (seed 001 InstallationMedia). The bytes are a
 * StoredFile of the documents storage; `mediaType` follows the sniffed content type.
 */
@Entity('installation_media')
@Index('ix_installation_media_installation_uploaded_at', ['installationId', 'uploadedAt'])
export class InstallationMedia {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ManyToOne(() => Installation, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'installation_id' })
  installation!: Relation<Installation>;

  @Column({ name: 'installation_id', type: 'uuid' })
  installationId!: string;

  @Column({ name: 'media_type', type: 'varchar', length: 20 })
  mediaType!: MediaType;

  @ManyToOne(() => StoredFile, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'file_id' })
  file!: Relation<StoredFile>;

  @Index('uq_installation_media_file', { unique: true })
  @Column({ name: 'file_id', type: 'uuid' })
  fileId!: string;

  /** What the photo or video shows; empty when none was given. */
  @Column({ type: 'varchar', length: 255, default: '' })
  caption!: string;

  @ManyToOne(() => User, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'uploaded_by_id' })
  uploadedBy!: Relation<User>;

  @Column({ name: 'uploaded_by_id', type: 'uuid' })
  uploadedById!: string;

  @CreateDateColumn({ name: 'uploaded_at' })
  uploadedAt!: Date;
}
