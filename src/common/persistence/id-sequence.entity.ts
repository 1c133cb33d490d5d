import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A named counter for human-readable ids such as `SRV-2026-000123` (one row per prefix and year,
 * e.g. `SRV-2026`). Advanced only through {@link nextSequenceValue}.
 */
@Entity('id_sequences')
export class IdSequence {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  name!: string;

  /** The last value handed out. */
  @Column({ type: 'int' })
  value!: number;
}
