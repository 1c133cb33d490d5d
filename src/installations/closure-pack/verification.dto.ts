import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsUUID, Matches } from 'class-validator';

/** `GET /closure-packs/verify`: one of `sha256` or `packId`. */
export class VerifyClosurePackQueryDto {
  /** SHA-256 (64 hex digits, either case) of a pack's ZIP or of its manifest.json. */
  // The documented pattern takes either case: the value is lower-cased before the check below.
  @ApiPropertyOptional({ pattern: '^[0-9A-Fa-f]{64}$' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @Matches(/^[0-9a-f]{64}$/, { message: 'sha256 must be 64 hexadecimal digits' })
  sha256?: string;

  /** The pack id printed in summary.pdf's footer (and encoded in its QR code). */
  @IsOptional()
  @IsUUID()
  packId?: string;
}

/**
 * What the public verify route answers: whether this server issued the pack and, if so, its ids,
 * time and hashes. Nothing about the customer or the site: anyone may ask.
 */
export class ClosurePackVerificationDto {
  issued!: boolean;
  @ApiProperty({ format: 'uuid', required: false })
  packId?: string;
  /** Human-readable, e.g. `INS-2026-000123`. */
  installationId?: string;
  generatedAt?: Date;
  /** SHA-256 of the ZIP as issued, lower-case hex. */
  zipSha256?: string;
  /** SHA-256 of its manifest.json, lower-case hex; null for a pack issued before manifests were signed. */
  @ApiProperty({ type: String, nullable: true, required: false })
  manifestSha256?: string | null;
}
