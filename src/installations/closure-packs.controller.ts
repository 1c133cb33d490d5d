import { Body, Controller, createParamDecorator, type ExecutionContext, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, UseInterceptors } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../common/auth/actor.js';
import { Authenticated } from '../common/auth/authenticated.decorator.js';
import { VersionEtag } from '../common/http/version-etag.js';
import { ApiDownloadRequestHeaders, DownloadHeaders, type DownloadRequestHeaders } from '../common/api-download.decorator.js';
import { ApiProblem, ApiProblemResponses } from '../common/problem-responses.decorator.js';
import type { FileDownload } from '../documents/upload/file-download.js';
import { FileDownloadInterceptor } from '../documents/upload/file-download.interceptor.js';
import { type HttpReply, httpRequestOf, Reply } from '../common/http/http-exchange.js';
import {
  ClosurePackSignatureVerificationDto,
  ClosurePackSigningKeysDto,
  ClosurePackVerificationDto,
  SigningKeyQueryDto,
  VerifyClosurePackQueryDto,
  VerifyClosurePackSignatureDto,
} from './closure-pack/verification.dto.js';
import { ClosurePacksService } from './closure-packs.service.js';
import { InstallationResponseDto } from './dto/installation-response.dto.js';

const IF_MATCH = { name: 'if-match', required: false, description: 'The ETag of the last read (`W/"<version>"`); a stale one answers 412' };
const ZIP = { 'application/zip': { schema: { type: 'string', format: 'binary' } } };
const DOWNLOAD_HEADERS = {
  ETag: { description: 'The SHA-256 of the ZIP, `"<hex>"`', schema: { type: 'string' } },
  'Content-Disposition': { description: 'attachment; `closure-pack-INS-….zip`', schema: { type: 'string' } },
  'Accept-Ranges': { description: '`bytes`', schema: { type: 'string' } },
};

/** Parameter decorator: the request's method (`GET`, or `HEAD`, which Fastify answers through the GET route). */
const RequestMethodName = createParamDecorator((_data: unknown, context: ExecutionContext): string => httpRequestOf(context).method);

/** `POST /installations/{id}/closure-pack` and `GET /installations/{id}/closure-pack/content` (DESIGN §4 ClosurePack). */
@ApiTags('installations')
@Controller('installations/:id/closure-pack')
export class ClosurePacksController {
  constructor(private readonly packs: ClosurePacksService) {}

  /**
   * Builds the closure pack of a successfully reported installation (summary.pdf, manifest.json,
   * the lead documents, survey and installation media, the signature) and, in the same use case,
   * closes the installation and the lead.
   */
  @Post()
  @Authenticated({ roles: ['admin', 'central_ops'] })
  @VersionEtag()
  @ApiHeader(IF_MATCH)
  @ApiCreatedResponse({ type: InstallationResponseDto, headers: { ETag: { description: 'The installation version, `W/"<version>"`', schema: { type: 'string' } } } })
  @ApiProblemResponses(400)
  @ApiProblem(404, 'No such installation')
  @ApiProblem(409, 'No successful report yet, already closed, the lead is not in installation_completed, a stored file is missing or altered (`code`, `file`), or the installation (`INSTALLATION_CHANGED`) or the lead\'s details or documents (`LEAD_CHANGED`) changed while the pack was built')
  @ApiProblem(422, 'The stored customer signature does not decode as an image (`CLOSURE_PACK_FILE_UNREADABLE`, `file`); submit the report again with a new one')
  @ApiProblem(412, 'If-Match is stale')
  generate(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Headers('if-match') ifMatch?: string): Promise<InstallationResponseDto> {
    return this.packs.generate(actor, id, ifMatch);
  }

