import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Lead } from '../entities/lead.entity.js';

/**
 * One free-form label on a lead (issue 14 item 7, after seed 003's tags): lower-case, 1–40
 * characters, at most 20 a lead (checked by {@link LeadTagsService}). The key (lead, tag) keeps a
 * label once per lead; (tag, lead) serves the `tag` list filter and `GET /tags`.
 */
@Entity('lead_tags')
@Index('ix_lead_tags_tag_lead', ['tag', 'leadId'])
export class LeadTag {
  @PrimaryColumn({ name: 'lead_id', type: 'uuid' })
  leadId!: string;

  @PrimaryColumn({ type: 'varchar', length: 40 })
  tag!: string;

  @ManyToOne(() => Lead, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'lead_id' })
  lead!: Relation<Lead>;
}
