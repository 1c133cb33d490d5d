import type { Actor } from '../common/auth/actor.js';
import type { LeadResponseDto } from './dto/lead-response.dto.js';
import type { LeadStatus } from './entities/lead.entity.js';
import type { SourceType } from './entities/lead-source.entity.js';
import { asOemLeadResponse } from './audience/oem-audience.js';
import { allowedManualTargets } from './lead-state-machine.js';

/**
 * The column names a lead read selects (TypeORM's aliases, as `LeadsRepository.withSummaries`
 * joins them, or as `LeadsRepository.readRows` appends the names it looked up), by the response
 * field each one feeds.
 */
export const LEAD_ROW_COLUMNS = {
  id: 'lead_id',
  oemId: 'lead_oem_id',
  externalRef: 'lead_external_ref',
  customerName: 'lead_customer_name',
  customerPhone: 'lead_customer_phone',
  customerEmail: 'lead_customer_email',
  addressLine1: 'lead_address_line1',
  addressLine2: 'lead_address_line2',
  city: 'lead_city',
  state: 'lead_state',
  pincode: 'lead_pincode',
  latitude: 'lead_latitude',
  longitude: 'lead_longitude',
  sourceId: 'lead_source_id',
  status: 'lead_status',
  statusBeforeHold: 'lead_status_before_hold',
  closingReason: 'lead_closing_reason',
  closingReasonCode: 'lead_closing_reason_code',
  chargerModel: 'lead_charger_model',
  assignedToId: 'lead_assigned_to_id',
  introCallCompleted: 'lead_intro_call_completed',
  possibleDuplicateOfId: 'lead_possible_duplicate_of_id',
  statusEnteredAt: 'lead_status_entered_at',
  version: 'lead_version',
  createdAt: 'lead_created_at',
  updatedAt: 'lead_updated_at',
  oemName: 'oem_full_name',
  sourceName: 'source_name',
  sourceType: 'source_source_type',
  assigneeName: 'assignedTo_full_name',
} as const;

/** Where each field is in a row: its column's index. */
export type LeadRowPlan = Readonly<Record<keyof typeof LEAD_ROW_COLUMNS, number>>;

/** The plans worked out so far, with their column lists: a handful (a list page's, a single read's). */
const plans: { columns: readonly string[]; plan: LeadRowPlan }[] = [];

/**
 * The plan for rows with these columns, worked out once per column list (a list page and a single
 * read select the same ones). Found by comparing the names one by one: the driver gives a new
 * array of new strings per result, and joining them into a key cost more than the comparison.
 * @throws Error when a column the response needs is not selected (a query not built by withSummaries)
 */
export function leadRowPlan(columns: readonly string[]): LeadRowPlan {
  for (const known of plans) if (sameColumns(known.columns, columns)) return known.plan;
  const plan = Object.fromEntries(
    Object.entries(LEAD_ROW_COLUMNS).map(([field, column]) => {
      const index = columns.indexOf(column);
      if (index < 0) throw new Error(`A lead read did not select ${column}`);
      return [field, index];
    }),
  ) as LeadRowPlan;
  if (plans.length >= 32) plans.length = 0;
  plans.push({ columns: [...columns], plan });
  return plan;
}

function sameColumns(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * A timestamp column's text as both drivers give it here (`YYYY-MM-DD HH:MM:SS[.ffffff]`, UTC) in
 * ISO 8601 with milliseconds, the form `Date#toISOString` prints: built from the text, since a
 * `Date` parsed only to be printed again was a measurable part of a list page (issue #13). Typed
 * as `Date` because the response DTOs are (the spec's `date-time`); the compiled serializer writes
 * a string either way.
 */
export function isoTimestamp(value: unknown): Date {
  if (typeof value === 'string' && value.length >= 19 && value[4] === '-' && (value[10] === ' ' || value[10] === 'T')) {
    const fraction = value[19] === '.' ? `${value.slice(20, 23)}00`.slice(0, 3) : '000';
    return `${value.slice(0, 10)}T${value.slice(11, 19)}.${fraction}Z` as unknown as Date;
  }
  return new Date(value as string | number | Date).toISOString() as unknown as Date;
}

/** A numeric column (PostgreSQL sends numeric as text) as a number, null kept. */
export function numberOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/**
 * The response for one lead row (the one object built per row; issue #13 item 2): every column
 * read straight from the driver's array, timestamps kept as text, the summaries inline. The job
 * summaries, tags and SLA start empty: `LeadsService` fills them for the whole page at once.
 * OEMs read it through the audience policy (`asOemLeadResponse`) and get no manual transitions,
 * as from `toLeadResponse`.
 */
export function leadResponseOfRow(row: readonly unknown[], p: LeadRowPlan, actor: Actor): LeadResponseDto {
  const response = responseOfRow(row, p, actor);
  return actor.role === 'oem' ? asOemLeadResponse(response) : response;
}

function responseOfRow(row: readonly unknown[], p: LeadRowPlan, actor: Actor): LeadResponseDto {
  const status = row[p.status] as LeadStatus;
  const statusBeforeHold = row[p.statusBeforeHold] as LeadStatus | null;
  const assignedToId = row[p.assignedToId] as string | null;
  const enteredAt = row[p.statusEnteredAt];
  return {
    id: row[p.id] as string,
    oemId: row[p.oemId] as string,
    oem: { id: row[p.oemId] as string, fullName: (row[p.oemName] as string | null) ?? '' },
    externalRef: row[p.externalRef] as string | null,
    customerName: row[p.customerName] as string,
    customerPhone: row[p.customerPhone] as string,
    customerEmail: row[p.customerEmail] as string | null,
    addressLine1: row[p.addressLine1] as string,
    addressLine2: row[p.addressLine2] as string,
    city: row[p.city] as string,
    state: row[p.state] as string,
    pincode: row[p.pincode] as string,
    latitude: numberOrNull(row[p.latitude]),
    longitude: numberOrNull(row[p.longitude]),
    sourceId: row[p.sourceId] as number,
    source: { id: row[p.sourceId] as number, name: row[p.sourceName] as string, sourceType: row[p.sourceType] as SourceType },
    status,
    statusBeforeHold,
    closingReason: row[p.closingReason] as string | null,
    closingReasonCode: row[p.closingReasonCode] as string | null,
    chargerModel: row[p.chargerModel] as string | null,
    assignedToId,
    assignedTo: assignedToId === null ? null : { id: assignedToId, fullName: row[p.assigneeName] as string },
    introCallCompleted: Boolean(row[p.introCallCompleted]),
    possibleDuplicateOfId: row[p.possibleDuplicateOfId] as string | null,
    allowedTransitions: actor.role === 'oem' ? [] : allowedManualTargets({ status, statusBeforeHold }),
    survey: null,
    installation: null,
    closurePack: null,
    tags: [],
    statusEnteredAt: enteredAt === null || enteredAt === undefined ? null : isoTimestamp(enteredAt),
    sla: null,
    version: Number(row[p.version]),
    createdAt: isoTimestamp(row[p.createdAt]),
    updatedAt: isoTimestamp(row[p.updatedAt]),
  };
}
