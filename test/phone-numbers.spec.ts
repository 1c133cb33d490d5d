import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { IsE164Phone, searchableE164, toE164 } from '../src/common/validators.js';

class Contact {
  @IsE164Phone()
  phone!: string;
}

/** The DTO as the validation pipe makes it: transformed, then checked. */
function contact(phone: unknown): { phone: unknown; errors: string[] } {
  const dto = plainToInstance(Contact, { phone });
  return { phone: dto.phone, errors: validateSync(dto).map((error) => error.property) };
}

describe('phone numbers (DESIGN §4: stored in E.164)', () => {
  it('toE164 reads numbers without a country code as Indian and refuses unassigned ones', () => {
    for (const typed of ['98123 45678', '+91 98123-45678', '09812345678', '+919812345678']) expect(toE164(typed), typed).toBe('+919812345678');
    expect(toE164('+915555555555')).toBeNull();
    expect(toE164('12345')).toBeNull();
  });

  it('IsE164Phone stores the E.164 form and rejects what is not a valid number, also right after a valid one', () => {
    expect(contact('98123 45678')).toEqual({ phone: '+919812345678', errors: [] });
    expect(contact('+919812345678')).toEqual({ phone: '+919812345678', errors: [] });
    for (const bad of ['+915555555555', '55555 55555', 'not a phone', 12345]) expect(contact(bad).errors, String(bad)).toEqual(['phone']);
  });

  it('searchableE164 gives the stored form of any number of a possible length, assigned or not', () => {
    expect(searchableE164(' 98123 45678 ')).toBe('+919812345678');
    expect(searchableE164('+1 415 555 2671')).toBe('+14155552671');
    expect(searchableE164('55555 55555')).toBe('+915555555555');
    expect(searchableE164('12345')).toBeNull();
  });

  it('searchableE164 answers what libphonenumber answers for numbers typed every way an agent types them', () => {
    // libphonenumber's own parse, as searchableE164 did it before its shortcut for Indian mobiles.
    const reference = (raw: string) => {
      const parsed = parsePhoneNumberFromString(raw.trim(), 'IN');
      return parsed?.isPossible() ? parsed.number : null;
    };
    const formats = [
      (d: string) => d,
      (d: string) => `${d.slice(0, 5)} ${d.slice(5)}`,
      (d: string) => `+91${d}`,
      (d: string) => `+91 ${d.slice(0, 5)} ${d.slice(5)}`,
      (d: string) => `+91-${d.slice(0, 5)}-${d.slice(5)}`,
      (d: string) => `+ 91 ${d}`,
      (d: string) => `0${d}`,
      (d: string) => `0 ${d.slice(0, 5)} ${d.slice(5)}`,
      (d: string) => `0-${d.slice(0, 3)}-${d.slice(3, 6)}-${d.slice(6)}`,
      (d: string) => `  ${d.slice(0, 2)}  ${d.slice(2)}\t`,
      (d: string) => `${d.slice(0, 5)}\u00a0${d.slice(5)}`,
      (d: string) => `91${d}`,
      (d: string) => `+91 0${d}`,
      (d: string) => `00${d}`,
      (d: string) => `+910${d}`,
      (d: string) => d.slice(1),
      (d: string) => `${d}1`,
      (d: string) => `+1${d}`,
    ];
    // A fixed sequence (a 31-bit linear congruential generator, digits from its high bits), so a
    // failure names the same numbers every run.
    let seed = 20261206;
    const digit = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
      return (seed >>> 16) % 10;
    };
    for (let n = 0; n < 400; n++) {
      const digits = Array.from({ length: 10 }, digit).join('');
      for (const format of formats) {
        const typed = format(digits);
        expect(searchableE164(typed), JSON.stringify(typed)).toBe(reference(typed));
      }
    }
    // The shortcut's own cases are among them: mobiles, with every prefix it takes.
    expect(searchableE164('+91 70000-00000')).toBe('+917000000000');
    expect(searchableE164('0 60000 00000')).toBe('+916000000000');
  });
});
