import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { IsIsoInstant } from '../../../common/validators.js';
import { PageQueryDto } from '../../../common/page-query.dto.js';
import { ROLES, type Role } from '../../../common/auth/roles.js';
import { AUDIT_ACTIONS, AUDIT_ENTITY_TYPES, type AuditAction, type AuditEntityType, type AuditEvent } from '../audit-event.entity.js';

/** `GET /audit-events` filters; all combine with AND. */
export class AuditEventQueryDto extends PageQueryDto {
  /** Changes made by this user. */
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @ApiPropertyOptional({ enum: AUDIT_ENTITY_TYPES, enumName: 'AuditEntityType' })
  @IsOptional()
  @IsIn(AUDIT_ENTITY_TYPES)
  entityType?: AuditEntityType;

  /** The changed record's id (a lead source's is its number). */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  entityId?: string;

  @ApiPropertyOptional({ enum: AUDIT_ACTIONS, enumName: 'AuditAction' })
  @IsOptional()
  @IsIn(AUDIT_ACTIONS)
  action?: AuditAction;

  /**
   * Occurred at or after this instant (ISO 8601): a date `YYYY-MM-DD` (midnight UTC), or a
   * date-time, UTC unless it ends in `Z` or an offset such as `+05:30`.
   */
  @IsOptional()
  @IsIsoInstant()
  from?: string;

  /** Occurred before this instant, in the forms of `from`. */
  @IsOptional()
  @IsIsoInstant()
  to?: string;
}

/** One administrative change: who, when, what. */
export class AuditEventResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  /** When the change was made (millisecond precision). */
  occurredAt!: Date;
  /** The user who made the change; null for a change made outside the API (the system). */
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  actorId!: string | null;
  @ApiProperty({ enum: ROLES, enumName: 'Role', nullable: true })
  actorRole!: Role | null;
  /** Set when the change was made with an OEM API key. */
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  apiKeyId!: string | null;
  @ApiProperty({ enum: AUDIT_ACTIONS, enumName: 'AuditAction' })
  action!: AuditAction;
  @ApiProperty({ enum: AUDIT_ENTITY_TYPES, enumName: 'AuditEntityType' })
  entityType!: AuditEntityType;
  /** The changed record's id. */
  entityId!: string;
  /** Previous values of the changed fields; null for a creation. Never holds secrets. */
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  before!: Record<string, unknown> | null;
  /** New values of the changed fields; null for a removal. Never holds secrets. */
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  after!: Record<string, unknown> | null;
  /** The `X-Request-Id` of the request that made the change. */
  @ApiProperty({ type: String, nullable: true })
  requestId!: string | null;
}

export class AuditEventPageDto {
  data!: AuditEventResponseDto[];
  /** Opaque cursor of the next page; null on the last page. */
  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
  /** Every match, only with `withTotal=true`. */
  total?: number;
}

/** Maps a stored event to its public shape. */
export function toAuditEventResponse(event: AuditEvent): AuditEventResponseDto {
  return {
    id: event.id,
    occurredAt: event.occurredAt,
    actorId: event.actorId,
    actorRole: event.actorRole,
    apiKeyId: event.apiKeyId,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId,
    before: event.before,
    after: event.after,
    requestId: event.requestId,
  };
}
