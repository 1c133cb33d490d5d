import { applyDecorators } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';

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
