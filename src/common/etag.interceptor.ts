import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { type Observable, tap } from 'rxjs';
import { httpReplyOf } from './http/http-exchange.js';

/**
 * Sends `ETag: W/"<version>"` for single-resource answers that carry a `version` (DESIGN §6), so
 * clients can send it back as `If-Match`.
 */
@Injectable()
export class VersionEtagInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      tap((body) => {
        const version = (body as { version?: unknown } | undefined)?.version;
        if (typeof version === 'number') httpReplyOf(context).header('ETag', `W/"${version}"`);
      }),
    );
  }
}
