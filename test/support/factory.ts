import { fileURLToPath } from 'node:url';
import { fakerEN_IN as faker } from '@faker-js/faker';
import type { INestApplication } from '@nestjs/common';
import type { Response } from 'supertest';
import { expect } from 'vitest';
import type { Actor } from '../../src/common/auth/actor.js';
import type { ProblemDetails } from '../../src/common/problem.filter.js';
import { AuthService } from '../../src/auth/auth.service.js';
import type { CreateLeadDto } from '../../src/leads/dto/lead.dto.js';
import type { CreateLeadSourceDto, LeadSourceResponseDto } from '../../src/leads/dto/lead-source.dto.js';
import type { LeadResponseDto } from '../../src/leads/dto/lead-response.dto.js';
import { LEAD_STATUSES, type LeadStatus } from '../../src/leads/entities/lead.entity.js';
import { LeadSourcesService } from '../../src/leads/lead-sources.service.js';
import { LeadTimeline } from '../../src/leads/lead-timeline.service.js';
import { LeadsRepository } from '../../src/leads/leads.repository.js';
import { LeadsService } from '../../src/leads/leads.service.js';
import { PincodeImporter } from '../../src/reference-data/pincode-importer.service.js';
import type { UserResponseDto } from '../../src/users/dto/user.dto.js';
import type { Role } from '../../src/common/auth/roles.js';
import { UsersService } from '../../src/users/users.service.js';
import { TransactionRunner } from '../../src/common/persistence/transaction-runner.service.js';

/** Twenty real pincodes from the India Post directory (test/fixtures/pincodes-sample.csv). */
export const SAMPLE_PINCODES_CSV = fileURLToPath(new URL('../fixtures/pincodes-sample.csv', import.meta.url));

/**
 * The workflow path from `new` to each status (DESIGN §5): the manual steps and the automatic ones
 * the documents, surveys and installations modules perform. `on_hold` is reached from `heldFrom`.
 */
const WORKFLOW: LeadStatus[] = LEAD_STATUSES.slice(0, LEAD_STATUSES.indexOf('closed') + 1);

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

/**
 * Asserts that `res` is an RFC 9457 problem (DESIGN §6) with the given status, carrying every
 * member clients rely on, and, when given, its machine `code` and the field named in `errors[]`
 * (a string is the code alone). Returns the body for further checks. The one problem assertion
 * of the suite (lead-helpers.ts re-exports it).
 */
export function expectProblem(res: Response, status: number, expected: string | { code?: string; field?: string } = {}): ProblemDetails {
  const { code, field } = typeof expected === 'string' ? { code: expected, field: undefined } : expected;
  expect(res.status, `expected ${status} ${code ?? ''}, got ${res.status}: ${JSON.stringify(res.body)}`).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.body as ProblemDetails;
  expect(body).toMatchObject({
    type: expect.any(String),
    title: expect.any(String),
    status,
    detail: expect.any(String),
    instance: expect.stringMatching(/^\/api\/v1\//),
    code: expect.any(String),
    requestId: expect.any(String),
  });
  expect(body.requestId).not.toBe('');
  expect(body.requestId).toBe(res.headers['x-request-id']);
  if (code) expect(body.code).toBe(code);
  if (field) expect((body.errors ?? []).map((e) => e.field)).toContain(field);
  return body;
}

let sequence = 0;

/** A realistic lead payload on a real pincode (faker en_IN names and mobile numbers), for `POST /leads`. */
export function leadPayload(overrides: Partial<CreateLeadDto> = {}): CreateLeadDto {
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

  /** A realistic lead payload on a real pincode (see {@link leadPayload}). */
  leadPayload(overrides: Partial<CreateLeadDto> = {}): CreateLeadDto {
    return leadPayload(overrides);
  }

  /** Creates a lead for `oem` through LeadsService, as the OEM would. */
  async lead(oem: TestUser, overrides: Partial<CreateLeadDto> = {}): Promise<LeadResponseDto> {
    return (await this.app.get(LeadsService).create(oem.actor, this.leadPayload(overrides))).lead;
  }

  /** Loads the twenty-pincode sample directory. */
  async loadPincodes(): Promise<void> {
    await this.app.get(PincodeImporter).importFile(SAMPLE_PINCODES_CSV);
  }

  /**
   * Creates a lead for `oem` and walks it to `status` along the DESIGN §5 workflow (see {@link moveLead}).
   */
  async leadInStatus(oem: TestUser, by: TestUser, status: LeadStatus, options: { heldFrom?: LeadStatus; overrides?: Partial<CreateLeadDto> } = {}): Promise<LeadResponseDto> {
    const lead = await this.lead(oem, options.overrides);
    return this.moveLead(by, lead.id, status, options);
  }

  /**
   * Walks a `new` lead to `status` along the DESIGN §5 workflow, as the manual requests and the
   * other modules' automatic transitions would (`on_hold` is entered from `heldFrom`, default
   * `contacted`). Each step is the service's compare-and-set with a `status_changed` event by `by`.
   */
  async moveLead(by: TestUser, leadId: string, status: LeadStatus, options: { heldFrom?: LeadStatus } = {}): Promise<LeadResponseDto> {
    let path: LeadStatus[];
    if (status === 'cancelled') path = ['cancelled'];
    else if (status === 'on_hold') path = [...WORKFLOW.slice(1, WORKFLOW.indexOf(options.heldFrom ?? 'contacted') + 1), 'on_hold'];
    else path = WORKFLOW.slice(1, WORKFLOW.indexOf(status) + 1);
    const [leads, timeline] = [this.app.get(LeadsRepository), this.app.get(LeadTimeline)];
    for (const to of path) {
      await this.app.get(TransactionRunner).run(async (em) => {
        const current = await leads.findVisible(by.actor, leadId, em);
        await timeline.applyTransition(em, by.actor, current, to, to === 'on_hold' || to === 'cancelled' ? { reason: `factory: ${to}` } : {});
      });
    }
    return this.app.get(LeadsService).get(by.actor, leadId);
  }

  /** A lead source (admin-only data), e.g. an OEM's own API source. */
  async leadSource(overrides: Partial<CreateLeadSourceDto> = {}): Promise<LeadSourceResponseDto> {
    sequence += 1;
    return this.app.get(LeadSourcesService).create({ name: `Source ${sequence} ${faker.string.alphanumeric(6)}`, sourceType: 'api', ...overrides });
  }

  /** Deactivates a user (as an admin would with PATCH /users/{id}). */
  async deactivate(user: TestUser): Promise<void> {
    await this.app.get(UsersService).update(user.user.id, { isActive: false });
  }
}
