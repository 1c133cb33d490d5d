import { Controller, Get, Headers, Param, ParseUUIDPipe, Post, Query, Req, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { type Actor, CurrentActor } from '../auth/actor.js';
import { Authenticated } from '../auth/authenticated.decorator.js';
import { ApiProblem, ApiProblemResponses } from '../common/problem-responses.decorator.js';
import { DEFAULT_UPLOAD_LIMITS } from '../config/config.js';
import { type FileDownload, FileDownloadInterceptor } from '../documents/upload/file-download.js';
import { SurveyMediaPageDto, SurveyMediaQueryDto, SurveyMediaResponseDto } from './dto/survey-media.dto.js';
import { PHOTO_CONTENT_TYPES, VIDEO_CONTENT_TYPES } from './survey-media.policy.js';
import { SurveyMediaService } from './survey-media.service.js';

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
const BINARY = { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } };
const DOWNLOAD_HEADERS = {
  ETag: { description: 'The SHA-256 of the content, `"<hex>"`', schema: { type: 'string' } },
  'Content-Disposition': { description: 'attachment, with the sanitised original name', schema: { type: 'string' } },
  'Accept-Ranges': { description: '`bytes`', schema: { type: 'string' } },
};

/** `GET|POST /surveys/{id}/media` and `GET /surveys/{id}/media/{mediaId}/content` (DESIGN §6). */
@ApiTags('surveys')
@Controller('surveys/:id/media')
export class SurveyMediaController {
  constructor(private readonly media: SurveyMediaService) {}

  /** A member of the primary team uploads a site photo or video (multipart/form-data: `file`, optional `caption`). */
  @Post()
  @Authenticated({ roles: ['field_technician'] })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: UPLOAD_BODY })
  @ApiCreatedResponse({ type: SurveyMediaResponseDto })
  @ApiProblem(400, 'The file part is missing, empty or not multipart, or a field is invalid; `errors` names it')
  @ApiProblem(403, 'Not a member of the primary team')
  @ApiProblem(404, 'No such survey visible to the caller')
  @ApiProblem(409, 'The survey is not in progress or submitted')
  @ApiProblem(413, 'The photo or video is larger than its limit')
  @ApiProblem(415, 'The sniffed type is neither an allowed photo nor video type')
  upload(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Req() req: Request): Promise<SurveyMediaResponseDto> {
    return this.media.upload(actor, id, req);
  }

  /** The survey's photos and videos with their file metadata, oldest first. */
  @Get()
  @Authenticated({ roles: ['admin', 'central_ops', 'field_technician'] })
  @ApiProblemResponses(400)
  @ApiProblem(404, 'No such survey visible to the caller')
  list(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Query() query: SurveyMediaQueryDto): Promise<SurveyMediaPageDto> {
    return this.media.list(actor, id, query);
  }

  /** The photo or video, streamed; one byte range with `Range`, 304 with a matching `If-None-Match`. */
  @Get(':mediaId/content')
  @Authenticated({ roles: ['admin', 'central_ops', 'field_technician'] })
  @UseInterceptors(FileDownloadInterceptor)
  @ApiOkResponse({ description: 'The whole file, with its sniffed Content-Type', content: BINARY, headers: DOWNLOAD_HEADERS })
  @ApiResponse({
    status: 206,
    description: 'The requested byte range',
    content: BINARY,
    headers: { ...DOWNLOAD_HEADERS, 'Content-Range': { description: '`bytes <first>-<last>/<size>`', schema: { type: 'string' } } },
  })
  @ApiResponse({ status: 304, description: 'If-None-Match names the current ETag' })
  @ApiProblemResponses(400)
  @ApiProblem(404, 'No such survey or media visible to the caller')
  @ApiProblem(416, 'The range starts beyond the end of the file')
  content(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('mediaId', ParseUUIDPipe) mediaId: string,
    @Headers('range') range?: string,
    @Headers('if-range') ifRange?: string,
    @Headers('if-none-match') ifNoneMatch?: string,
  ): Promise<FileDownload> {
    return this.media.content(actor, id, mediaId, { range, ifRange, ifNoneMatch });
  }
}
