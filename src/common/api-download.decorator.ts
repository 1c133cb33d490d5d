import { applyDecorators, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiResponse } from '@nestjs/swagger';
import { httpRequestOf } from './http/http-exchange.js';
import { ApiProblem } from './problem-responses.decorator.js';

/**
 * The conditional and range request headers of a download route, all optional (RFC 9110 §13,
 * §14.2). The swagger plugin derives a *required* header parameter from each `@Headers()`
 * argument; these declarations, under the same lower-case names, merge with them and tell the truth.
 */
export function ApiDownloadRequestHeaders(): MethodDecorator {
  return applyDecorators(
    ApiHeader({ name: 'range', required: false, description: 'One byte range, e.g. `bytes=0-1023`, `bytes=1024-` or `bytes=-500`' }),
    ApiHeader({ name: 'if-range', required: false, description: 'The ETag the client holds; the range is served only while it is current' }),
    ApiHeader({ name: 'if-none-match', required: false, description: 'The ETag the client holds; 304 while it is current' }),
  );
}

const BINARY = { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } };
const DOWNLOAD_HEADERS = {
  ETag: { description: 'The SHA-256 of the content, `"<hex>"`', schema: { type: 'string' } },
  'Content-Disposition': { description: 'attachment, with the sanitised original name', schema: { type: 'string' } },
  'Accept-Ranges': { description: '`bytes`', schema: { type: 'string' } },
};

/**
 * The OpenAPI description of a stored file's download (what `openDownload` answers): the request
 * headers above, 200 with the sniffed type, 206 for one range, 304, 410 FILE_PURGED and 416. The
 * route adds its own 404 and, for the headers, `FileDownloadInterceptor`.
 */
export function ApiStoredFileDownload(): MethodDecorator {
  return applyDecorators(
    ApiDownloadRequestHeaders(),
    ApiOkResponse({ description: 'The whole file, with its sniffed Content-Type', content: BINARY, headers: DOWNLOAD_HEADERS }),
    ApiResponse({
      status: 206,
      description: 'The requested byte range',
      content: BINARY,
      headers: { ...DOWNLOAD_HEADERS, 'Content-Range': { description: '`bytes <first>-<last>/<size>`', schema: { type: 'string' } } },
    }),
    ApiResponse({ status: 304, description: 'If-None-Match names the current ETag' }),
    ApiProblem(410, 'The retention policy deleted the file (`FILE_PURGED`, naming `fileId`)'),
    ApiProblem(416, 'The range starts beyond the end of the file'),
  );
}

/** The conditional and range request headers of a download, as `openDownload` takes them. */
export interface DownloadRequestHeaders {
  range?: string;
  ifRange?: string;
  ifNoneMatch?: string;
}

/**
 * Parameter decorator: the download's `Range`, `If-Range` and `If-None-Match` in one object (each
 * route documents them with {@link ApiDownloadRequestHeaders}).
 */
export const DownloadHeaders = createParamDecorator((_data: unknown, context: ExecutionContext): DownloadRequestHeaders => {
  const { headers } = httpRequestOf(context);
  const one = (name: string) => {
    const value = headers[name];
    return typeof value === 'string' ? value : undefined;
  };
  return { range: one('range'), ifRange: one('if-range'), ifNoneMatch: one('if-none-match') };
});
