import { Body, Controller, Get, HttpCode, Ip, Post, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblem, ApiProblemResponses } from '../common/problem-responses.decorator.js';
import type { UserResponseDto } from '../users/dto/user.dto.js';
import { type Actor, CurrentActor } from '../common/auth/actor.js';
import { type AuditActor, CurrentAuditActor } from '../users/audit/audit-actor.js';
import { AuthService } from './auth.service.js';
import { Authenticated } from '../common/auth/authenticated.decorator.js';
import { ChangePasswordDto, LoginDto, RefreshDto, type TokenPairDto } from './dto/auth.dto.js';
import { RetryAfterInterceptor } from './throttling/retry-after.interceptor.js';

/** What RetryAfterInterceptor sets on every 429 `AUTH_THROTTLED` of this controller. */
const RETRY_AFTER = {
  'Retry-After': { description: 'Seconds until the lockout ends (RFC 9110 §10.2.3)', schema: { type: 'integer', minimum: 1 } },
};

@ApiTags('auth')
@Controller('auth')
@UseInterceptors(RetryAfterInterceptor)
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** Signs in with email and password. Failed attempts lock out the account and the client address for a growing time. */
  @Post('login')
  @HttpCode(200)
  @Authenticated({ public: true })
  @ApiProblemResponses(400)
  @ApiProblem(401, 'Wrong email or password, or the account is inactive')
  @ApiProblem(429, 'Too many failed attempts for this account or from this address; `Retry-After` says when to try again', RETRY_AFTER)
  login(@Body() dto: LoginDto, @Ip() ip: string): Promise<TokenPairDto> {
    return this.auth.login(dto, ip);
  }

  /** Exchanges a refresh token for a new token pair; the old refresh token stops working. */
  @Post('refresh')
  @HttpCode(200)
  @Authenticated({ public: true })
  @ApiProblemResponses(400)
  @ApiProblem(401, 'The refresh token is invalid, expired, revoked or was already used')
  @ApiProblem(429, 'Too many failed refreshes from this address; `Retry-After` says when to try again', RETRY_AFTER)
  refresh(@Body() dto: RefreshDto, @Ip() ip: string): Promise<TokenPairDto> {
    return this.auth.refresh(dto.refreshToken, ip);
  }

  /**
   * Changes the caller's own password and ends every other session of the account: access tokens
   * issued before stop working, every refresh token is revoked. Answers a fresh token pair for this
   * session. Needs a bearer token (an API key answers 403 `AUTH_SESSION_REQUIRED`).
   */
  @Post('password')
  @HttpCode(200)
  @Authenticated({ roles: ['admin', 'central_ops', 'oem', 'field_technician'] })
  // Bearer only: the role check admits an OEM's API key, which the service then refuses (403 AUTH_SESSION_REQUIRED).
  @ApiOperation({ security: [{ bearer: [] }] })
  @ApiProblemResponses(400)
  @ApiProblem(403, 'The current password is wrong (`AUTH_CURRENT_PASSWORD_WRONG`), or the caller used an API key (`AUTH_SESSION_REQUIRED`)')
  @ApiProblem(429, 'Too many wrong current passwords; `Retry-After` says when to try again', RETRY_AFTER)
  changePassword(@CurrentAuditActor() actor: AuditActor, @Body() dto: ChangePasswordDto, @Ip() ip: string): Promise<TokenPairDto> {
    return this.auth.changePassword(actor, dto, ip);
  }

  /** Revokes the given refresh token and every token rotated from the same login. */
  @Post('logout')
  @HttpCode(204)
  @Authenticated({ roles: ['admin', 'central_ops', 'oem', 'field_technician'] })
  @ApiProblemResponses(400)
  logout(@CurrentActor() actor: Actor, @Body() dto: RefreshDto): Promise<void> {
    return this.auth.logout(actor, dto.refreshToken);
  }

  /** The signed-in account (for an API key: the OEM it belongs to). */
  @Get('me')
  @Authenticated()
  me(@CurrentActor() actor: Actor): Promise<UserResponseDto> {
    return this.auth.me(actor);
  }
}
