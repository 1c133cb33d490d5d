import { Column, Entity, Index, JoinColumn, ManyToOne, OneToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { decimalToNumber } from '../../common/persistence/transformers.js';
import { User } from '../../users/entities/user.entity.js';
import { Survey } from './survey.entity.js';

export const PARKING_TYPES = ['covered', 'open', 'basement', 'street'] as const;
export type ParkingType = (typeof PARKING_TYPES)[number];
export const SUPPLY_PHASES = ['single', 'three'] as const;
export type SupplyPhase = (typeof SUPPLY_PHASES)[number];

/**
 * The field team's findings at the site (DESIGN §4 SurveyReport), one per survey; units are in
 * the names (kW, metres). Re-submitting before approval replaces it.
 */
@Entity('survey_reports')
export class SurveyReport {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @OneToOne(() => Survey, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'survey_id' })
  survey!: Relation<Survey>;

  @Index('uq_survey_reports_survey', { unique: true })
  @Column({ name: 'survey_id', type: 'uuid' })
  surveyId!: string;

  /** The field technician who submitted it. */
  @ManyToOne(() => User, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'submitted_by_id' })
  submittedBy!: Relation<User>;

  @Column({ name: 'submitted_by_id', type: 'uuid' })
  submittedById!: string;

  @Column({ name: 'parking_type', type: 'varchar', length: 20 })
  parkingType!: ParkingType;

  @Column({ name: 'supply_phase', type: 'varchar', length: 10 })
  supplyPhase!: SupplyPhase;

  /** Sanctioned load on the electricity connection, kW (0.5–100, two decimals). */
  @Column({ name: 'sanctioned_load_kw', type: 'decimal', precision: 5, scale: 2, transformer: decimalToNumber })
  sanctionedLoadKw!: number;

  @Column({ name: 'earthing_available', type: 'boolean' })
  earthingAvailable!: boolean;

  /** Metres from the meter to the charger position (0–500, one decimal). */
  @Column({ name: 'meter_to_charger_distance_m', type: 'decimal', precision: 4, scale: 1, transformer: decimalToNumber })
  meterToChargerDistanceM!: number;

  /** Metres of cable the installation needs (0–500, one decimal). */
  @Column({ name: 'cable_length_m', type: 'decimal', precision: 4, scale: 1, transformer: decimalToNumber })
  cableLengthM!: number;

  @Column({ name: 'civil_work_required', type: 'boolean' })
  civilWorkRequired!: boolean;

  @Column({ name: 'recommended_charger_model', type: 'varchar', length: 100 })
  recommendedChargerModel!: string;

  /** Whether a home charger can be installed at the site. */
  @Column({ type: 'boolean' })
  feasible!: boolean;

  @Column({ type: 'text', default: '' })
  notes!: string;

  @Column({ name: 'submitted_at', type: Date })
  submittedAt!: Date;
}
