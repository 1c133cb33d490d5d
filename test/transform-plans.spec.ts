import 'reflect-metadata';
import { isDeepStrictEqual } from 'node:util';
import { ClassTransformer, Exclude, Expose, plainToInstance, Transform, type TransformFnParams, Type } from 'class-transformer';
import { IsOptional, IsString } from 'class-validator';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { instanceByPlan, plannableTransformOptions } from '../src/common/transform-plans.js';
import { LeadQueryDto } from '../src/leads/dto/lead.dto.js';
import { apiDtoClasses, random, validatedProperties } from './support/api-dtos.js';


/** The options the global validation pipe gives class-transformer (src/common/validation.ts). */
const PIPE_TRANSFORM = { enableImplicitConversion: false };

/** Values requests bring: strings of every kind (a query string's), numbers, booleans, null, lists, and now and then what only class-transformer builds. */
const VALUES: unknown[] = [
  null, '', 'x', '  Padded MiXed  ', '42', '-7', 'true', 'false', 'TRUE', 42, 0, -1, 1.5, true, false, [], ['x'], [' VIP ', 'callback'], [1, 'a', null], ['true'],
  '6f1c1a52-5f0e-4b8e-9f43-3d7c2a0b9e11', '2026-12-05T10:00:00Z', '+919812345678', 'asha@example.in', '411001', 'IN-MH',
  { nested: 'x' }, [{ item: 1 }], [[1]],
];

/** Whether two DTOs are the same: prototype, own keys in the same order, equal values. */
function same(a: unknown, b: unknown): boolean {
  return Object.getPrototypeOf(a) === Object.getPrototypeOf(b) && JSON.stringify(Object.keys(a as object)) === JSON.stringify(Object.keys(b as object)) && isDeepStrictEqual(a, b);
}

