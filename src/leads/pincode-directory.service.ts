import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { Pincode } from './entities/pincode.entity.js';

/** A pincode check's outcome; `directoryLoaded` is false until `cli import-pincodes` has run. */
export type PincodeCheck =
  | { directoryLoaded: false }
  | { directoryLoaded: true; entry: Pincode | null };

/** Looks up India Post PIN codes (DESIGN §8) to validate leads and fill their coordinates. */
@Injectable()
export class PincodeDirectory {
  /** ISO code → state name, as found in the directory; codes never change name, so hits are kept (at most 36). */
  private readonly stateNames = new Map<string, string>();

  constructor(@InjectRepository(Pincode) private readonly pincodes: Repository<Pincode>) {}

  /** One primary-key read, plus an existence probe only when the pincode is unknown. */
  async check(pincode: string, em?: EntityManager): Promise<PincodeCheck> {
    const repo = em ? em.getRepository(Pincode) : this.pincodes;
    const entry = await repo.findOne({ where: { pincode } });
    if (entry) return { directoryLoaded: true, entry };
    const any = await repo.createQueryBuilder('p').select('p.pincode').limit(1).getRawOne();
    return any ? { directoryLoaded: true, entry: null } : { directoryLoaded: false };
  }

  /** Resolves "IN-MH" to "Maharashtra" when the directory knows the code; otherwise returns the input. */
  async stateName(stateOrCode: string): Promise<string> {
    if (!/^IN-[A-Z]{2}$/i.test(stateOrCode)) return stateOrCode;
    const code = stateOrCode.toUpperCase();
    const known = this.stateNames.get(code);
    if (known) return known;
    // Not cached when missing: the directory may be imported later.
    const row = await this.pincodes.findOne({ where: { stateCode: code }, select: { state: true, pincode: true } });
    if (row) this.stateNames.set(code, row.state);
    return row?.state ?? stateOrCode;
  }
}

/** True when `given` names the entry's state, by ISO code or by name (case-insensitive). */
export function sameState(given: string, entry: Pick<Pincode, 'state' | 'stateCode'>): boolean {
  const g = given.trim().toLowerCase();
  return g === entry.state.toLowerCase() || g === entry.stateCode.toLowerCase();
}
