import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../common/auth/authenticated.decorator.js';
import { ApiProblem, ApiProblemResponses } from '../common/problem-responses.decorator.js';
import { type AuditActor, CurrentAuditActor } from './audit/audit-actor.js';
import { ApiKeyResponseDto, CreateApiKeyDto, CreatedApiKeyDto } from './dto/api-key.dto.js';
import { CreateUserDto, UpdateUserDto, UserPageDto, UserResponseDto } from './dto/user.dto.js';
import { UserQueryDto } from './dto/user-query.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@Controller('users')
@Authenticated({ roles: ['admin'] })
export class UsersController {
  constructor(private readonly users: UsersService) {}

  /** Creates a user of any role. */
  @Post()
  @ApiProblemResponses(400)
  @ApiProblem(409, 'Email already taken')
  create(@CurrentAuditActor() actor: AuditActor, @Body() dto: CreateUserDto): Promise<UserResponseDto> {
    return this.users.create(dto, actor);
  }

  /** Lists users, newest first. */
  @Get()
  @ApiProblemResponses(400)
  list(@Query() query: UserQueryDto): Promise<UserPageDto> {
    return this.users.list(query, query);
  }

  /** One user. */
  @Get(':id')
  @ApiProblemResponses(400)
  @ApiProblem(404, 'No such user')
  get(@Param('id', ParseUUIDPipe) id: string): Promise<UserResponseDto> {
    return this.users.get(id);
  }

  /** Changes name, phone, password or active flag. */
  @Patch(':id')
  @ApiProblemResponses(400)
  @ApiProblem(404, 'No such user')
  @ApiProblem(409, 'The last active admin cannot be deactivated (`USER_LAST_ADMIN`)')
  update(@CurrentAuditActor() actor: AuditActor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateUserDto): Promise<UserResponseDto> {
    return this.users.update(id, dto, actor);
  }

  /** Lists an OEM's API keys (never the keys themselves). */
  @Get(':id/api-keys')
  @ApiProblemResponses(400)
  @ApiProblem(404, 'No such user')
  listApiKeys(@Param('id', ParseUUIDPipe) id: string): Promise<ApiKeyResponseDto[]> {
    return this.users.listApiKeys(id);
  }

  /** Issues an API key for an OEM user; the key is in this response only. */
  @Post(':id/api-keys')
  @ApiProblemResponses(400)
  @ApiProblem(404, 'No such user')
  @ApiProblem(409, 'The user is not an OEM')
  createApiKey(@CurrentAuditActor() actor: AuditActor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    return this.users.createApiKey(id, dto.name, actor);
  }

  /** Revokes an API key at once. */
  @Delete(':id/api-keys/:keyId')
  @HttpCode(204)
  @ApiProblemResponses(400)
  @ApiProblem(404, 'No such API key for this user')
  revokeApiKey(@CurrentAuditActor() actor: AuditActor, @Param('id', ParseUUIDPipe) id: string, @Param('keyId', ParseUUIDPipe) keyId: string): Promise<void> {
    return this.users.revokeApiKey(id, keyId, actor);
  }
}
