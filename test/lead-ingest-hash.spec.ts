import { createHash } from 'node:crypto';
import { plainToInstance } from 'class-transformer';
import { describe, expect, it } from 'vitest';
import { CreateLeadDto } from '../src/leads/dto/lead.dto.js';
import { ingestHashOf } from '../src/leads/lead-creation.js';

const payload = {
  externalRef: 'EXT-1',
  customerName: 'Aarav Sharma',
  customerPhone: '+919876500001',
  customerEmail: 'aarav@example.in',
  addressLine1: 'Flat 1',
  city: 'Pune',
  state: 'Maharashtra',
  pincode: '411001',
  chargerModel: '7.2 kW',
  latitude: 18.52,
  longitude: 73.85,
  sourceId: 3,
};

/** The rule every release so far hashed a payload by (leads store it): the default sort of its [name, value] pairs. */
function storedRule(dto: object): string {
  return createHash('sha256').update(JSON.stringify(Object.entries(dto).sort())).digest('hex');
}

describe('ingest hash of a creation payload (replays of an externalRef, DESIGN §7)', () => {
  it('is the hash earlier releases stored for the same payload, whatever the order of its fields', () => {
    // Hashes are stored with the leads: a changed text would turn every later replay into a 409.
    const dto = plainToInstance(CreateLeadDto, payload);
    expect(ingestHashOf(dto)).toBe(storedRule(dto));
    expect(ingestHashOf(dto)).toMatch(/^[0-9a-f]{64}$/);
    const reversed = plainToInstance(CreateLeadDto, Object.fromEntries(Object.entries(payload).reverse()));
    expect(ingestHashOf(reversed)).toBe(ingestHashOf(dto));
    // Names where one is the start of another sort alike both ways (`state` before `stateCode`).
    const prefixed = { ...payload, stateCode: 'IN-MH', city2: 'x', cityName: 'y' };
    expect(ingestHashOf(prefixed as unknown as CreateLeadDto)).toBe(storedRule(prefixed));
  });

  it('differs when any field differs', () => {
    const base = ingestHashOf(plainToInstance(CreateLeadDto, payload));
    expect(ingestHashOf(plainToInstance(CreateLeadDto, { ...payload, city: 'Mumbai' }))).not.toBe(base);
    expect(ingestHashOf(plainToInstance(CreateLeadDto, { ...payload, latitude: 18.53 }))).not.toBe(base);
  });
});
