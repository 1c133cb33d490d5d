import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../auth/authenticated.decorator.js';
import { ProblemDetailsDto } from '../common/problem.dto.js';
import { ApiKeyResponseDto, CreateApiKeyDto, CreatedApiKeyDto } from './dto/api-key.dto.js';
import { CreateUserDto, UpdateUserDto, UserPageDto, UserResponseDto } from './dto/user.dto.js';
import { UserQueryDto } from './dto/user-query.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@Controller('users')
@Authenticated({ roles: ['admin'] })
@ApiNotFoundResponse({ description: 'No such user or key', type: ProblemDetailsDto })
export class UsersController {
  constructor(private readonly users: UsersService) {}

  /** Creates a user of any role. */
  @Post()
  @ApiConflictResponse({ description: 'Email already taken', type: ProblemDetailsDto })
  create(@Body() dto: CreateUserDto): Promise<UserResponseDto> {
    return this.users.create(dto);
  }

  /** Lists users, newest first. */
  @Get()
  list(@Query() query: UserQueryDto): Promise<UserPageDto> {
    return this.users.list(query, query);
  }

  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string): Promise<UserResponseDto> {
    return this.users.get(id);
  }

  /** Changes name, phone, password or active flag. */
  @Patch(':id')
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateUserDto): Promise<UserResponseDto> {
    return this.users.update(id, dto);
  }

  /** Lists an OEM's API keys (never the keys themselves). */
  @Get(':id/api-keys')
  listApiKeys(@Param('id', ParseUUIDPipe) id: string): Promise<ApiKeyResponseDto[]> {
    return this.users.listApiKeys(id);
  }

  /** Issues an API key for an OEM user; the key is in this response only. */
  @Post(':id/api-keys')
  @ApiConflictResponse({ description: 'The user is not an OEM', type: ProblemDetailsDto })
  createApiKey(@Param('id', ParseUUIDPipe) id: string, @Body() dto: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    return this.users.createApiKey(id, dto.name);
  }

  /** Revokes an API key at once. */
  @Delete(':id/api-keys/:keyId')
  @HttpCode(204)
  revokeApiKey(@Param('id', ParseUUIDPipe) id: string, @Param('keyId', ParseUUIDPipe) keyId: string): Promise<void> {
    return this.users.revokeApiKey(id, keyId);
  }
}
