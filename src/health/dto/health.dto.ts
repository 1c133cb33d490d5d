import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';

/** Overall states answered with 200; `error` and `shutting_down` answer 503 as problem+json instead. */
export const HEALTH_STATUSES = ['ok', 'degraded'] as const;
export type HealthStatus = (typeof HEALTH_STATUSES)[number];

export const HEALTH_INDICATOR_STATUSES = ['up', 'degraded', 'down'] as const;
export type HealthIndicatorStatus = (typeof HEALTH_INDICATOR_STATUSES)[number];

/** One indicator's state (e.g. `database`); an indicator may add members of its own. */
export class HealthIndicatorDto {
  @ApiProperty({ enum: HEALTH_INDICATOR_STATUSES, enumName: 'HealthIndicatorStatus' })
  status!: HealthIndicatorStatus;

  /** How long the indicator took to answer, in milliseconds. */
  responseTime?: number;

  /** `notifications` only: whether SMTP_URL is set. */
  smtpConfigured?: boolean;

  /** `notifications` only: staff e-mails this process recorded as skipped because no SMTP is configured. */
  skippedEmails?: number;
}

const INDICATOR_MAP = { type: 'object', additionalProperties: { $ref: getSchemaPath(HealthIndicatorDto) } } as const;

/** `GET /health` while the service can take traffic (the shape of terminus' HealthCheckResult). */
export class HealthResponseDto {
  @ApiProperty({ enum: HEALTH_STATUSES, enumName: 'HealthStatus' })
  status!: HealthStatus;

  /** Indicators that are up, by name. */
  @ApiPropertyOptional({ ...INDICATOR_MAP, nullable: true })
  info?: Record<string, HealthIndicatorDto> | null;

  /** Indicators that are down, by name. */
  @ApiPropertyOptional({ ...INDICATOR_MAP, nullable: true })
  error?: Record<string, HealthIndicatorDto> | null;

  /** Every indicator, by name. */
  @ApiProperty(INDICATOR_MAP)
  details!: Record<string, HealthIndicatorDto>;
}
