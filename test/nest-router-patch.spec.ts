import 'reflect-metadata';
import {
  type ArgumentsHost,
  BadRequestException,
  type CallHandler,
  Catch,
  type CanActivate,
  Controller,
  type ExceptionFilter,
  type ExecutionContext,
  Get,
  Header,
  HttpCode,
  HttpException,
  Module,
  type NestInterceptor,
  type PipeTransform,
  Query,
  Redirect,
  Req,
  Res,
  StreamableFile,
  UnauthorizedException,
  UseFilters,
  UseGuards,
  UseInterceptors,
  UsePipes,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, type Observable, of } from 'rxjs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

/** What the guards, pipes and handlers of one request did, in order. */
let seen: string[] = [];

/** A request as the probes mark it: whether the handler still ran in the turn its first guard ran in. */
type ProbedRequest = FastifyRequest & { sameTurn?: boolean };

/** Allows, and notes when a microtask has run since it did. */
class TurnGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<ProbedRequest>();
    request.sameTurn = true;
    queueMicrotask(() => (request.sameTurn = false));
    seen.push('turn guard');
    return true;
  }
}

/** A guard answering `verdict()` and noting that it ran. */
function guardAnswering(name: string, verdict: () => boolean | Promise<boolean> | Observable<boolean>): new () => CanActivate {
  return class implements CanActivate {
    canActivate(): boolean | Promise<boolean> | Observable<boolean> {
      seen.push(name);
      return verdict();
    }
  };
}

const PromisedYes = guardAnswering('promised yes', () => Promise.resolve(true));
const ObservedYes = guardAnswering('observed yes', () => of(true));
const PlainYes = guardAnswering('plain yes', () => true);
const PromisedNo = guardAnswering('promised no', () => Promise.resolve(false));
const ObservedNo = guardAnswering('observed no', () => of(false));
const PlainNo = guardAnswering('plain no', () => false);
const Throwing = guardAnswering('throwing', () => {
  throw new UnauthorizedException('who are you');
});

/** A pipe that doubles a number after a promise. */
class LaterDoubling implements PipeTransform {
  transform(value: string): Promise<number> {
    return Promise.resolve(Number(value) * 2);
  }
}

/** A pipe that refuses anything but digits, at once. */
class DigitsOnly implements PipeTransform {
  transform(value: string): string {
    if (!/^\d+$/.test(value)) throw new BadRequestException('n must be digits');
    return value;
  }
}

/** Answers a refusal with whether Nest marked the request as refused by its pipes. */
@Catch(BadRequestException)
class PipeRefusalFilter implements ExceptionFilter {
  catch(error: BadRequestException, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const marked = (request as unknown as Record<symbol, unknown>)[Symbol.for('nestjs:rejected-by-pipes')] === true;
    void host.switchToHttp().getResponse<FastifyReply>().status(400).send({ message: error.message, rejectedByPipes: marked });
  }
}

/** Wraps what the handler answered. */
class Wrapping implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    seen.push('interceptor');
    return next.handle().pipe(map((value: unknown) => ({ wrapped: value })));
  }
}

@Controller('probe')
class ProbeController {
  @Get('same-turn')
  @UseGuards(TurnGuard, PlainYes)
  @UsePipes(DigitsOnly)
  sameTurn(@Req() request: ProbedRequest, @Query('n') n: string): Promise<{ sameTurn: boolean | undefined; n: string }> {
    seen.push('handler');
    return Promise.resolve({ sameTurn: request.sameTurn, n });
  }

  @Get('guards-in-turn')
  @UseGuards(PromisedYes, PlainYes, ObservedYes)
  guardsInTurn(): { ok: boolean } {
    seen.push('handler');
    return { ok: true };
  }

  @Get('promised-no')
  @UseGuards(PlainYes, PromisedNo, PlainYes)
  promisedNo(): string {
    seen.push('handler');
    return 'never';
  }

  @Get('observed-no')
  @UseGuards(ObservedNo)
  observedNo(): string {
    seen.push('handler');
    return 'never';
  }

  @Get('plain-no')
  @UseGuards(PlainNo, PlainYes)
  plainNo(): string {
    seen.push('handler');
    return 'never';
  }

  @Get('guard-throws')
  @UseGuards(Throwing)
  guardThrows(): string {
    seen.push('handler');
    return 'never';
  }

  @Get('refused')
  @UseFilters(PipeRefusalFilter)
  refused(@Query('n', DigitsOnly) n: string): string {
    seen.push('handler');
    return n;
  }

  @Get('later-pipe')
  laterPipe(@Query('n', LaterDoubling) n: number): { n: number } {
    seen.push('handler');
    return { n };
  }

  @Get('throws')
  throws(): never {
    throw new HttpException({ message: 'a teapot' }, 418);
  }

  @Get('rejects')
  async rejects(): Promise<never> {
    await Promise.resolve();
    throw new HttpException({ message: 'in conflict' }, 409);
  }

  @Get('accepted')
  @HttpCode(202)
  @Header('X-Probe', 'yes')
  accepted(): { accepted: boolean } {
    return { accepted: true };
  }

  @Get('status-changed')
  @HttpCode(202)
  statusChanged(@Res({ passthrough: true }) reply: FastifyReply): Promise<{ replayed: boolean }> {
    void reply.status(200);
    return Promise.resolve({ replayed: true });
  }

