import { Body, Controller, Get, Param, ParseUUIDPipe, Post, UseInterceptors } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../auth/actor.js';
import { Authenticated } from '../auth/authenticated.decorator.js';
import { VersionEtagInterceptor } from '../common/etag.interceptor.js';
import { ApiProblem, ApiProblemResponses } from '../common/problem-responses.decorator.js';
import { CreateInstallationDto } from './dto/installation.dto.js';
import { InstallationResponseDto } from './dto/installation-response.dto.js';
import { InstallationsService } from './installations.service.js';

const ETAG = { ETag: { description: 'The installation version as a weak ETag, `W/"<version>"`', schema: { type: 'string' } } };

/** `POST /surveys/{id}/installation`: planning starts from the approved survey. */
@ApiTags('installations')
@Controller('surveys')
export class SurveyInstallationController {
  constructor(private readonly installations: InstallationsService) {}

  /** Plans the installation of an approved survey: books the primary team's slot and moves the lead to `installation_scheduled`. */
  @Post(':id/installation')
  @Authenticated({ roles: ['admin', 'central_ops'] })
  @UseInterceptors(VersionEtagInterceptor)
  @ApiCreatedResponse({ type: InstallationResponseDto, headers: ETAG })
  @ApiProblemResponses(400)
  @ApiProblem(404, 'No such survey')
  @ApiProblem(409, 'The survey already has an installation or is not approved, the lead is not in survey_completed, a team is inactive, or the slot is in the past or taken (`code`)')
  create(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: CreateInstallationDto): Promise<InstallationResponseDto> {
    return this.installations.create(actor, id, dto);
  }
}

/** `/installations`: reads and the installation workflow (DESIGN §5); rules live in InstallationsService. */
@ApiTags('installations')
@Controller('installations')
export class InstallationsController {
  constructor(private readonly installations: InstallationsService) {}

  /** One installation with its lead contact and assignments; the `ETag` header carries its version. */
  @Get(':id')
  @Authenticated({ roles: ['admin', 'central_ops', 'field_technician'] })
  @UseInterceptors(VersionEtagInterceptor)
  @ApiOkResponse({ type: InstallationResponseDto, headers: ETAG })
  @ApiProblemResponses(400)
  @ApiProblem(404, 'No such installation visible to the caller')
  get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<InstallationResponseDto> {
    return this.installations.get(actor, id);
  }
}
