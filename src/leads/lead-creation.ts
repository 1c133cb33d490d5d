import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { User } from '../users/entities/user.entity.js';
import type { CreateLeadDto } from './dto/lead.dto.js';
import { Lead } from './entities/lead.entity.js';
import type { LeadEventInput } from './lead-event-insert.js';

/** What a lead's creation resolves before it writes (LeadsService.prepareCreation): the OEM, the address as the directory knows it, the source and the payload's hash. */
export interface PreparedCreation {
  oemId: string;
  /** SHA-256 (hex) of the payload: a replay of the same externalRef must carry the same one. */
  ingestHash: string;
  address: { state: string; latitude: number | null; longitude: number | null };
  sourceId: number;
}

/**
 * The SHA-256 (hex) of a creation payload as received: its fields sorted by name, as JSON
 * (`[["city","Pune"],…]`). A replay of an externalRef is compared with the hash stored with the lead,
 * so this text must never change for the same payload. Field names are identifiers, so ordering by
 * name gives the order the default sort gave the `name,value` strings, without building them for
 * each comparison (14 → 2 µs a payload, bench/README.md, session 13).
 */
export function ingestHashOf(dto: CreateLeadDto): string {
  const fields = Object.entries(dto).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

/**
 * A new lead of `dto` in status `new` (DESIGN §5), every column set (updatedAt and statusEnteredAt
 * equal to createdAt), for `POST /leads` and the bulk import alike.
 *
 * Its id is a UUIDv7 (RFC 9562 §5.7): time-ordered, so each new lead's keys land next to the last
 * one's in the leads' primary key and the timeline's (lead, id) index instead of on a random page
 * of each, which PostgreSQL would then read and log in full after every checkpoint
 * (bench/README.md, session 21). The id tells its creation time to the millisecond, which the
 * lead's `createdAt` tells the same readers anyway.
 * @param duplicateOf the open lead with the same phone and pincode, when the check flags one
 */
export function newLead(dto: CreateLeadDto, prepared: PreparedCreation, assignee: Pick<User, 'id'> | null, duplicateOf: string | null, now: Date): Lead {
  return Object.assign(new Lead(), {
    id: uuidv7(),
    oemId: prepared.oemId,
    externalRef: dto.externalRef ?? null,
    customerName: dto.customerName,
    customerPhone: dto.customerPhone,
    customerEmail: dto.customerEmail ?? null,
    addressLine1: dto.addressLine1,
    addressLine2: dto.addressLine2 ?? '',
    city: dto.city,
    state: prepared.address.state,
    pincode: dto.pincode,
    latitude: prepared.address.latitude,
    longitude: prepared.address.longitude,
    sourceId: prepared.sourceId,
    status: 'new',
    statusBeforeHold: null,
    closingReason: null,
    closingReasonCode: null,
    chargerModel: dto.chargerModel ?? null,
    assignedToId: assignee?.id ?? null,
    introCallCompleted: false,
    possibleDuplicateOfId: duplicateOf,
    ingestHash: dto.externalRef ? prepared.ingestHash : null,
    version: 1,
    createdAt: now,
    updatedAt: now,
    statusEnteredAt: now,
  } satisfies Omit<Lead, 'oem' | 'source' | 'assignedTo' | 'possibleDuplicateOf'>);
}

/**
 * The timeline entries a new lead starts with: `created`, and `assigned` / `duplicate_flagged` when
 * they apply (seed 000). A lead of a bulk import names it (`importId` in `created`'s data): its
 * staff e-mail goes out with the import's other leads, not one per lead.
 */
export function creationEvents(lead: Lead, importId?: string): LeadEventInput[] {
  const created = { sourceId: lead.sourceId, externalRef: lead.externalRef };
  const events: LeadEventInput[] = [{ type: 'created', toStatus: 'new', data: importId ? { ...created, importId } : created }];
  if (lead.assignedToId) events.push({ type: 'assigned', data: { assignedToId: lead.assignedToId, auto: true } });
  if (lead.possibleDuplicateOfId) events.push({ type: 'duplicate_flagged', data: { possibleDuplicateOfId: lead.possibleDuplicateOfId } });
  return events;
}
