import type { Role } from '../../common/auth/roles.js';
import type { LeadStatus } from '../entities/lead.entity.js';

/**
 * What an OEM may see of one of its leads (issue #16, item 1), written once. The OEM's timeline
 * (`GET /leads/{id}/events` as an OEM), the closure pack's summary.pdf and the OEM-facing webhook
 * payloads (issue #15) all read a lead through these pure functions, so the three cannot disagree.
 *
 * The rules (README "What an OEM sees"):
 * - **Timeline entries**: an allow-list, {@link OEM_EVENT_TYPES}. The lead's own milestones
 *   (received, status changes, documents, details corrected, closure pack) are shown; the steps of
 *   surveys and installations (assignments, starts, media, reports) are internal work and are not.
 *   A new event type is hidden from OEMs until it is added here.
 * - **Event data**: per type, only the keys in {@link OEM_EVENT_DATA}; internal ids (users, teams,
 *   job uuids) never reach the OEM.
 * - **Actors**: staff are named by role or team, never by person ("Central Ops", "Field team Pune
 *   South"); the OEM's own account and API keys by the OEM's name. Only the OEM's own user id is
 *   given back as `actorUserId`.
 * - **Lead fields**: {@link OemLeadView}: the customer, the site and the status; not who at Central
 *   Ops owns the lead, nor the duplicate check's internals ({@link asOemLeadResponse} for the API).
 */

/** Timeline entry types an OEM sees (an allow-list: anything else, e.g. `survey_started`, is internal). */
export const OEM_EVENT_TYPES = ['created', 'status_changed', 'updated', 'assigned', 'duplicate_flagged', 'document_uploaded', 'document_deleted', 'closure_pack_generated', 'anonymised'] as const;

/** Per visible type, the keys of an event's `data` an OEM may read; other keys are dropped. */
export const OEM_EVENT_DATA: Readonly<Record<(typeof OEM_EVENT_TYPES)[number], readonly string[]>> = {
  created: ['externalRef'],
  status_changed: ['reason', 'surveyId', 'installationId'],
  updated: ['fields', 'statusBeforeHold'],
  // Which Central Ops person owns the lead is internal: the entry says only that an owner was set.
  assigned: [],
  duplicate_flagged: ['possibleDuplicateOfId'],
  document_uploaded: ['documentId', 'documentType', 'fileName', 'contentType', 'sizeBytes', 'sha256'],
  document_deleted: ['documentId', 'documentType', 'fileName'],
  closure_pack_generated: ['installationId', 'sizeBytes', 'sha256'],
  // Retention (issue #15, item 7): which fields were replaced and how many files were deleted.
  anonymised: ['fields', 'filesDeleted', 'retentionDays'],
};

/** Who wrote an event, as much as the policy needs to name them; `null` for a system action. */
export type EventActorFacts =
  | { kind: 'user'; userId: string; role: Role; fullName: string; /** Active teams of a field technician, by id. */ teams: ReadonlyArray<{ id: string; name: string }> }
  | { kind: 'api_key'; apiKeyId: string }
  | null;

/** The part of a LeadEvent the policy reads (a LeadEvent entity fits). */
export interface LeadEventFacts {
  id: number;
  type: string;
  fromStatus: LeadStatus | null;
  toStatus: LeadStatus | null;
  actorUserId: string | null;
  actorApiKeyId: string | null;
  data: Record<string, unknown> | null;
  createdAt: Date;
}

/** One timeline entry as an OEM may read it. */
export interface OemTimelineEntry {
  id: number;
  type: string;
  /** Human-readable, e.g. "Survey approved", "Installation completed". */
  label: string;
  fromStatus: LeadStatus | null;
  toStatus: LeadStatus | null;
  /** A role, a team or the OEM itself, e.g. "Central Ops", "Field team Pune South"; never a staff member's name. */
  actorName: string;
  /** The OEM's own user id when it acted itself; null for staff. */
  actorUserId: string | null;
  /** Set when the OEM acted through one of its API keys. */
  actorApiKeyId: string | null;
  /** Short human-readable detail, e.g. "Reason: customer abroad", or null. */
  detail: string | null;
  /** The event's data, reduced to {@link OEM_EVENT_DATA}; null when nothing is left. */
  data: Record<string, unknown> | null;
  at: Date;
}

