import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { User } from '../../users/entities/user.entity.js';

export const SOURCE_TYPES = ['api', 'manual', 'portal'] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

/** How a lead was acquired (seed 000 `LeadSource`). */
@Entity('lead_sources')
export class LeadSource {
  @PrimaryGeneratedColumn('increment')
  id!: number;

  @Index('uq_lead_sources_name', { unique: true })
  @Column({ type: 'varchar', length: 100 })
  name!: string;

  /** Associated OEM, if any; SET NULL when the OEM user goes (seed 000). */
  @ManyToOne(() => User, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'oem_id' })
  oem!: Relation<User> | null;

  @Index('ix_lead_sources_oem')
  @Column({ name: 'oem_id', type: 'uuid', nullable: true })
  oemId!: string | null;

  @Column({ name: 'source_type', type: 'varchar', length: 20 })
  sourceType!: SourceType;
}
