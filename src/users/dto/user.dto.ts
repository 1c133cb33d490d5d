import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { IsE164Phone, IsOptionalNonNull, Trim } from '../../common/validators.js';
import { type User } from '../entities/user.entity.js';
import { ROLES, type Role } from '../../common/auth/roles.js';

export class CreateUserDto {
  /** Stored lower-cased; unique. */
  @IsEmail()
  @MaxLength(254)
  email!: string;

  /** At least 10 characters. */
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  password!: string;

  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  fullName!: string;

  /** Any valid phone number; stored in E.164 (Indian numbers may omit +91). */
  @IsOptional()
  @IsE164Phone()
  phone?: string;

  @ApiProperty({ enum: ROLES, enumName: 'Role' })
  @IsIn(ROLES)
  role!: Role;
}

export class UpdateUserDto {
  @IsOptionalNonNull()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  fullName?: string;

  @IsOptional()
  @IsE164Phone()
  phone?: string;

  /** Sets a new password (at least 10 characters). */
  @IsOptionalNonNull()
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  password?: string;

  /** Deactivated accounts cannot sign in and their tokens and API keys stop working. */
  @IsOptionalNonNull()
  @IsBoolean()
  isActive?: boolean;
}

export class UserResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  email!: string;
  fullName!: string;
  /** E.164. */
  phone!: string | null;
  @ApiProperty({ enum: ROLES, enumName: 'Role' })
  role!: Role;
  isActive!: boolean;
  createdAt!: Date;
  updatedAt!: Date;
}

export class UserPageDto {
  data!: UserResponseDto[];
  /** Opaque cursor of the next page; null on the last page. */
  nextCursor!: string | null;
  /** Every match, only with `withTotal=true`. */
  total?: number;
}

/** Maps a User to its public shape; the password hash never leaves the service. */
export function toUserResponse(user: User): UserResponseDto {
  return {
    id: user.id,
    email: user.email,
    fullName: user.fullName,
    phone: user.phone,
    role: user.role,
    isActive: user.isActive,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}
