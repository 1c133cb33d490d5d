import { fileURLToPath } from 'node:url';
import { fakerEN_IN as faker } from '@faker-js/faker';
import type { INestApplication } from '@nestjs/common';
import type { Actor } from '../../src/auth/actor.js';
import { AuthService } from '../../src/auth/auth.service.js';
import type { CreateLeadDto } from '../../src/leads/dto/lead.dto.js';
import type { LeadResponseDto } from '../../src/leads/dto/lead-response.dto.js';
import { LeadsService } from '../../src/leads/leads.service.js';
import { PincodeImporter } from '../../src/leads/pincode-importer.service.js';
import type { UserResponseDto } from '../../src/users/dto/user.dto.js';
import type { Role } from '../../src/users/entities/user.entity.js';
import { UsersService } from '../../src/users/users.service.js';

/** Twenty real pincodes from the India Post directory (test/fixtures/pincodes-sample.csv). */
export const SAMPLE_PINCODES_CSV = fileURLToPath(new URL('../fixtures/pincodes-sample.csv', import.meta.url));

/** Real (pincode, district, state) triples present in the sample file. */
export const SAMPLE_ADDRESSES = [
  { pincode: '110001', city: 'New Delhi', state: 'Delhi', stateCode: 'IN-DL' },
  { pincode: '400001', city: 'Mumbai', state: 'Maharashtra', stateCode: 'IN-MH' },
  { pincode: '411001', city: 'Pune', state: 'Maharashtra', stateCode: 'IN-MH' },
  { pincode: '560001', city: 'Bengaluru Urban', state: 'Karnataka', stateCode: 'IN-KA' },
  { pincode: '600001', city: 'Chennai', state: 'Tamil Nadu', stateCode: 'IN-TN' },
] as const;

/** A user made by the factory, with a ready access token and the actor it acts as. */
export interface TestUser {
  user: UserResponseDto;
  token: string;
  actor: Actor;
  /** `Authorization` header value. */
  auth: string;
}

let sequence = 0;

/** Builds test data through the application's own services (no shared seeded state). */
export class Factory {
  constructor(private readonly app: INestApplication) {}

  /** Creates a user of `role` with a unique email and returns it with an access token. */
  async user(role: Role, overrides: { password?: string; fullName?: string } = {}): Promise<TestUser> {
    sequence += 1;
    const user = await this.app.get(UsersService).create({
      email: `${role}.${sequence}.${faker.string.alphanumeric(6).toLowerCase()}@test.chargeops.dev`,
      password: overrides.password ?? 'correct-horse-battery',
      fullName: overrides.fullName ?? faker.person.fullName(),
      role,
    });
    const token = await this.app.get(AuthService).accessToken(user);
    return { user, token, auth: `Bearer ${token}`, actor: { userId: user.id, role, apiKeyId: null } };
  }

  /** An OEM API key for `oem` (the clear key). */
  async apiKey(oem: TestUser, name = 'integration'): Promise<string> {
    return (await this.app.get(UsersService).createApiKey(oem.user.id, name)).key;
  }

  /** A realistic lead payload on a real pincode (faker en_IN names and mobile numbers). */
  leadPayload(overrides: Partial<CreateLeadDto> = {}): CreateLeadDto {
    const address = faker.helpers.arrayElement(SAMPLE_ADDRESSES);
    return {
      customerName: faker.person.fullName(),
      customerPhone: `+91${faker.helpers.arrayElement(['9', '8', '7'])}${faker.string.numeric(9)}`,
      customerEmail: faker.internet.email().toLowerCase(),
      addressLine1: faker.location.streetAddress(),
      city: address.city,
      state: address.state,
      pincode: address.pincode,
      chargerModel: faker.helpers.arrayElement(['7.4 kW AC Wallbox', '11 kW AC Wallbox', '3.3 kW AC Portable']),
      ...overrides,
    };
  }

  /** Creates a lead for `oem` through LeadsService, as the OEM would. */
  async lead(oem: TestUser, overrides: Partial<CreateLeadDto> = {}): Promise<LeadResponseDto> {
    return (await this.app.get(LeadsService).create(oem.actor, this.leadPayload(overrides))).lead;
  }

  /** Loads the twenty-pincode sample directory. */
  async loadPincodes(): Promise<void> {
    await this.app.get(PincodeImporter).importFile(SAMPLE_PINCODES_CSV);
  }
}