describe('transform plans (issue #13 item 4)', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('build what plainToInstance builds, for every DTO of the API over generated values, and leave the rest to it', () => {
    expect(apiDtoClasses.length).toBeGreaterThan(40);
    const next = random(18);
    const disagreements: string[] = [];
    let planned = 0;
    let left = 0;
    for (const target of apiDtoClasses) {
      const properties = validatedProperties(target);
      for (let attempt = 0; attempt < 200; attempt += 1) {
        const plain: Record<string, unknown> = {};
        for (const property of properties) if (next() < 0.4) plain[property] = VALUES[Math.floor(next() * VALUES.length)];
        if (next() < 0.05) plain.unexpected = 'x';
        let theirs: unknown;
        try {
          theirs = plainToInstance(target, plain, PIPE_TRANSFORM);
        } catch (error) {
          // A @Transform that throws: the plan throws the same, or leaves the value to class-transformer.
          expect(() => instanceByPlan(target, plain, PIPE_TRANSFORM)).toThrow((error as Error).message);
          continue;
        }
        const ours = instanceByPlan(target, plain, PIPE_TRANSFORM);
        if (ours === undefined) left += 1;
        else {
          planned += 1;
          if (!same(ours, theirs)) disagreements.push(`${target.name} ${JSON.stringify(plain)}: plan ${JSON.stringify(ours)}, class-transformer ${JSON.stringify(theirs)}`);
        }
      }
    }
    expect(disagreements).toEqual([]);
    // Both paths were taken, many times over.
    expect(planned).toBeGreaterThan(4000);
    expect(left).toBeGreaterThan(1000);
  });

  it('copy lists, so a DTO never shares an array with the parsed request', () => {
    const plain = { status: ['new', 'contacted'], limit: '50' };
    const query = instanceByPlan(LeadQueryDto, plain, PIPE_TRANSFORM)!;
    expect(query).toBeInstanceOf(LeadQueryDto);
    expect(query).toMatchObject({ status: ['new', 'contacted'], limit: 50 });
    expect(query.status).not.toBe(plain.status);
  });

  it('call each @Transform() with the arguments class-transformer gives it', () => {
    const seen: Omit<TransformFnParams, 'obj'>[][] = [[], []];
    let run = 0;
    class Recorded {
      @Transform((params) => {
        const { obj, ...rest } = params;
        expect(obj).toBe(plain);
        seen[run].push(rest);
        return typeof params.value === 'string' ? params.value.trim() : params.value;
      })
      name?: string;
    }
    const plain = { name: '  Asha ' };
    const ours = instanceByPlan(Recorded, plain, PIPE_TRANSFORM);
    run = 1;
    const theirs = plainToInstance(Recorded, plain, PIPE_TRANSFORM);
    expect(ours).toEqual(theirs);
    expect(seen[0]).toEqual(seen[1]);
    expect(seen[0]).toHaveLength(1);
  });

  it('leave to class-transformer what it alone decides: nested objects, gaps, special keys, methods, @Type, @Expose, @Exclude, other options', () => {
    class Plain {
      @IsOptional()
      @IsString()
      name?: string;
      describe(): string {
        return 'plain';
      }
    }
    const sparse: unknown[] = [];
    sparse[2] = 'x';
    for (const plain of [
      { name: { first: 'a' } },
      { name: [{ first: 'a' }] },
      { name: sparse },
      JSON.parse('{"__proto__": "x"}') as object,
      { constructor: 'x' },
      { prototype: 'x' },
      { describe: 'x' },
      { toString: 'x' },
      ['name'],
      'name',
      null,
      new Plain(),
    ]) {
      expect(instanceByPlan(Plain, plain, PIPE_TRANSFORM), JSON.stringify(plain)).toBeUndefined();
    }
    // What class-transformer makes of a method's name: it skips the key.
    expect(plainToInstance(Plain, { describe: 'x' })).not.toHaveProperty('describe', 'x');
    // A null-prototype object, or one of an empty class without Object.prototype (a query string as
    // Fastify's parser, fast-querystring, builds it), is as good as a plain one; a prototype that holds something is not.
    expect(instanceByPlan(Plain, Object.assign(Object.create(null) as object, { name: 'a' }), PIPE_TRANSFORM)).toEqual(plainToInstance(Plain, { name: 'a' }));
    const Empty = function (this: object) {} as unknown as new () => Record<string, unknown>;
    Empty.prototype = Object.create(null) as object;
    const parsed = Object.assign(new Empty(), { name: 'a' });
    expect(instanceByPlan(Plain, parsed, PIPE_TRANSFORM)).toEqual(plainToInstance(Plain, parsed));
    expect(instanceByPlan(Plain, Object.assign(Object.create({ inherited: 'x' }) as object, { name: 'a' }), PIPE_TRANSFORM)).toBeUndefined();

    class Typed {
      @Type(() => Date)
      at?: Date;
      name?: string;
    }
    expect(instanceByPlan(Typed, { at: '2026-12-05' }, PIPE_TRANSFORM)).toBeUndefined();
    expect(instanceByPlan(Typed, { name: 'a' }, PIPE_TRANSFORM)).toEqual(plainToInstance(Typed, { name: 'a' }));
    class Renamed {
      @Expose({ name: 'full_name' })
      fullName?: string;
    }
    expect(instanceByPlan(Renamed, { full_name: 'a' }, PIPE_TRANSFORM)).toBeUndefined();
    @Exclude()
    class Hidden {
      @Expose()
      name?: string;
    }
    expect(instanceByPlan(Hidden, { name: 'a' }, PIPE_TRANSFORM)).toBeUndefined();

    expect(plannableTransformOptions(PIPE_TRANSFORM)).toBe(true);
    expect(plannableTransformOptions(undefined)).toBe(true);
    expect(plannableTransformOptions({ enableImplicitConversion: true })).toBe(false);
    expect(plannableTransformOptions({ groups: ['admin'] })).toBe(false);
    expect(plannableTransformOptions({ excludeExtraneousValues: true })).toBe(false);
  });

  it('in production, the validation pipe builds a valid plain DTO without class-transformer, and a refused one with it', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    vi.resetModules();
    const { createValidationPipe } = await import('../src/common/validation.js');
    const pipe = createValidationPipe();
    const classTransformer = vi.spyOn(ClassTransformer.prototype, 'plainToInstance');
    const query: unknown = pipe.transform({ limit: '50', status: ['new'], q: '98123' }, { type: 'query', metatype: LeadQueryDto });
    // No promise: the DTO itself.
    expect(query).toBeInstanceOf(LeadQueryDto);
    expect(query).toMatchObject({ limit: 50, status: ['new'], q: '98123' });
    expect(classTransformer).not.toHaveBeenCalled();

    await expect(pipe.transform({ limit: '500' }, { type: 'query', metatype: LeadQueryDto })).rejects.toMatchObject({ extras: { errors: [expect.objectContaining({ field: 'limit' })] } });
    expect(classTransformer).toHaveBeenCalledTimes(1);
  });

  it('outside production, a transform plan that builds another DTO than class-transformer fails loudly', async () => {
    let calls = 0;
    class Counted {
      @IsOptional()
      @Transform(() => (calls += 1))
      count?: number;
    }
    vi.stubEnv('NODE_ENV', 'test');
    vi.resetModules();
    const { createValidationPipe } = await import('../src/common/validation.js');
    await expect(createValidationPipe().transform({ count: 'x' }, { type: 'body', metatype: Counted })).rejects.toThrow(/transform plan of Counted built \{"count":1\}, class-transformer \{"count":2\}/);
  });
});