  @Get('observable')
  observable(): Observable<{ n: number }> {
    return of({ n: 1 }, { n: 2 });
  }

  @Get('promised-observable')
  promisedObservable(): Promise<Observable<{ n: number }>> {
    return Promise.resolve(of({ n: 3 }));
  }

  @Get('file')
  file(): StreamableFile {
    return new StreamableFile(Buffer.from('bytes of a file'), { type: 'text/plain' });
  }

  @Get('redirect')
  @Redirect('https://example.com/elsewhere', 301)
  redirect(): void {}

  @Get('own-reply')
  ownReply(@Res() reply: FastifyReply): void {
    void reply.status(207).send({ own: true });
  }

  @Get('intercepted')
  @UseInterceptors(Wrapping)
  @UseGuards(TurnGuard)
  intercepted(@Req() request: ProbedRequest): { sameTurn: boolean | undefined } {
    seen.push('handler');
    return { sameTurn: request.sameTurn };
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

/**
 * patches/@nestjs+core+12.5.1.patch (issue #13 item 4): without interceptors, a route whose guards
 * and pipes answer at once reaches its handler with no promise in between, and the proxy around it
 * adds none; everything else (guards and pipes that answer later, refusals, thrown errors,
 * Observables, files, redirects, an own reply, interceptors) behaves as Nest's own router does.
 */
describe('Nest router patch (@nestjs/core router-execution-context, router-proxy)', () => {
  let app: NestFastifyApplication;

  const get = (url: string) => app.getHttpAdapter().getInstance().inject({ method: 'GET', url });

  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(ProbeModule, new FastifyAdapter(), { logger: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await app.close();
  });

  beforeEach(() => {
    seen = [];
  });

  it('runs the pipes and the handler in the turn the guards ran in when they all answer at once', async () => {
    const response = await get('/probe/same-turn?n=42');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ sameTurn: true, n: '42' });
    expect(seen).toEqual(['turn guard', 'plain yes', 'handler']);
  });

  it('goes on with the next guards once a promised or observed verdict allows, in their order', async () => {
    const response = await get('/probe/guards-in-turn');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ ok: true });
    expect(seen).toEqual(['promised yes', 'plain yes', 'observed yes', 'handler']);
  });

  it('answers 403 for a guard that refuses, at once, by promise or by Observable, and runs nothing after it', async () => {
    for (const [url, ran] of [
      ['/probe/plain-no', ['plain no']],
      ['/probe/promised-no', ['plain yes', 'promised no']],
      ['/probe/observed-no', ['observed no']],
    ] as const) {
      seen = [];
      const response = await get(url);
      expect(response.statusCode, url).toBe(403);
      expect(response.json(), url).toEqual({ statusCode: 403, message: 'Forbidden resource', error: 'Forbidden' });
      expect(seen, url).toEqual(ran);
    }
  });

  it("hands a guard's error to the exception filters", async () => {
    const response = await get('/probe/guard-throws');
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ message: 'who are you' });
    expect(seen).toEqual(['throwing']);
  });

  it('marks a request its pipes refused, without running the handler, and awaits a pipe that answers later', async () => {
    const refused = await get('/probe/refused?n=4x');
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toEqual({ message: 'n must be digits', rejectedByPipes: true });
    expect(seen).toEqual([]);

    const later = await get('/probe/later-pipe?n=21');
    expect(later.json()).toEqual({ n: 42 });
    expect(seen).toEqual(['handler']);
  });

  it("hands the handler's thrown and rejected errors to the exception filters", async () => {
    const thrown = await get('/probe/throws');
    expect(thrown.statusCode).toBe(418);
    expect(thrown.json()).toEqual({ message: 'a teapot' });
    const rejected = await get('/probe/rejects');
    expect(rejected.statusCode).toBe(409);
    expect(rejected.json()).toEqual({ message: 'in conflict' });
  });

  it('sends a plain value with the route status (or the one the handler set) and headers, the last value of an Observable, and a file', async () => {
    const accepted = await get('/probe/accepted');
    expect(accepted.statusCode).toBe(202);
    expect(accepted.headers['x-probe']).toBe('yes');
    expect(accepted.json()).toEqual({ accepted: true });

    const changed = await get('/probe/status-changed');
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toEqual({ replayed: true });

    expect((await get('/probe/observable')).json()).toEqual({ n: 2 });
    expect((await get('/probe/promised-observable')).json()).toEqual({ n: 3 });

    const file = await get('/probe/file');
    expect(file.headers['content-type']).toBe('text/plain');
    expect(file.body).toBe('bytes of a file');
  });

  it('leaves a redirect, an own reply and an intercepted route to the paths Nest gives them', async () => {
    const redirect = await get('/probe/redirect');
    expect(redirect.statusCode).toBe(301);
    expect(redirect.headers.location).toBe('https://example.com/elsewhere');

    const own = await get('/probe/own-reply');
    expect(own.statusCode).toBe(207);
    expect(own.json()).toEqual({ own: true });

    const intercepted = await get('/probe/intercepted');
    expect(intercepted.json()).toEqual({ wrapped: { sameTurn: false } });
    expect(seen).toEqual(['turn guard', 'interceptor', 'handler']);
  });
});
