import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

// Lives in a *.dto.ts file so the swagger CLI plugin documents every field as a query parameter.

/** `?limit=&cursor=&withTotal=` (DESIGN §6 keyset pagination). */
export class PageQueryDto {
  /** Page size, 1–100. */
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 25 })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 25;

  /** Opaque cursor from a previous page's `nextCursor`. */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;

  /** Also count every match (costs a second query). */
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  withTotal?: boolean;
}
