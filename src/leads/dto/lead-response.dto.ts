import { ApiProperty } from '@nestjs/swagger';
import type { Actor } from '../../common/auth/actor.js';
import { LEAD_EVENT_TYPES } from '../entities/lead-event.entity.js';
import type { LeadEvent } from '../entities/lead-event.entity.js';
import { SOURCE_TYPES, type SourceType } from '../entities/lead-source.entity.js';
import { LEAD_STATUSES, type Lead, type LeadStatus } from '../entities/lead.entity.js';
import { asOemLeadResponse } from '../audience/oem-audience.js';
import { allowedManualTargets } from '../lead-state-machine.js';
import type { SlaState } from '../sla.js';
import { LeadClosurePackLinkDto, LeadInstallationSummaryDto, type LeadJobView, LeadSurveySummaryDto } from './lead-job-summary.dto.js';

export class UserSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  fullName!: string;
}

export class LeadSourceSummaryDto {
  id!: number;
  name!: string;
  @ApiProperty({ enum: SOURCE_TYPES, enumName: 'SourceType' })
  sourceType!: SourceType;
}

/** A lead's stage SLA (issue 14 item 3): the stage it is due to reach next, by when, and whether that has passed. */
export class LeadSlaDto {
  @ApiProperty({ enum: LEAD_STATUSES, enumName: 'LeadStatus' })
  stage!: LeadStatus;
  /** Entered the current status + the stage's target (`SLA_HOURS`). */
  dueAt!: Date;
  overdue!: boolean;
}

export class LeadResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  oemId!: string;
  oem!: UserSummaryDto;
  @ApiProperty({ type: String, nullable: true })
  externalRef!: string | null;
  customerName!: string;
  /** E.164. */
  customerPhone!: string;
  @ApiProperty({ type: String, nullable: true })
  customerEmail!: string | null;
  addressLine1!: string;
  addressLine2!: string;
  city!: string;
  state!: string;
  pincode!: string;
  @ApiProperty({ type: Number, nullable: true })
  latitude!: number | null;
  @ApiProperty({ type: Number, nullable: true })
  longitude!: number | null;
  sourceId!: number;
  source!: LeadSourceSummaryDto;
  @ApiProperty({ enum: LEAD_STATUSES, enumName: 'LeadStatus' })
  status!: LeadStatus;
  /** Where `resume` returns to while the lead is on hold. */
  @ApiProperty({ enum: LEAD_STATUSES, enumName: 'LeadStatus', nullable: true })
  statusBeforeHold!: LeadStatus | null;
  /** The note on the last hold or cancellation (before issue 14: the whole free-text reason). */
  @ApiProperty({ type: String, nullable: true })
  closingReason!: string | null;
  /** The closing reason of the last hold or cancellation (`GET /closing-reasons`). */
  @ApiProperty({ type: String, nullable: true })
  closingReasonCode!: string | null;
  @ApiProperty({ type: String, nullable: true })
  chargerModel!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  assignedToId!: string | null;
  @ApiProperty({ type: UserSummaryDto, nullable: true })
  assignedTo!: UserSummaryDto | null;
  introCallCompleted!: boolean;
  /** Another open lead of the same OEM with the same phone and pincode, when the duplicate check flagged one. */
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  possibleDuplicateOfId!: string | null;
  /** Statuses a manual `POST /leads/{id}/transitions` may move this lead to now. */
  @ApiProperty({ enum: LEAD_STATUSES, enumName: 'LeadStatus', isArray: true })
  allowedTransitions!: readonly LeadStatus[];
  /** The lead's latest site survey (status, date and slot; also shown to the OEM), or null before one is scheduled. */
  @ApiProperty({ type: LeadSurveySummaryDto, nullable: true })
  survey!: LeadSurveySummaryDto | null;
  /** The lead's installation (status, date and slot; also shown to the OEM), or null before one is planned. */
  @ApiProperty({ type: LeadInstallationSummaryDto, nullable: true })
  installation!: LeadInstallationSummaryDto | null;
  /** Once the lead is closed: where the OEM downloads the closure pack (with its API key). */
  @ApiProperty({ type: LeadClosurePackLinkDto, nullable: true })
  closurePack!: LeadClosurePackLinkDto | null;
  /** Labels set by Central Ops (`PUT /leads/{id}/tags`), sorted. */
  tags!: string[];
  /** When the lead entered its current status (null for a lead the issue-14 migration could not date). */
  @ApiProperty({ type: Date, nullable: true })
  statusEnteredAt!: Date | null;
  /** The stage SLA; null on hold, closed or cancelled. */
  @ApiProperty({ type: LeadSlaDto, nullable: true })
  sla!: LeadSlaDto | null;
  /** Optimistic-lock version; the ETag is `W/"<version>"`. */
  version!: number;
  createdAt!: Date;
  updatedAt!: Date;
}

