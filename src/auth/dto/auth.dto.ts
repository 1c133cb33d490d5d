import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsNotEmpty, IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  /** The account's email address (case-insensitive). */
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  password!: string;
}

export class RefreshDto {
  /** The refresh token from the last login or refresh; each one works once. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  refreshToken!: string;
}

export class ChangePasswordDto {
  /** The password the account signs in with now. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  currentPassword!: string;

  /** At least 10 characters (the policy of `POST /users`), different from the current one. */
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  newPassword!: string;
}

export class TokenPairDto {
  /** JWT to send as `Authorization: Bearer …`. */
  accessToken!: string;
  /** Opaque token for `POST /auth/refresh`; rotated on every use. */
  refreshToken!: string;
  /** Access-token lifetime in seconds. */
  expiresIn!: number;
  @ApiProperty({ enum: ['Bearer'], enumName: 'TokenType' })
  tokenType!: 'Bearer';
}
