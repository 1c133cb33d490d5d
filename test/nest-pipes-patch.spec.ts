import 'reflect-metadata';
import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { PipesConsumer } from '@nestjs/core/pipes/pipes-consumer.js';
import { RouterExecutionContext } from '@nestjs/core/router/router-execution-context.js';
import { describe, expect, it } from 'vitest';

/** A param as Nest's router hands it to `createPipesFn` (RouterExecutionContext.exchangeKeysForValues). */
interface ParamOption {
  index: number;
  extractValue: (req: unknown, res: unknown, next: unknown) => unknown;
  type: RouteParamtypes | string;
  data?: string;
  metatype?: unknown;
  pipes: PipeTransform[];
  schema?: unknown;
}

type PipesFn = (args: unknown[], req: unknown, res: unknown, next: unknown) => Promise<unknown> | undefined;

/** The router's per-route pipes function for `params`, with `global` pipes first (what Nest builds for a route at start-up). */
function pipesFnOf(global: PipeTransform[], params: ParamOption[]): PipesFn {
  const context = new RouterExecutionContext(undefined as never, undefined as never, new PipesConsumer(), undefined as never, undefined as never, undefined as never, undefined as never, undefined as never);
  return (context as unknown as { createPipesFn(pipes: PipeTransform[], params: ParamOption[]): PipesFn }).createPipesFn(global, params);
}

/** A pipe that records what it was given and answers `answer(value)`. */
function recording(name: string, seen: string[], answer: (value: unknown) => unknown = (value) => `${String(value)}>${name}`): PipeTransform & { metadata: ArgumentMetadata[] } {
  const metadata: ArgumentMetadata[] = [];
  return {
    metadata,
    transform(value: unknown, meta: ArgumentMetadata) {
      seen.push(`${name}(${String(value)})`);
      metadata.push(meta);
      return answer(value);
    },
  };
}

/**
 * patches/@nestjs+core+12.5.1.patch (issue #13 item 4): a route's pipes run at once while they
 * answer at once, so a request whose pipes are all synchronous (ChargeOps' text and validation
 * pipes on a valid DTO, a path id, the actor) needs no promise; anything asynchronous is awaited as
 * Nest's PipesConsumer awaits it.
 */
describe('Nest pipes patch (@nestjs/core router-execution-context)', () => {
  it('runs synchronous pipes without a promise, global ones first, with the metadata PipesConsumer gives', () => {
    const seen: string[] = [];
    class Query {}
    const first = recording('text', seen);
    const second = recording('validation', seen);
    const own = recording('own', seen);
    const run = pipesFnOf(
      [first, second],
      [
        { index: 0, extractValue: () => 'actor', type: 'custom:actor', pipes: [] },
        { index: 1, extractValue: () => 'q', type: RouteParamtypes.QUERY, metatype: Query, pipes: [own] },
        { index: 2, extractValue: () => 'raw request', type: RouteParamtypes.REQUEST, pipes: [] },
      ],
    );
    const args: unknown[] = [];
    expect(run(args, {}, {}, () => undefined)).toBeUndefined();
    expect(args).toEqual(['actor>text>validation', 'q>text>validation>own', 'raw request']);
    expect(seen).toEqual(['text(actor)', 'validation(actor>text)', 'text(q)', 'validation(q>text)', 'own(q>text>validation)']);
    expect(first.metadata).toEqual([
      { metatype: undefined, type: 'custom', data: undefined, schema: undefined },
      { metatype: Query, type: 'query', data: undefined, schema: undefined },
    ]);
  });

  it('awaits a pipe that answers with a promise, then runs the rest of that param\'s pipes on what it resolved to', async () => {
    const seen: string[] = [];
    const later = recording('async', seen, (value) => Promise.resolve(`${String(value)}>async`));
    const after = recording('after', seen);
    const run = pipesFnOf([later, after], [{ index: 0, extractValue: () => 'body', type: RouteParamtypes.BODY, pipes: [] }]);
    const args: unknown[] = [];
    const pending = run(args, {}, {}, () => undefined);
    expect(pending).toBeInstanceOf(Promise);
    expect(seen).toEqual(['async(body)']);
    await pending;
    expect(args).toEqual(['body>async>after']);
    expect(seen).toEqual(['async(body)', 'after(body>async)']);
  });

  it('settles a custom decorator\'s promised value before the first pipe sees it', async () => {
    const seen: string[] = [];
    const run = pipesFnOf([recording('text', seen)], [{ index: 0, extractValue: () => Promise.resolve('user'), type: 'custom:user', pipes: [] }]);
    const args: unknown[] = [];
    await run(args, {}, {}, () => undefined);
    expect(args).toEqual(['user>text']);
  });

  it('rejects with the error of the first param that fails, after every param\'s pipes have started', async () => {
    const seen: string[] = [];
    const refuse = (label: string) => () => {
      throw new Error(`${label} refused`);
    };
    const run = pipesFnOf(
      [],
      [
        { index: 0, extractValue: () => 'a', type: RouteParamtypes.QUERY, pipes: [recording('ok', seen)] },
        { index: 1, extractValue: () => 'b', type: RouteParamtypes.BODY, pipes: [recording('bad body', seen, refuse('body'))] },
        { index: 2, extractValue: () => 'c', type: RouteParamtypes.PARAM, data: 'id', pipes: [recording('bad id', seen, refuse('id'))] },
      ],
    );
    await expect(run([], {}, {}, () => undefined)).rejects.toThrow('body refused');
    expect(seen).toEqual(['ok(a)', 'bad body(b)', 'bad id(c)']);
  });
});
