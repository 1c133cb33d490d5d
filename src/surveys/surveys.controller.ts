import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../common/auth/actor.js';
import { Authenticated } from '../common/auth/authenticated.decorator.js';
import { VersionEtag } from '../common/http/version-etag.js';
import { ApiProblem, ApiProblemResponses } from '../common/problem-responses.decorator.js';
import {
  ApproveSurveyDto,
  CreateSurveyDto,
  RescheduleSurveyDto,
  SurveyQueryDto,
  SurveyReasonDto,
} from './dto/survey.dto.js';
import { SurveyReportDto } from './dto/survey-report.dto.js';
import { AssignmentResponseDto, CreateAssignmentDto, UpdateAssignmentDto } from '../teams/assignments/assignment.dto.js';
import { SurveyPageDto, SurveyResponseDto } from './dto/survey-response.dto.js';
import { SurveysService } from './surveys.service.js';

// Lower-case so it merges with the parameter the plugin derives from @Headers('if-match').
const IF_MATCH = { name: 'if-match', required: false, description: 'The ETag of the last read (`W/"<version>"`); a stale one answers 412' };
const ETAG = { ETag: { description: 'The survey version as a weak ETag, `W/"<version>"`', schema: { type: 'string' } } };

/** `POST /leads/{id}/surveys`: scheduling starts from the lead. */
@ApiTags('surveys')
@Controller('leads')
export class LeadSurveysController {
  constructor(private readonly surveys: SurveysService) {}

  /**
   * Schedules a site survey for a lead in `documents_received`: books the primary team's slot and
   * moves the lead to `survey_scheduled`.
   */
  @Post(':id/surveys')
  @Authenticated({ roles: ['admin', 'central_ops'] })
  @VersionEtag()
  @ApiCreatedResponse({ type: SurveyResponseDto, headers: ETAG })
  @ApiProblemResponses(400)
  @ApiProblem(404, 'No such lead')
  @ApiProblem(409, 'The lead is not in documents_received, a team is inactive, or the slot is in the past or taken (`code`)')
  create(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: CreateSurveyDto): Promise<SurveyResponseDto> {
    return this.surveys.create(actor, id, dto);
  }
}

/** `/surveys`: lists, reads and the survey workflow's actions (DESIGN §5); rules live in SurveysService. */
@ApiTags('surveys')
@Controller('surveys')
export class SurveysController {
  constructor(private readonly surveys: SurveysService) {}

  /** Lists surveys by scheduled date and slot; a field technician sees only its teams' jobs, with the customer's contact and address. */
  @Get()
  @Authenticated({ roles: ['admin', 'central_ops', 'field_technician'] })
  @ApiProblemResponses(400)
  list(@CurrentActor() actor: Actor, @Query() query: SurveyQueryDto): Promise<SurveyPageDto> {
    return this.surveys.list(actor, query);
  }

  /** One survey with its lead contact, assignments and report; the `ETag` header carries its version. */
  @Get(':id')
  @Authenticated({ roles: ['admin', 'central_ops', 'field_technician'] })
  @VersionEtag()
  @ApiOkResponse({ type: SurveyResponseDto, headers: ETAG })
  @ApiProblemResponses(400)
  @ApiProblem(404, 'No such survey visible to the caller')
  get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<SurveyResponseDto> {
    return this.surveys.get(actor, id);
  }

