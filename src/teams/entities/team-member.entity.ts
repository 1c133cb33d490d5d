import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { User } from '../../users/entities/user.entity.js';
import { Team } from './team.entity.js';

/**
 * A field technician's membership of a team (DESIGN §4 TeamMember): unique per (team, user); at
 * most one member per team is its lead (kept by TeamsService in the same transaction).
 */
@Entity('team_members')
@Index('uq_team_members_team_user', ['teamId', 'userId'], { unique: true })
export class TeamMember {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  // No inverse side on Team: it would make the two entity files import each other (issue #12); a
  // team's members are loaded by team id (TeamsService.loadMembers). The schema is the same.
  @ManyToOne(() => Team, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'team_id' })
  team!: Relation<Team>;

  @Column({ name: 'team_id', type: 'uuid' })
  teamId!: string;

  /** A user with role `field_technician`. */
  @ManyToOne(() => User, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user!: Relation<User>;

  /** Indexed: every technician-scoped query starts from the caller's memberships. */
  @Index('ix_team_members_user')
  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ name: 'is_lead', type: 'boolean', default: false })
  isLead!: boolean;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;
}
