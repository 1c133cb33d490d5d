import { Column, Entity, PrimaryColumn } from 'typeorm';
import { decimalToNumber } from '../../common/persistence/transformers.js';

/** One India Post PIN code (shared/data/india-pincodes.csv), loaded by `cli import-pincodes`. */
@Entity('pincodes')
export class Pincode {
  @PrimaryColumn({ type: 'varchar', length: 6 })
  pincode!: string;

  @Column({ type: 'varchar', length: 100 })
  district!: string;

  /** ISO 3166-2:IN code, e.g. `IN-MH`. */
  @Column({ name: 'state_code', type: 'varchar', length: 6 })
  stateCode!: string;

  @Column({ type: 'varchar', length: 100 })
  state!: string;

  @Column({ type: 'decimal', precision: 9, scale: 6, nullable: true, transformer: decimalToNumber })
  latitude!: number | null;

  @Column({ type: 'decimal', precision: 9, scale: 6, nullable: true, transformer: decimalToNumber })
  longitude!: number | null;

  /** Number of post offices behind this pincode. */
  @Column({ type: 'int', default: 0 })
  offices!: number;
}
