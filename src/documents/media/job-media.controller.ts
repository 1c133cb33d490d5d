import { Controller, Get, Param, ParseUUIDPipe, Post, Query, type Type, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { IncomingMessage } from 'node:http';
import { type Actor, CurrentActor } from '../../common/auth/actor.js';
import { Authenticated } from '../../common/auth/authenticated.decorator.js';
import { ApiStoredFileDownload, DownloadHeaders, type DownloadRequestHeaders } from '../../common/api-download.decorator.js';
import { ApiProblem, ApiProblemResponses } from '../../common/problem-responses.decorator.js';
import { DEFAULT_UPLOAD_LIMITS } from '../../config/config.js';
import type { FileDownload } from '../upload/file-download.js';
import { FileDownloadInterceptor } from '../upload/file-download.interceptor.js';
import type { JobMediaService, MediaJob } from './job-media.service.js';
import { MediaPageDto, MediaQueryDto, MediaResponseDto } from './media.dto.js';
import { PHOTO_CONTENT_TYPES, VIDEO_CONTENT_TYPES } from './media.policy.js';
import { RawRequest } from '../../common/http/http-exchange.js';

const MB = 1024 * 1024;
const UPLOAD_BODY = {
  type: 'object',
  required: ['file'],
  properties: {
    file: {
      type: 'string',
      format: 'binary',
      description:
        `A photo (${PHOTO_CONTENT_TYPES.join(', ')}; at most ${DEFAULT_UPLOAD_LIMITS.photo / MB} MB) or a video ` +
        `(${VIDEO_CONTENT_TYPES.join(', ')}; at most ${DEFAULT_UPLOAD_LIMITS.video / MB} MB). The type, and so mediaType, is sniffed from the bytes.`,
    },
    caption: { type: 'string', maxLength: 255, description: 'What the photo or video shows' },
  },
};
/** What differs between the survey and the installation media routes. */
export interface JobMediaRoutes {
  /** `survey` or `installation`; the routes are `/<job>s/{id}/media…`. */
  job: 'survey' | 'installation';
  /** The injectable media service of that job. */
  service: Type<JobMediaService<MediaJob>>;
  /** The statuses in which media may be added, for the 409's description. */
  uploadStatuses: string;
  /** The controller's class name, which prefixes the operation ids (`SurveyMedia_list`). */
  name: string;
}

/**
 * Builds the controller of `GET|POST /<job>s/{id}/media` and `GET /<job>s/{id}/media/{mediaId}/content`
 * (DESIGN §6) for surveys and installations alike: one set of routes, rules and OpenAPI
 * descriptions, the job's own service behind it.
 */
export function jobMediaController(routes: JobMediaRoutes): Type<unknown> {
  const { job } = routes;

  @ApiTags(`${job}s`)
  @Controller(`${job}s/:id/media`)
  class JobMediaController {
    constructor(readonly media: JobMediaService<MediaJob>) {}

    @Post()
    @Authenticated({ roles: ['field_technician'] })
    @ApiOperation({ description: `A member of the primary team uploads a photo or video of the ${job} (multipart/form-data: \`file\`, optional \`caption\`).` })
    @ApiConsumes('multipart/form-data')
    @ApiBody({ schema: UPLOAD_BODY })
    @ApiCreatedResponse({ type: MediaResponseDto })
    @ApiProblem(400, 'The file part is missing, empty or not multipart, or a field is invalid; `errors` names it')
    @ApiProblem(403, 'Not a member of the primary team')
    @ApiProblem(404, `No such ${job} visible to the caller`)
    @ApiProblem(409, `The ${job} is not ${routes.uploadStatuses}`)
    @ApiProblem(413, 'The photo or video is larger than its limit')
    @ApiProblem(415, 'The sniffed type is neither an allowed photo nor video type')
    @ApiProblem(422, 'The photo does not decode to its end (`IMAGE_UNDECODABLE`) or is over 50 megapixels / 200 MB decoded (`IMAGE_TOO_LARGE`); `errors` names `file`')
    upload(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @RawRequest() req: IncomingMessage): Promise<MediaResponseDto> {
      return this.media.upload(actor, id, req);
    }

    @Get()
    @Authenticated({ roles: ['admin', 'central_ops', 'field_technician'] })
    @ApiOperation({ description: `The ${job}'s photos and videos with their file metadata, oldest first.` })
    @ApiOkResponse({ type: MediaPageDto })
    @ApiProblemResponses(400)
    @ApiProblem(404, `No such ${job} visible to the caller`)
    list(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Query() query: MediaQueryDto): Promise<MediaPageDto> {
      return this.media.list(actor, id, query);
    }

    @Get(':mediaId/content')
    @Authenticated({ roles: ['admin', 'central_ops', 'field_technician'] })
    @ApiOperation({ description: 'The photo or video, streamed; one byte range with `Range`, 304 with a matching `If-None-Match`.' })
    @UseInterceptors(FileDownloadInterceptor)
    @ApiStoredFileDownload()
    @ApiProblemResponses(400)
    @ApiProblem(404, `No such ${job} or media visible to the caller`)
    content(
      @CurrentActor() actor: Actor,
      @Param('id', ParseUUIDPipe) id: string,
      @Param('mediaId', ParseUUIDPipe) mediaId: string,
      @DownloadHeaders() download: DownloadRequestHeaders,
    ): Promise<FileDownload> {
      return this.media.content(actor, id, mediaId, download);
    }
  }

  // Nest injects by the constructor's parameter types; the base type is abstract, so name the job's service.
  Reflect.defineMetadata('design:paramtypes', [routes.service], JobMediaController);
  Object.defineProperty(JobMediaController, 'name', { value: routes.name });
  return JobMediaController;
}
