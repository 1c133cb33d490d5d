import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * A field team that performs site surveys and installations (DESIGN §4 Team). An inactive team
 * keeps its history but cannot take new bookings.
 */
@Entity('teams')
@Index('ix_teams_city', ['city'])
export class Team {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Unique, e.g. `Pune North`. */
  @Index('uq_teams_name', { unique: true })
  @Column({ type: 'varchar', length: 100 })
  name!: string;

  /** The city (district) the team works in. */
  @Column({ type: 'varchar', length: 100 })
  city!: string;

  /** State or union territory, by name (`Maharashtra`). */
  @Column({ type: 'varchar', length: 100 })
  state!: string;

  @Column({ name: 'is_active', type: 'boolean', default: true })
  isActive!: boolean;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
