import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { catchError, type Observable, throwError } from 'rxjs';
import { httpReplyOf } from '../../common/http/http-exchange.js';
import { ThrottledException } from './login-throttler.service.js';

/**
 * Sets `Retry-After` (seconds, RFC 9110 §10.2.3) on the response of a {@link ThrottledException}
 * before the problem filter writes its body, since a problem carries members, not headers.
 */
@Injectable()
export class RetryAfterInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (error instanceof ThrottledException) httpReplyOf(context).header('Retry-After', String(error.retryAfterSeconds));
        return throwError(() => error);
      }),
    );
  }
}
