import { Column, Entity, Index, JoinColumn, ManyToOne, OneToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { StoredFile } from '../../documents/entities/stored-file.entity.js';
import { User } from '../../users/entities/user.entity.js';
import { Installation } from './installation.entity.js';

/**
 * The field team's record of an installation attempt (seed 001 InstallationReport), one per
 * installation: a report after a failed attempt is replaced by the next attempt's (the failed
 * attempt's issues stay on the lead's timeline). The customer's signature is a StoredFile (PNG or
 * JPEG, sniffed), required when the installation succeeded.
 */
@Entity('installation_reports')
export class InstallationReport {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @OneToOne(() => Installation, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'installation_id' })
  installation!: Relation<Installation>;

  @Index('uq_installation_reports_installation', { unique: true })
  @Column({ name: 'installation_id', type: 'uuid' })
  installationId!: string;

  /** The field technician who submitted it. */
  @ManyToOne(() => User, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'submitted_by_id' })
  submittedBy!: Relation<User>;

  @Column({ name: 'submitted_by_id', type: 'uuid' })
  submittedById!: string;

  @Column({ name: 'charger_serial_number', type: 'varchar', length: 50 })
  chargerSerialNumber!: string;

  @Column({ name: 'charger_model', type: 'varchar', length: 100 })
  chargerModel!: string;

  @Column({ name: 'installation_successful', type: 'boolean' })
  installationSuccessful!: boolean;

  /** Demo of the charger given to the customer. */
  @Column({ name: 'demo_given', type: 'boolean', default: false })
  demoGiven!: boolean;

  /** The customer's sign-off image (seed: `customer_signature`, nullable). */
  @ManyToOne(() => StoredFile, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'customer_signature_file_id' })
  customerSignature!: Relation<StoredFile> | null;

  @Index('ix_installation_reports_signature')
  @Column({ name: 'customer_signature_file_id', type: 'uuid', nullable: true })
  customerSignatureFileId!: string | null;

  @Column({ name: 'issues_encountered', type: 'text', default: '' })
  issuesEncountered!: string;

  @Column({ name: 'general_notes', type: 'text', default: '' })
  generalNotes!: string;

  @Column({ name: 'submitted_at', type: Date })
  submittedAt!: Date;
}
