import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
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
});
