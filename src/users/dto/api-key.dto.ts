import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { Trim } from '../../common/validators.js';
import type { ApiKey } from '../entities/api-key.entity.js';

export class CreateApiKeyDto {
  /** A label for the key, e.g. the integration that uses it. */
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;
}

export class ApiKeyResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  name!: string;
  /** First 8 characters of the key. */
  prefix!: string;
  lastUsedAt!: Date | null;
  revokedAt!: Date | null;
  createdAt!: Date;
}

export class CreatedApiKeyDto extends ApiKeyResponseDto {
  /** The key itself, to send as `X-API-Key`. Shown only in this response. */
  key!: string;
}

export function toApiKeyResponse(key: ApiKey): ApiKeyResponseDto {
  return { id: key.id, name: key.name, prefix: key.prefix, lastUsedAt: key.lastUsedAt, revokedAt: key.revokedAt, createdAt: key.createdAt };
}
