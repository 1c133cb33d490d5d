import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { catchError, map, type Observable, throwError } from 'rxjs';
import { FileDownload, RangeNotSatisfiableProblem } from './file-download.js';

/**
 * Applies a {@link FileDownload}'s status and headers to the response (Nest sets only type, length
 * and disposition itself), answers 304 without a body, and adds `Content-Range` to a 416.
 */
@Injectable()
export class FileDownloadInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const res = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      map((body: unknown) => {
        if (!(body instanceof FileDownload)) return body;
        res.status(body.status);
        for (const [name, value] of Object.entries(body.headers)) res.setHeader(name, value);
        return body.status === 304 ? undefined : body;
      }),
      catchError((error: unknown) => {
        if (error instanceof RangeNotSatisfiableProblem) res.setHeader('Content-Range', `bytes */${error.sizeBytes}`);
        return throwError(() => error);
      }),
    );
  }
}
