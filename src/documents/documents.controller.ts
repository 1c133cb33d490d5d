import { Controller, Delete, Get, HttpCode, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { IncomingMessage } from 'node:http';
import { type Actor, CurrentActor } from '../common/auth/actor.js';
import { Authenticated } from '../common/auth/authenticated.decorator.js';
import { ApiDownloadRequestHeaders, DownloadHeaders, type DownloadRequestHeaders } from '../common/api-download.decorator.js';
import { ApiProblem, ApiProblemResponses } from '../common/problem-responses.decorator.js';
import { DEFAULT_UPLOAD_LIMITS } from '../config/config.js';
import { DocumentsService } from './documents.service.js';
import { DocumentQueryDto, LeadDocumentPageDto, LeadDocumentResponseDto } from './dto/lead-document.dto.js';
import { DOCUMENT_TYPES } from './entities/lead-document.entity.js';
import { DOCUMENT_CONTENT_TYPES } from './lead-document.policy.js';
import { CONTENT_TYPE_LABELS } from './upload/content-type.js';
import type { FileDownload } from './upload/file-download.js';
import { FileDownloadInterceptor } from './upload/file-download.interceptor.js';
import { RawRequest } from '../common/http/http-exchange.js';

const allowedList = Object.entries(DOCUMENT_CONTENT_TYPES)
  .map(([type, types]) => `\`${type}\`: ${[...new Set(types.map((t) => CONTENT_TYPE_LABELS[t]))].join(', ')}`)
  .join('; ');

const UPLOAD_BODY = {
  type: 'object',
  required: ['file', 'documentType'],
  properties: {
    file: {
      type: 'string',
      format: 'binary',
      description: `The file, at most ${DEFAULT_UPLOAD_LIMITS.document / 1024 / 1024} MB by default. Its type is sniffed from the bytes (the client's Content-Type and file name are ignored); allowed per documentType: ${allowedList}.`,
    },
    documentType: { type: 'string', enum: [...DOCUMENT_TYPES], description: 'What the file is; decides the allowed types' },
    notes: { type: 'string', maxLength: 2000, description: 'Optional notes about the document' },
  },
};

const BINARY = { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } };
const DOWNLOAD_HEADERS = {
  ETag: { description: 'The SHA-256 of the content, `"<hex>"`', schema: { type: 'string' } },
  'Content-Disposition': { description: 'attachment, with the sanitised original name as `filename` and `filename*`', schema: { type: 'string' } },
  'Accept-Ranges': { description: '`bytes`', schema: { type: 'string' } },
};

@ApiTags('documents')
@Controller('leads/:id/documents')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  /**
   * Uploads a customer document to a lead (multipart/form-data: `file`, `documentType`, optional
   * `notes`). When the lead is in documents_pending and now has an electricity bill and a location
   * photo, it moves to documents_received.
   */
  @Post()
  @Authenticated({ roles: ['admin', 'central_ops', 'oem'] })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: UPLOAD_BODY })
  @ApiCreatedResponse({ type: LeadDocumentResponseDto })
  @ApiProblem(400, 'The file part is missing, empty or not multipart, or a field is invalid; `errors` names it')
  @ApiProblem(404, 'No such lead visible to the caller')
  @ApiProblem(409, 'The lead is closed or cancelled')
  @ApiProblem(413, 'The file is larger than the documents limit')
  @ApiProblem(415, 'The sniffed type is not allowed for this documentType')
  upload(@CurrentActor() actor: Actor, @Param('id') id: string, @RawRequest() req: IncomingMessage): Promise<LeadDocumentResponseDto> {
    return this.documents.upload(actor, id, req);
  }

  /** The lead's documents with their file metadata, oldest first. */
  @Get()
  @Authenticated({ roles: ['admin', 'central_ops', 'oem'] })
  @ApiProblemResponses(400)
  @ApiProblem(404, 'No such lead visible to the caller')
  list(@CurrentActor() actor: Actor, @Param('id') id: string, @Query() query: DocumentQueryDto): Promise<LeadDocumentPageDto> {
    return this.documents.list(actor, id, query);
  }

  /** The document's bytes, streamed; one byte range with `Range`, 304 with a matching `If-None-Match`. */
  @Get(':documentId/content')
  @Authenticated({ roles: ['admin', 'central_ops', 'oem'] })
  @UseInterceptors(FileDownloadInterceptor)
  @ApiDownloadRequestHeaders()
  @ApiOkResponse({ description: 'The whole file, with its sniffed Content-Type', content: BINARY, headers: DOWNLOAD_HEADERS })
  @ApiResponse({
    status: 206,
    description: 'The requested byte range',
    content: BINARY,
    headers: { ...DOWNLOAD_HEADERS, 'Content-Range': { description: '`bytes <first>-<last>/<size>`', schema: { type: 'string' } } },
  })
  @ApiResponse({ status: 304, description: 'If-None-Match names the current ETag' })
  @ApiProblem(404, 'No such lead or document visible to the caller')
  @ApiProblem(410, 'The retention policy deleted the file (`FILE_PURGED`, naming `fileId`)')
  @ApiProblem(416, 'The range starts beyond the end of the file')
  content(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Param('documentId') documentId: string,
    @DownloadHeaders() download: DownloadRequestHeaders,
  ): Promise<FileDownload> {
    return this.documents.content(actor, id, documentId, download);
  }

  /** Deletes a document; the timeline keeps a `document_deleted` record of it. */
  @Delete(':documentId')
  @HttpCode(204)
  @Authenticated({ roles: ['admin', 'central_ops'] })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblem(404, 'No such lead or document')
  remove(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('documentId') documentId: string): Promise<void> {
    return this.documents.remove(actor, id, documentId);
  }
}
