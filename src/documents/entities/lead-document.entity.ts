import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Lead } from '../../leads/entities/lead.entity.js';
import { User } from '../../users/entities/user.entity.js';
import { StoredFile } from './stored-file.entity.js';

/** Seed 000 `LeadDocument.document_type` choices. */
export const DOCUMENT_TYPES = ['electricity_bill', 'location_photo', 'electrician_contact', 'other'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/**
 * A file uploaded by the customer (through the OEM) or Central Ops for a lead (seed 000
 * `LeadDocument`; `file` is a {@link StoredFile}, DESIGN §4). Deleted with its lead.
 */
@Entity('lead_documents')
@Index('ix_lead_documents_lead_uploaded_at', ['leadId', 'uploadedAt'])
@Index('ix_lead_documents_lead_type', ['leadId', 'documentType'])
export class LeadDocument {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ManyToOne(() => Lead, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'lead_id' })
  lead!: Relation<Lead>;

  @Column({ name: 'lead_id', type: 'uuid' })
  leadId!: string;

  @Column({ name: 'document_type', type: 'varchar', length: 30 })
  documentType!: DocumentType;

  /** One stored file per document; the file cannot go while the document exists. */
  @ManyToOne(() => StoredFile, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'file_id' })
  file!: Relation<StoredFile>;

  @Index('uq_lead_documents_file', { unique: true })
  @Column({ name: 'file_id', type: 'uuid' })
  fileId!: string;

  /** Seed 000: on_delete=PROTECT. An OEM's API key uploads as its OEM user (the timeline names the key). */
  @ManyToOne(() => User, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'uploaded_by_id' })
  uploadedBy!: Relation<User>;

  @Index('ix_lead_documents_uploaded_by')
  @Column({ name: 'uploaded_by_id', type: 'uuid' })
  uploadedById!: string;

  @CreateDateColumn({ name: 'uploaded_at' })
  uploadedAt!: Date;

  /** Seed 000: blank allowed, so empty rather than null when absent. */
  @Column({ type: 'text', default: '' })
  notes!: string;
}
