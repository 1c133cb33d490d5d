import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { catchError, map, type Observable, throwError } from 'rxjs';
import { httpReplyOf } from '../../common/http/http-exchange.js';
import { FileDownload, RangeNotSatisfiableProblem } from './file-download.js';

/**
 * Applies a {@link FileDownload}'s status and headers to the response (Nest sets only type, length
 * and disposition itself), answers 304 without a body, and adds `Content-Range` to a 416.
 */
@Injectable()
export class FileDownloadInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const res = httpReplyOf(context);
    return next.handle().pipe(
      map((body: unknown) => {
        if (!(body instanceof FileDownload)) return body;
        res.status(body.status);
        for (const [name, value] of Object.entries(body.headers)) res.header(name, value);
        return body.status === 304 ? undefined : body;
      }),
      catchError((error: unknown) => {
        if (error instanceof RangeNotSatisfiableProblem) res.header('Content-Range', `bytes */${error.sizeBytes}`);
        return throwError(() => error);
      }),
    );
  }
}
