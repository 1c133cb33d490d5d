import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import { ApiProblem, ApiProblemResponses } from '../common/problem-responses.decorator.js';
import type { UserResponseDto } from '../users/dto/user.dto.js';
import { type Actor, CurrentActor } from './actor.js';
import { AuthService } from './auth.service.js';
import { Authenticated } from './authenticated.decorator.js';
import { LoginDto, RefreshDto, type TokenPairDto } from './dto/auth.dto.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** Signs in with email and password. Rate-limited per client address. */
  @Post('login')
  @HttpCode(200)
  @Authenticated({ public: true })
  @UseGuards(ThrottlerGuard)
  @Throttle({ login: {} })
  @ApiProblemResponses(400)
  @ApiProblem(401, 'Wrong email or password, or the account is inactive')
  @ApiProblem(429, 'Too many login attempts')
  login(@Body() dto: LoginDto): Promise<TokenPairDto> {
    return this.auth.login(dto);
  }

  /** Exchanges a refresh token for a new token pair; the old refresh token stops working. */
  @Post('refresh')
  @HttpCode(200)
  @Authenticated({ public: true })
  @ApiProblemResponses(400)
  @ApiProblem(401, 'The refresh token is invalid, expired, revoked or was already used')
  refresh(@Body() dto: RefreshDto): Promise<TokenPairDto> {
    return this.auth.refresh(dto.refreshToken);
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