/** The lead fields an OEM may read (what `toOemLeadView` keeps). */
export interface OemLeadView {
  id: string;
  oemId: string;
  externalRef: string | null;
  customerName: string;
  customerPhone: string;
  customerEmail: string | null;
  addressLine1: string;
  addressLine2: string;
  city: string;
  state: string;
  pincode: string;
  status: LeadStatus;
  closingReason: string | null;
  chargerModel: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What an OEM-facing webhook delivers for one event (issue #15): the lead as the OEM may read it and the entry. */
export interface OemEventPayload {
  lead: OemLeadView;
  event: OemTimelineEntry;
}

/** Whether an OEM sees timeline entries of `type` (see {@link OEM_EVENT_TYPES}). */
export function oemSeesEventType(type: string): boolean {
  return (OEM_EVENT_TYPES as readonly string[]).includes(type);
}

const STATUS_LABELS: Record<LeadStatus, string> = {
  new: 'Lead received',
  contacted: 'Customer contacted',
  documents_pending: 'Documents requested',
  documents_received: 'Documents received',
  survey_scheduled: 'Survey scheduled',
  survey_completed: 'Survey approved',
  installation_scheduled: 'Installation scheduled',
  installation_completed: 'Installation completed',
  closed: 'Closed: closure pack issued',
  on_hold: 'Put on hold',
  cancelled: 'Cancelled',
};

const DOCUMENT_LABELS: Record<string, string> = {
  electricity_bill: 'electricity bill',
  location_photo: 'location photo',
  electrician_contact: 'electrician contact',
  other: 'other document',
};

/** `installation_material_pending` → "Installation material pending": the fallback for staff-only types. */
const sentence = (type: string) => {
  const words = type.replace(/_/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/**
 * A human-readable label for an entry, e.g. "Survey approved" (`status_changed` to
 * `survey_completed`), "Resumed: Documents requested", "Document received: electricity bill".
 * Labels any type; only the visible ones reach an OEM.
 */
export function eventLabel(event: Pick<LeadEventFacts, 'type' | 'fromStatus' | 'toStatus' | 'data'>): string {
  const documentType = typeof event.data?.documentType === 'string' ? (DOCUMENT_LABELS[event.data.documentType] ?? event.data.documentType) : 'document';
  switch (event.type) {
    case 'created':
      return 'Lead received';
    case 'status_changed': {
      const to = event.toStatus ? STATUS_LABELS[event.toStatus] : 'Status changed';
      if (event.fromStatus === 'on_hold' && event.toStatus !== 'cancelled') return `Resumed: ${to}`;
      // A survey rejected or cancelled sends the lead back a step (DESIGN §5).
      if (event.fromStatus === 'survey_scheduled' && event.toStatus === 'documents_received') return 'Survey not approved: back to documents received';
      if (event.fromStatus === 'installation_scheduled' && event.toStatus === 'survey_completed') return 'Installation cancelled: back to survey approved';
      return to;
    }
    case 'updated':
      return 'Details updated';
    case 'assigned':
      return 'Central Ops owner assigned';
    case 'duplicate_flagged':
      return 'Flagged as a possible duplicate';
    case 'document_uploaded':
      return `Document received: ${documentType}`;
    case 'document_deleted':
      return `Document removed: ${documentType}`;
    case 'closure_pack_generated':
      return 'Closure pack generated';
    case 'anonymised':
      return 'Personal data removed (retention period over)';
    default:
      return sentence(event.type);
  }
}

const ROLE_NAMES: Record<Role, string> = {
  admin: 'ChargeOps administration',
  central_ops: 'Central Ops',
  field_technician: 'Field team',
  oem: 'OEM',
};

/**
 * How an OEM sees who acted: its own account and keys by `oemName` (`"Voltra Motors"`,
 * `"Voltra Motors (API)"`), Central Ops and admins by role, a field technician by team
 * (`"Field team Pune South"`: the team named in the event's `teamId`, else the technician's only
 * team, else "Field team"), a system action as "ChargeOps". Never a person's name.
 */
export function oemActorName(actor: EventActorFacts, oemName: string, data: Record<string, unknown> | null = null): string {
  if (!actor) return 'ChargeOps';
  if (actor.kind === 'api_key') return `${oemName} (API)`;
  if (actor.role === 'oem') return oemName;
  if (actor.role === 'field_technician') {
    const named = actor.teams.find((team) => team.id === data?.teamId) ?? (actor.teams.length === 1 ? actor.teams[0] : undefined);
    return named ? `Field team ${named.name}` : ROLE_NAMES.field_technician;
  }
  return ROLE_NAMES[actor.role];
}

/** `data` reduced to the keys an OEM may read for `type`; null when none is left. */
export function oemEventData(type: string, data: Record<string, unknown> | null): Record<string, unknown> | null {
  const keys = oemSeesEventType(type) ? OEM_EVENT_DATA[type as (typeof OEM_EVENT_TYPES)[number]] : [];
  const kept = Object.fromEntries(keys.filter((key) => data?.[key] !== undefined).map((key) => [key, data![key]]));
  return Object.keys(kept).length ? kept : null;
}

/** One short line for an entry from its OEM-visible data: the reason, the file name or the job's id. */
function oemDetail(type: string, data: Record<string, unknown> | null): string | null {
  if (!data) return null;
  if (typeof data.reason === 'string' && data.reason) return `Reason: ${data.reason}`;
  if (typeof data.fileName === 'string' && data.fileName) return data.fileName;
  if (type === 'updated' && Array.isArray(data.fields)) return `Fields: ${data.fields.join(', ')}`;
  if (typeof data.installationId === 'string') return data.installationId;
  if (typeof data.surveyId === 'string') return data.surveyId;
  return null;
}

/**
 * One event as the owning OEM may read it, or null when the OEM does not see its type. `actor` is
 * the event's actor as {@link loadActorFacts}-style lookups describe it; `oemName` is the OEM's
 * display name (its user's `fullName`).
 */
export function toOemTimelineEntry(event: LeadEventFacts, actor: EventActorFacts, oemName: string): OemTimelineEntry | null {
  if (!oemSeesEventType(event.type)) return null;
  const data = oemEventData(event.type, event.data);
  // The OEM's own account, signed in or through one of its API keys (a key acts as its OEM's user).
  const ownUser = actor?.kind === 'user' && actor.role === 'oem' ? actor.userId : actor?.kind === 'api_key' ? event.actorUserId : null;
  return {
    id: event.id,
    type: event.type,
    label: eventLabel(event),
    fromStatus: event.fromStatus,
    toStatus: event.toStatus,
    actorName: oemActorName(actor, oemName, event.data),
    actorUserId: ownUser,
    actorApiKeyId: event.actorApiKeyId,
    detail: oemDetail(event.type, data),
    data,
    at: event.createdAt,
  };
}

/** The lead response fields that only Central Ops reads: who of its staff owns the lead. */
interface StaffOnlyLeadFields {
  assignedToId: string | null;
  assignedTo: { id: string; fullName: string } | null;
}

/**
 * The names of {@link StaffOnlyLeadFields}: what an OEM's reading of a lead leaves empty, in an
 * answer ({@link asOemLeadResponse}) or in a file (the CSV export maps each to its columns).
 */
export const STAFF_ONLY_LEAD_FIELDS = ['assignedToId', 'assignedTo'] as const satisfies ReadonlyArray<keyof StaffOnlyLeadFields>;

/** One of {@link STAFF_ONLY_LEAD_FIELDS}. */
export type StaffOnlyLeadField = (typeof STAFF_ONLY_LEAD_FIELDS)[number];

/**
 * A lead response as the owning OEM may read it (the API's OEM view; issue #16 item 1): who at
 * Central Ops owns the lead is cleared (the fields stay, null), as the timeline's `assigned`
 * entries carry no name. The duplicate flag stays: it points at another lead of the same OEM,
 * as its `duplicate_flagged` entry does. Changes `response` in place and returns it; both lead
 * mappers call this.
 */
export function asOemLeadResponse<T extends StaffOnlyLeadFields>(response: T): T {
  for (const field of STAFF_ONLY_LEAD_FIELDS) response[field] = null;
  return response;
}

/** The lead fields an OEM may read (see {@link OemLeadView}); `lead` is a Lead entity or anything with its fields. */
export function toOemLeadView(lead: OemLeadView): OemLeadView {
  return {
    id: lead.id,
    oemId: lead.oemId,
    externalRef: lead.externalRef,
    customerName: lead.customerName,
    customerPhone: lead.customerPhone,
    customerEmail: lead.customerEmail,
    addressLine1: lead.addressLine1,
    addressLine2: lead.addressLine2,
    city: lead.city,
    state: lead.state,
    pincode: lead.pincode,
    status: lead.status,
    closingReason: lead.closingReason,
    chargerModel: lead.chargerModel,
    createdAt: lead.createdAt,
    updatedAt: lead.updatedAt,
  };
}

/**
 * What an OEM-facing webhook may carry for `event` on `lead` (issue #15 builds its payloads on
 * this): null when the OEM does not see the event at all, so no delivery is due. The caller loads
 * `actor` (see `LeadAudienceReader.actorFacts`) and passes the OEM's display name.
 */
export function oemEventPayload(lead: OemLeadView, event: LeadEventFacts, actor: EventActorFacts, oemName: string): OemEventPayload | null {
  const entry = toOemTimelineEntry(event, actor, oemName);
  return entry && { lead: toOemLeadView(lead), event: entry };
}
