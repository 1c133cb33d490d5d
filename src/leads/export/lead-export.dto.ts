import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { LeadFilterDto } from '../dto/lead.dto.js';

/** `GET /leads/export`: the list filters ({@link LeadFilterDto}), and how the file is written. */
export class LeadExportQueryDto extends LeadFilterDto {
  /**
   * `true`: the file starts with a UTF-8 byte order mark (the bytes EF BB BF), so that Excel on
   * Windows opens it as UTF-8 (without one it reads the file in the computer's code page, and
   * Devanagari or Tamil names show as mojibake); the rest of the file is the same bytes. Absent or
   * `false`: no BOM (RFC 4180 has none, and a program that does not expect one reads it into the
   * first column's name). The import skips a BOM. Excel still turns phones and digit-only
   * references into numbers when it opens a CSV (`+919812345678` → 9.19812E+11, `000123` → 123):
   * open the file with Data › From Text/CSV and make those columns Text.
   */
  @ApiPropertyOptional({ type: Boolean, default: false })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  bom?: boolean;
}
