import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { AssignmentStatus } from '../../teams/assignments/assignment-statuses.js';
import { Team } from '../../teams/entities/team.entity.js';
import { User } from '../../users/entities/user.entity.js';
import { Installation } from './installation.entity.js';

/**
 * Links an installation to a field team (seed 001 InstallationAssignment): one active primary,
 * which holds the booking, and at most one active emergency backup; ended assignments stay as
 * history. Statuses are the survey assignments' (DESIGN §4), and so is `respondedBy`/`respondedAt`.
 */
@Entity('installation_assignments')
@Index('ix_installation_assignments_installation', ['installationId', 'status'])
@Index('ix_installation_assignments_team', ['teamId', 'status'])
export class InstallationAssignment {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ManyToOne(() => Installation, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'installation_id' })
  installation!: Relation<Installation>;

  @Column({ name: 'installation_id', type: 'uuid' })
  installationId!: string;

  @ManyToOne(() => Team, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'team_id' })
  team!: Relation<Team>;

  @Column({ name: 'team_id', type: 'uuid' })
  teamId!: string;

  /** The Central Ops user who assigned the team. */
  @ManyToOne(() => User, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'assigned_by_id' })
  assignedBy!: Relation<User>;

  @Column({ name: 'assigned_by_id', type: 'uuid' })
  assignedById!: string;

  /** Primary assignment vs emergency backup. */
  @Column({ name: 'is_primary', type: 'boolean', default: true })
  isPrimary!: boolean;

  @CreateDateColumn({ name: 'assigned_at' })
  assignedAt!: Date;

  @Column({ type: 'varchar', length: 20, default: 'assigned' })
  status!: AssignmentStatus;

  @ManyToOne(() => User, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'responded_by_id' })
  respondedBy!: Relation<User> | null;

  @Column({ name: 'responded_by_id', type: 'uuid', nullable: true })
  respondedById!: string | null;

  @Column({ name: 'responded_at', type: Date, nullable: true })
  respondedAt!: Date | null;
}
