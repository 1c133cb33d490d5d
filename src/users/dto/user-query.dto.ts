import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../common/page-query.dto.js';
import { ROLES, type Role } from '../../common/auth/roles.js';

export class UserQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ROLES, enumName: 'Role' })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  /** Exact email (case-insensitive). */
  @IsOptional()
  @IsEmail()
  email?: string;
}
