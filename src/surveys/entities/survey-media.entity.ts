import { CreateDateColumn, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { StoredFile } from '../../documents/entities/stored-file.entity.js';
import type { MediaType } from '../../documents/media/media.dto.js';
import { User } from '../../users/entities/user.entity.js';
import { Survey } from './survey.entity.js';

/**
 * A photo or video of the site taken during the survey (DESIGN §4 SurveyMedia, as seed 001
 * InstallationMedia). The bytes are a StoredFile of the documents storage; `mediaType` follows the
 * sniffed content type, not the client's word.
 */
@Entity('survey_media')
@Index('ix_survey_media_survey_uploaded_at', ['surveyId', 'uploadedAt'])
export class SurveyMedia {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ManyToOne(() => Survey, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'survey_id' })
  survey!: Relation<Survey>;

  @Column({ name: 'survey_id', type: 'uuid' })
  surveyId!: string;

  @Column({ name: 'media_type', type: 'varchar', length: 20 })
  mediaType!: MediaType;

  @ManyToOne(() => StoredFile, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'file_id' })
  file!: Relation<StoredFile>;

  @Index('uq_survey_media_file', { unique: true })
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
