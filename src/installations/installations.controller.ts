import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { IncomingMessage } from 'node:http';
import { type Actor, CurrentActor } from '../common/auth/actor.js';
import { Authenticated } from '../common/auth/authenticated.decorator.js';
import { ApiStoredFileDownload, DownloadHeaders, type DownloadRequestHeaders } from '../common/api-download.decorator.js';
import { VersionEtag } from '../common/http/version-etag.js';
import { ApiProblem, ApiProblemResponses } from '../common/problem-responses.decorator.js';
import { DEFAULT_UPLOAD_LIMITS } from '../config/config.js';
import type { FileDownload } from '../documents/upload/file-download.js';
import { FileDownloadInterceptor } from '../documents/upload/file-download.interceptor.js';
import { AssignmentResponseDto, CreateAssignmentDto, UpdateAssignmentDto } from '../teams/assignments/assignment.dto.js';
import { CreateInstallationDto, InstallationQueryDto, InstallationTransitionDto, RescheduleInstallationDto, UpdateInstallationDto } from './dto/installation.dto.js';
import { InstallationPageDto, InstallationResponseDto } from './dto/installation-response.dto.js';
import { InstallationReportsService } from './installation-reports.service.js';
import { InstallationsService } from './installations.service.js';
import { RawRequest } from '../common/http/http-exchange.js';

const IF_MATCH = { name: 'if-match', required: false, description: 'The ETag of the last read (`W/"<version>"`); a stale one answers 412' };
const ETAG = { ETag: { description: 'The installation version as a weak ETag, `W/"<version>"`', schema: { type: 'string' } } };
const REPORT_BODY = {
  type: 'object',
  required: ['chargerSerialNumber', 'chargerModel', 'installationSuccessful'],
  properties: {
    chargerSerialNumber: { type: 'string', maxLength: 50, description: 'As printed on the charger: letters, digits, space, `-`, `/`, `.`, `_`' },
    chargerModel: { type: 'string', maxLength: 100 },
    installationSuccessful: { type: 'string', enum: ['true', 'false'] },
    demoGiven: { type: 'string', enum: ['true', 'false'], description: 'Default `false`' },
    issuesEncountered: { type: 'string', maxLength: 5000, description: 'Required when installationSuccessful is `false`' },
    generalNotes: { type: 'string', maxLength: 5000 },
    signature: {
      type: 'string',
      format: 'binary',
      description: `The customer's signature, PNG or JPEG (sniffed), at most ${DEFAULT_UPLOAD_LIMITS.photo / (1024 * 1024)} MB; required when installationSuccessful is \`true\``,
    },
  },
};

/** `POST /surveys/{id}/installation`: planning starts from the approved survey. */
@ApiTags('installations')
@Controller('surveys')
export class SurveyInstallationController {
  constructor(private readonly installations: InstallationsService) {}

  /** Plans the installation of an approved survey: books the primary team's slot and moves the lead to `installation_scheduled`. */
  @Post(':id/installation')
  @Authenticated({ roles: ['admin', 'central_ops'] })
  @VersionEtag()
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
  constructor(
    private readonly installations: InstallationsService,
    private readonly reports: InstallationReportsService,
  ) {}

  /** Installations by scheduled date and slot (earliest first); a field technician sees its teams' jobs only. */
  @Get()
  @Authenticated({ roles: ['admin', 'central_ops', 'field_technician'] })
  @ApiOkResponse({ type: InstallationPageDto })
  @ApiProblemResponses(400)
  list(@CurrentActor() actor: Actor, @Query() query: InstallationQueryDto): Promise<InstallationPageDto> {
    return this.installations.list(actor, query);
  }

  /** One installation with its lead contact, assignments, report, closure pack and allowed actions; the `ETag` header carries its version. */
  @Get(':id')
  @Authenticated({ roles: ['admin', 'central_ops', 'field_technician'] })
  @VersionEtag()
  @ApiOkResponse({ type: InstallationResponseDto, headers: ETAG })
  @ApiProblemResponses(400)
  @ApiProblem(404, 'No such installation visible to the caller')
  get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<InstallationResponseDto> {
    return this.installations.get(actor, id);
  }

