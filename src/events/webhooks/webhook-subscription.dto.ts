import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/page-query.dto.js';
import { IsOptionalNonNull, Trim } from '../../common/validators.js';
import { DELIVERY_STATUSES, type DeliveryStatus, type OutboxDelivery } from '../entities/outbox-delivery.entity.js';
import type { WebhookSubscription } from '../entities/webhook-subscription.entity.js';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from './webhook-events.js';

/** The types a subscription may list (`webhook.test` reaches every subscription on request). */
export const SUBSCRIBABLE_EVENT_TYPES = WEBHOOK_EVENT_TYPES.filter((t) => t !== 'webhook.test');

export class CreateWebhookSubscriptionDto {
  /** Where events are POSTed: https (http only with WEBHOOK_ALLOW_HTTP), not a private or loopback address. */
  @Trim()
  @IsString()
  @MaxLength(2000)
  url!: string;

  /** The event types to receive. */
  @ApiProperty({ enum: SUBSCRIBABLE_EVENT_TYPES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsIn(SUBSCRIBABLE_EVENT_TYPES, { each: true })
  events!: WebhookEventType[];

  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(500)
  description?: string;

  /** false creates it paused (default true). */
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  /** The OEM it belongs to: required for staff, the caller itself for an OEM. */
  @IsOptional()
  @IsUUID()
  oemId?: string;
}

export class UpdateWebhookSubscriptionDto {
  @IsOptionalNonNull()
  @Trim()
  @IsString()
  @MaxLength(2000)
  url?: string;

  @ApiPropertyOptional({ enum: SUBSCRIBABLE_EVENT_TYPES, isArray: true })
  @IsOptionalNonNull()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsIn(SUBSCRIBABLE_EVENT_TYPES, { each: true })
  events?: WebhookEventType[];

  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(500)
  description?: string;

  /** true re-enables a subscription the server disabled (its held-back deliveries then go out in order); false pauses it. */
  @IsOptionalNonNull()
  @IsBoolean()
  active?: boolean;
}

export class WebhookSubscriptionQueryDto extends PageQueryDto {
  /** Staff only: the subscriptions of one OEM. */
  @IsOptional()
  @IsUUID()
  oemId?: string;
}

export class WebhookSubscriptionResponseDto {
  id!: string;
  oemId!: string;
  url!: string;
  @ApiProperty({ enum: SUBSCRIBABLE_EVENT_TYPES, isArray: true })
  events!: string[];
  @ApiProperty({ type: String, nullable: true })
  description!: string | null;
  active!: boolean;
  /** Why the server disabled it: `gone` (410 from the receiver) or `failing`; null otherwise. */
  @ApiProperty({ type: String, nullable: true, enum: ['gone', 'failing'] })
  disabledReason!: string | null;
  /** Start of the current run of failures; null while deliveries succeed. */
  @ApiProperty({ type: Date, nullable: true })
  failingSince!: Date | null;
  /**
   * Until when the secret replaced by the last rotation still signs deliveries, beside the current
   * one (24 h after the rotation; a past time once over); null if the secret was never rotated.
   * That secret itself is never returned.
   */
  @ApiProperty({ type: Date, nullable: true })
  previousSecretExpiresAt!: Date | null;
  createdAt!: Date;
  updatedAt!: Date;
}

/** The answer to creation and to `rotate-secret`: the only time the secret is shown (after a rotation, `previousSecretExpiresAt` says until when the replaced one still signs). */
export class WebhookSubscriptionWithSecretDto extends WebhookSubscriptionResponseDto {
  /** Standard Webhooks signing secret, `whsec_` + base64 of 32 random bytes. Shown once: store it. */
  secret!: string;
}

export class WebhookSubscriptionPageDto {
  data!: WebhookSubscriptionResponseDto[];
  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
  total?: number;
}

export class WebhookDeliveryResponseDto {
  id!: string;
  /** The `webhook-id` header it is sent with, the same on every attempt. */
  webhookId!: string;
  subscriptionId!: string;
  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES })
  eventType!: string;
  @ApiProperty({ type: String, nullable: true })
  leadId!: string | null;
  @ApiProperty({ enum: DELIVERY_STATUSES })
  status!: DeliveryStatus;
  attempts!: number;
  /** The receiver's last HTTP status; null before the first attempt or when no answer came. */
  @ApiProperty({ type: Number, nullable: true })
  lastResponseCode!: number | null;
  @ApiProperty({ type: Date, nullable: true })
  lastAttemptAt!: Date | null;
  /** Why the last attempt failed (timeout, refused address, "answered 500"). */
  @ApiProperty({ type: String, nullable: true })
  lastError!: string | null;
  /** When it is tried next; null once delivered or failed. */
  @ApiProperty({ type: Date, nullable: true })
  nextAttemptAt!: Date | null;
  @ApiProperty({ type: Date, nullable: true })
  deliveredAt!: Date | null;
  createdAt!: Date;
}

export class WebhookDeliveryPageDto {
  data!: WebhookDeliveryResponseDto[];
  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
  total?: number;
}

export function toWebhookSubscriptionResponse(s: WebhookSubscription): WebhookSubscriptionResponseDto {
  return {
    id: s.id,
    oemId: s.oemId,
    url: s.url,
    events: s.events,
    description: s.description,
    active: s.isActive,
    disabledReason: s.disabledReason,
    failingSince: s.failingSince,
    previousSecretExpiresAt: s.previousSecretExpiresAt,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}

export function toWebhookDeliveryResponse(d: OutboxDelivery): WebhookDeliveryResponseDto {
  return {
    id: d.id,
    webhookId: `msg_${d.id}`,
    subscriptionId: d.subscriptionId!,
    eventType: d.eventType,
    leadId: d.leadId,
    status: d.status,
    attempts: d.attempts,
    lastResponseCode: d.lastResponseCode,
    lastAttemptAt: d.lastAttemptAt,
    lastError: d.lastError,
    nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt : null,
    deliveredAt: d.deliveredAt,
    createdAt: d.createdAt,
  };
}
