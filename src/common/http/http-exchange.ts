import type { IncomingMessage } from 'node:http';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

/**
 * The part of a request object the code reads, whatever HTTP adapter Nest runs on: Fastify's
 * request and Express's both have these members (headers as Node parsed them, the client address
 * after `TRUST_PROXY`, and the path with its query). Code outside `app.factory.ts` and
 * `common/http-server.ts` reads requests through this type, never through a framework's own.
 */
export interface HttpRequest {
  readonly headers: IncomingMessage['headers'];
  readonly ip?: string;
  readonly url: string;
  readonly method: string;
}

/**
 * The part of a response object the code writes: a status and headers, set before the body is
 * sent. Fastify's reply and Express's response both have `status(code)` and `header(name, value)`.
 */
export interface HttpReply {
  status(code: number): unknown;
  header(name: string, value: string): unknown;
}

/** The request of an HTTP execution context, as {@link HttpRequest} plus whatever a guard attached (`T`). */
export function httpRequestOf<T extends object = object>(context: ExecutionContext): HttpRequest & T {
  return context.switchToHttp().getRequest<HttpRequest & T>();
}

/** The response of an HTTP execution context, as {@link HttpReply}. */
export function httpReplyOf(context: ExecutionContext): HttpReply {
  return context.switchToHttp().getResponse<HttpReply>();
}

/**
 * The Node request under the adapter's own object (Fastify keeps it in `.raw`; Express's request
 * is one): streamed uploads read the body from it themselves (busboy), so no framework parses it.
 */
export function rawRequestOf(request: object): IncomingMessage {
  return ((request as { raw?: IncomingMessage }).raw ?? request) as IncomingMessage;
}

/** Parameter decorator: the handler receives the Node {@link IncomingMessage} of the request (see {@link rawRequestOf}). */
export const RawRequest = createParamDecorator((_data: unknown, context: ExecutionContext): IncomingMessage => rawRequestOf(context.switchToHttp().getRequest<object>()));

/**
 * Parameter decorator: the handler receives an {@link HttpReply} to set a status or header on (the
 * handler still returns its body). A wrapper, not Fastify's reply itself: that one is thenable
 * (it resolves once sent), and Nest awaits a thenable parameter value before calling the handler.
 */
export const Reply = createParamDecorator((_data: unknown, context: ExecutionContext): HttpReply => {
  const reply = httpReplyOf(context);
  return { status: (code) => reply.status(code), header: (name, value) => reply.header(name, value) };
});