  /** Records (or withdraws) the customer's pre-installation confirmation, until the installation is confirmed. */
  @Patch(':id')
  @Authenticated({ roles: ['admin', 'central_ops'] })
  @VersionEtag()
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: InstallationResponseDto, headers: ETAG })
  @ApiProblemResponses(400)
  @ApiProblem(404, 'No such installation')
  @ApiProblem(409, 'The installation is confirmed or further along')
  @ApiProblem(412, 'If-Match is stale')
  update(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateInstallationDto,
    @Headers('if-match') ifMatch?: string,
  ): Promise<InstallationResponseDto> {
    return this.installations.update(actor, id, dto, ifMatch);
  }

  /**
   * Moves the installation along DESIGN §5: Central Ops to `material_pending`, `material_ready`,
   * `confirmed` (materials ready, customer confirmed, primary accepted) or `cancelled` (with a
   * reason); a member of the primary team to `in_progress` and `completed`.
   */
  @Post(':id/transitions')
  @HttpCode(200)
  @Authenticated({ roles: ['admin', 'central_ops', 'field_technician'] })
  @VersionEtag()
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: InstallationResponseDto, headers: ETAG })
  @ApiProblemResponses(400)
  @ApiProblem(403, "The other role's target, or not a member of the primary team")
  @ApiProblem(404, 'No such installation visible to the caller')
  @ApiProblem(409, 'Not allowed from the current status (`allowedTargets` lists what is), or `confirmed` preconditions are `missing`')
  @ApiProblem(412, 'If-Match is stale')
  transition(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: InstallationTransitionDto,
    @Headers('if-match') ifMatch?: string,
  ): Promise<InstallationResponseDto> {
    return this.installations.transition(actor, id, dto, ifMatch);
  }

  /** A new date and slot (the booking moves with it); the customer must confirm again. */
  @Post(':id/reschedule')
  @HttpCode(200)
  @Authenticated({ roles: ['admin', 'central_ops'] })
  @VersionEtag()
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: InstallationResponseDto, headers: ETAG })
  @ApiProblemResponses(400)
  @ApiProblem(404, 'No such installation')
  @ApiProblem(409, 'Not allowed in the current status, same slot, slot in the past or taken (`code`)')
  @ApiProblem(412, 'If-Match is stale')
  reschedule(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: RescheduleInstallationDto,
    @Headers('if-match') ifMatch?: string,
  ): Promise<InstallationResponseDto> {
    return this.installations.reschedule(actor, id, dto, ifMatch);
  }

  /** Makes a team the primary (it takes over the booking) or the backup, until the work starts. */
  @Post(':id/assignments')
  @Authenticated({ roles: ['admin', 'central_ops'] })
  @VersionEtag()
  @ApiHeader(IF_MATCH)
  @ApiCreatedResponse({ type: InstallationResponseDto, headers: ETAG })
  @ApiProblemResponses(400)
  @ApiProblem(404, 'No such installation')
  @ApiProblem(409, 'Work has started, the team already holds that role, is inactive or booked in the slot (`code`)')
  @ApiProblem(412, 'If-Match is stale')
  assign(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CreateAssignmentDto,
    @Headers('if-match') ifMatch?: string,
  ): Promise<InstallationResponseDto> {
    return this.installations.assign(actor, id, dto, ifMatch);
  }

  /** A team member accepts or declines its assignment (a declining primary hands over to the backup); Central Ops cancels one. */
  @Patch(':id/assignments/:assignmentId')
  @Authenticated({ roles: ['admin', 'central_ops', 'field_technician'] })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: AssignmentResponseDto })
  @ApiProblemResponses(400)
  @ApiProblem(403, 'Not a member of the team, or a status the role may not set')
  @ApiProblem(404, 'No such installation visible to the caller, or no such assignment')
  @ApiProblem(409, 'Work has started, the assignment has ended, or the backup cannot take the slot (`code`)')
  @ApiProblem(412, 'If-Match is stale')
  updateAssignment(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('assignmentId', ParseUUIDPipe) assignmentId: string,
    @Body() dto: UpdateAssignmentDto,
    @Headers('if-match') ifMatch?: string,
  ): Promise<AssignmentResponseDto> {
    return this.installations.updateAssignment(actor, id, assignmentId, dto, ifMatch);
  }

  /**
   * A member of the primary team reports a completed installation (multipart/form-data: the
   * report's fields and the customer's `signature`). Successful: → `report_submitted`, the lead →
   * `installation_completed`. Unsuccessful: the issues go on the timeline and Central Ops reschedules.
   */
  @Put(':id/report')
  @Authenticated({ roles: ['field_technician'] })
  @VersionEtag()
  @ApiHeader(IF_MATCH)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: REPORT_BODY })
  @ApiOkResponse({ type: InstallationResponseDto, headers: ETAG })
  @ApiProblem(400, 'A field is invalid or missing (the signature on success, issuesEncountered on failure); `errors` names it')
  @ApiProblem(403, 'Not a member of the primary team')
  @ApiProblem(404, 'No such installation visible to the caller')
  @ApiProblem(409, 'Not completed, the lead is not in installation_scheduled, or another report or change won the race (`code`)')
  @ApiProblem(412, 'If-Match is stale')
  @ApiProblem(413, 'The signature is larger than the photo limit')
  @ApiProblem(415, 'The signature is not a PNG or JPEG image')
  @ApiProblem(422, 'The signature does not decode (`IMAGE_UNDECODABLE`) or is too large decoded (`IMAGE_TOO_LARGE`); `errors` names `signature`')
  submitReport(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @RawRequest() req: IncomingMessage, @Headers('if-match') ifMatch?: string): Promise<InstallationResponseDto> {
    return this.reports.submitReport(actor, id, req, ifMatch);
  }

  /**
   * The customer's signature of the installation's report (PNG or JPEG as stored), for staff
   * reviewing the report and the installation's technicians; downloads as the job media do.
   */
  @Get(':id/report/signature')
  @Authenticated({ roles: ['admin', 'central_ops', 'field_technician'] })
  @UseInterceptors(FileDownloadInterceptor)
  @ApiStoredFileDownload()
  @ApiProblemResponses(400)
  @ApiProblem(404, 'No such installation visible to the caller, or its report has no signature (`INSTALLATION_SIGNATURE_NOT_FOUND`)')
  signature(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @DownloadHeaders() download: DownloadRequestHeaders,
  ): Promise<FileDownload> {
    return this.reports.signature(actor, id, download);
  }
}