  /** A member of the primary team starts the survey on site. */
  @Post(':id/start')
  @HttpCode(200)
  @Authenticated({ roles: ['field_technician'] })
  @VersionEtag()
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: SurveyResponseDto, headers: ETAG })
  @ApiProblemResponses(400)
  @ApiProblem(403, 'Not a member of the primary team')
  @ApiProblem(404, 'No such survey visible to the caller')
  @ApiProblem(409, 'Not allowed in the current status, or no primary team')
  @ApiProblem(412, 'If-Match is stale')
  start(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Headers('if-match') ifMatch?: string): Promise<SurveyResponseDto> {
    return this.surveys.start(actor, id, ifMatch);
  }

  /** Moves the survey to a new date and slot; the primary team's booking moves with it. */
  @Post(':id/reschedule')
  @HttpCode(200)
  @Authenticated({ roles: ['admin', 'central_ops'] })
  @VersionEtag()
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: SurveyResponseDto, headers: ETAG })
  @ApiProblemResponses(400)
  @ApiProblem(404, 'No such survey')
  @ApiProblem(409, 'Not allowed in the current status, or the slot is unchanged, in the past or taken (`code`)')
  @ApiProblem(412, 'If-Match is stale')
  reschedule(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: RescheduleSurveyDto,
    @Headers('if-match') ifMatch?: string,
  ): Promise<SurveyResponseDto> {
    return this.surveys.reschedule(actor, id, dto, ifMatch);
  }

  /** A member of the primary team submits the site report (or replaces it until the survey is reviewed). */
  @Put(':id/report')
  @Authenticated({ roles: ['field_technician'] })
  @VersionEtag()
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: SurveyResponseDto, headers: ETAG })
  @ApiProblemResponses(400)
  @ApiProblem(403, 'Not a member of the primary team')
  @ApiProblem(404, 'No such survey visible to the caller')
  @ApiProblem(409, 'Not allowed in the current status')
  @ApiProblem(412, 'If-Match is stale')
  submitReport(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: SurveyReportDto,
    @Headers('if-match') ifMatch?: string,
  ): Promise<SurveyResponseDto> {
    return this.surveys.submitReport(actor, id, dto, ifMatch);
  }

  /** Approves a submitted survey; the lead moves to `survey_completed`. */
  @Post(':id/approve')
  @HttpCode(200)
  @Authenticated({ roles: ['admin', 'central_ops'] })
  @VersionEtag()
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: SurveyResponseDto, headers: ETAG })
  @ApiProblemResponses(400)
  @ApiProblem(404, 'No such survey')
  @ApiProblem(409, 'Not submitted, or the lead is not in survey_scheduled (e.g. on hold)')
  @ApiProblem(412, 'If-Match is stale')
  approve(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ApproveSurveyDto, @Headers('if-match') ifMatch?: string): Promise<SurveyResponseDto> {
    return this.surveys.approve(actor, id, dto, ifMatch);
  }

  /** Rejects a submitted survey: the slot is freed and the lead returns to `documents_received`. */
  @Post(':id/reject')
  @HttpCode(200)
  @Authenticated({ roles: ['admin', 'central_ops'] })
  @VersionEtag()
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: SurveyResponseDto, headers: ETAG })
  @ApiProblemResponses(400)
  @ApiProblem(404, 'No such survey')
  @ApiProblem(409, 'Not submitted')
  @ApiProblem(412, 'If-Match is stale')
  reject(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: SurveyReasonDto, @Headers('if-match') ifMatch?: string): Promise<SurveyResponseDto> {
    return this.surveys.reject(actor, id, dto, ifMatch);
  }

  /** Cancels an open survey: the slot is freed and the lead returns to `documents_received`. */
  @Post(':id/cancel')
  @HttpCode(200)
  @Authenticated({ roles: ['admin', 'central_ops'] })
  @VersionEtag()
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: SurveyResponseDto, headers: ETAG })
  @ApiProblemResponses(400)
  @ApiProblem(404, 'No such survey')
  @ApiProblem(409, 'Already approved, rejected or cancelled')
  @ApiProblem(412, 'If-Match is stale')
  cancel(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: SurveyReasonDto, @Headers('if-match') ifMatch?: string): Promise<SurveyResponseDto> {
    return this.surveys.cancel(actor, id, dto, ifMatch);
  }

  /** Makes a team the primary (it takes over the booking) or the backup; replaces the active one of that kind. */
  @Post(':id/assignments')
  @Authenticated({ roles: ['admin', 'central_ops'] })
  @VersionEtag()
  @ApiHeader(IF_MATCH)
  @ApiCreatedResponse({ type: SurveyResponseDto, headers: ETAG })
  @ApiProblemResponses(400)
  @ApiProblem(404, 'No such survey')
  @ApiProblem(409, 'Work has started, the team already holds that role, is inactive or booked in the slot (`code`)')
  @ApiProblem(412, 'If-Match is stale')
  assign(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CreateAssignmentDto,
    @Headers('if-match') ifMatch?: string,
  ): Promise<SurveyResponseDto> {
    return this.surveys.assign(actor, id, dto, ifMatch);
  }

  /** A team member accepts or declines its assignment (a declining primary hands over to the backup); Central Ops cancels one. */
  @Patch(':id/assignments/:assignmentId')
  @Authenticated({ roles: ['admin', 'central_ops', 'field_technician'] })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: AssignmentResponseDto })
  @ApiProblemResponses(400)
  @ApiProblem(403, 'Not a member of the team, or a status the role may not set')
  @ApiProblem(404, 'No such survey visible to the caller, or no such assignment')
  @ApiProblem(409, 'Work has started, the assignment has ended, or the backup cannot take the slot (`code`)')
  @ApiProblem(412, 'If-Match is stale')
  updateAssignment(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('assignmentId', ParseUUIDPipe) assignmentId: string,
    @Body() dto: UpdateAssignmentDto,
    @Headers('if-match') ifMatch?: string,
  ): Promise<AssignmentResponseDto> {
    return this.surveys.updateAssignment(actor, id, assignmentId, dto, ifMatch);
  }
}