  /**
   * The closure pack ZIP, for the owning OEM, admin and Central Ops; one byte range with `Range`, 304
   * with a matching `If-None-Match`. The OEM's first GET answered 200 or 206 sets the pack's `sharedAt`.
   */
  @Get('content')
  @Authenticated({ roles: ['admin', 'central_ops', 'oem'] })
  @UseInterceptors(FileDownloadInterceptor)
  @ApiDownloadRequestHeaders()
  @ApiOkResponse({ description: 'The ZIP', content: ZIP, headers: DOWNLOAD_HEADERS })
  @ApiResponse({
    status: 206,
    description: 'The requested byte range',
    content: ZIP,
    headers: { ...DOWNLOAD_HEADERS, 'Content-Range': { description: '`bytes <first>-<last>/<size>`', schema: { type: 'string' } } },
  })
  @ApiResponse({ status: 304, description: 'If-None-Match names the current ETag' })
  @ApiProblemResponses(400)
  @ApiProblem(404, "No pack yet, or the installation is another OEM's")
  @ApiProblem(410, 'The retention policy deleted the file (`FILE_PURGED`, naming `fileId`)')
  @ApiProblem(416, 'The range starts beyond the end of the file')
  content(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @DownloadHeaders() download: DownloadRequestHeaders,
    @RequestMethodName() method: string,
  ): Promise<FileDownload> {
    return this.packs.content(actor, id, download, method);
  }
}

/**
 * Public checks of a closure pack (issue #16, item 4): the keys that verify `manifest.sig` (the
 * current one and those used before a rotation), whether a pack (by hash or id) was issued here,
 * and which key signed a pack's manifest. None reveals personal data.
 */
@ApiTags('installations')
@Controller('closure-packs')
export class ClosurePackVerificationController {
  constructor(private readonly packs: ClosurePacksService) {}

  /**
   * An Ed25519 public key (SPKI PEM) that checks a pack's `manifest.sig` against its
   * `manifest.json`, e.g. with `openssl pkeyutl -verify`: the one manifest.json's `keyId` names
   * (`?keyId=`), or, without it, the current key, which signs new packs.
   */
  @Get('signing-key')
  @Authenticated({ public: true })
  @ApiOkResponse({ description: 'The public key', content: { 'application/x-pem-file': { schema: { type: 'string' } } } })
  @ApiProblemResponses(400)
  @ApiProblem(404, 'No key of this server has this id (`CLOSURE_PACK_KEY_NOT_FOUND`)')
  signingKey(@Query() query: SigningKeyQueryDto, @Reply() reply: HttpReply): string {
    const pem = this.packs.signingKey(query.keyId);
    reply.header('Content-Type', 'application/x-pem-file; charset=utf-8');
    return pem;
  }

  /**
   * Every public key this server signed packs with, the current one first, each with its key id
   * (what manifest.json's `keyId` names) and as SPKI PEM: a pack signed before a key rotation
   * verifies with a previous key.
   */
  @Get('signing-keys')
  @Authenticated({ public: true })
  @ApiOkResponse({ type: ClosurePackSigningKeysDto })
  signingKeys(): ClosurePackSigningKeysDto {
    return this.packs.signingKeys();
  }

  /**
   * Whether this server issued a closure pack, by the SHA-256 of its ZIP or of its manifest.json
   * (`sha256`), or by the pack id in its footer (`packId`): `{ issued: false }` when not.
   */
  @Get('verify')
  @Authenticated({ public: true })
  @ApiOkResponse({ type: ClosurePackVerificationDto })
  @ApiProblemResponses(400)
  verify(@Query() query: VerifyClosurePackQueryDto): Promise<ClosurePackVerificationDto> {
    return this.packs.verify(query);
  }

  /**
   * Checks a pack's signature: its manifest.json and manifest.sig (base64) against every key this
   * server signed packs with, current or previous. Answers `signatureValid` and the `keyId` that
   * verified it (null when none did), and whether this server issued that manifest (as `GET`).
   */
  @Post('verify')
  @HttpCode(200)
  @Authenticated({ public: true })
  @ApiOkResponse({ type: ClosurePackSignatureVerificationDto })
  @ApiProblemResponses(400)
  verifySignature(@Body() dto: VerifyClosurePackSignatureDto): Promise<ClosurePackSignatureVerificationDto> {
    return this.packs.verifySignature(dto);
  }
}