export class LeadPageDto {
  data!: LeadResponseDto[];
  /** Opaque cursor of the next page; null on the last page. */
  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
  /** Every match, only with `withTotal=true`. */
  total?: number;
}

export class LeadEventResponseDto {
  id!: number;
  @ApiProperty({ format: 'uuid' })
  leadId!: string;
  @ApiProperty({ description: `One of ${LEAD_EVENT_TYPES.join(', ')}, or a later module's type` })
  type!: string;
  @ApiProperty({ enum: LEAD_STATUSES, enumName: 'LeadStatus', nullable: true })
  fromStatus!: LeadStatus | null;
  @ApiProperty({ enum: LEAD_STATUSES, enumName: 'LeadStatus', nullable: true })
  toStatus!: LeadStatus | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  actorUserId!: string | null;
  /** Set when the change came through an OEM API key. */
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  actorApiKeyId!: string | null;
  /** Human-readable, e.g. "Survey approved" (the audience policy's label, `leads/audience/oem-audience.ts`). */
  label!: string;
  /** Who acted: a person for staff readers; for an OEM a role or team ("Central Ops", "Field team Pune South") or the OEM itself. */
  actorName!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  data!: Record<string, unknown> | null;
  createdAt!: Date;
}

export class LeadEventPageDto {
  data!: LeadEventResponseDto[];
  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
  total?: number;
}

const summary = (user: { id: string; fullName: string } | null | undefined): UserSummaryDto | null =>
  user ? { id: user.id, fullName: user.fullName } : null;

/** What a lead response shows besides the lead row: its tags and its SLA state now (see leads/sla.ts `slaOf`). */
export interface LeadResponseExtras {
  tags: string[];
  sla: SlaState | null;
}

/**
 * Maps a lead (with oem, source and assignedTo loaded), its job view (latest survey,
 * installation, closure pack; null before any), its tags and SLA to its response; OEMs do not see
 * Central Ops internals.
 */
export function toLeadResponse(lead: Lead, actor: Actor, jobs: LeadJobView | null, extras: LeadResponseExtras): LeadResponseDto {
  const isOem = actor.role === 'oem';
  const response: LeadResponseDto = {
    id: lead.id,
    oemId: lead.oemId,
    oem: summary(lead.oem) ?? { id: lead.oemId, fullName: '' },
    externalRef: lead.externalRef,
    customerName: lead.customerName,
    customerPhone: lead.customerPhone,
    customerEmail: lead.customerEmail,
    addressLine1: lead.addressLine1,
    addressLine2: lead.addressLine2,
    city: lead.city,
    state: lead.state,
    pincode: lead.pincode,
    latitude: lead.latitude,
    longitude: lead.longitude,
    sourceId: lead.sourceId,
    source: { id: lead.source.id, name: lead.source.name, sourceType: lead.source.sourceType },
    status: lead.status,
    statusBeforeHold: lead.statusBeforeHold,
    closingReason: lead.closingReason,
    closingReasonCode: lead.closingReasonCode,
    chargerModel: lead.chargerModel,
    assignedToId: lead.assignedToId,
    assignedTo: summary(lead.assignedTo),
    introCallCompleted: lead.introCallCompleted,
    possibleDuplicateOfId: lead.possibleDuplicateOfId,
    allowedTransitions: isOem ? [] : allowedManualTargets(lead),
    survey: jobs?.survey ?? null,
    installation: jobs?.installation ?? null,
    closurePack: jobs?.closurePack ?? null,
    tags: extras.tags,
    statusEnteredAt: lead.statusEnteredAt,
    sla: extras.sla,
    version: lead.version,
    createdAt: lead.createdAt,
    updatedAt: lead.updatedAt,
  };
  return isOem ? asOemLeadResponse(response) : response;
}

/** Maps an event as a staff reader sees it; `named` carries its label and actor name (an OEM's view comes from `toOemTimelineEntry`). */
export function toLeadEventResponse(event: LeadEvent, named: { label: string; actorName: string }): LeadEventResponseDto {
  return {
    ...named,
    id: event.id,
    leadId: event.leadId,
    type: event.type,
    fromStatus: event.fromStatus,
    toStatus: event.toStatus,
    actorUserId: event.actorUserId,
    actorApiKeyId: event.actorApiKeyId,
    data: event.data,
    createdAt: event.createdAt,
  };
}
