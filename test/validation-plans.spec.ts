import 'reflect-metadata';
import { ValidationPipe } from '@nestjs/common';
import { plainToInstance, Type } from 'class-transformer';
import { getMetadataStorage, IsOptional, IsString, Validate, ValidateNested, validate, ValidatorConstraint, type ValidatorConstraintInterface, type ValidatorOptions } from 'class-validator';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { acceptedByPlan } from '../src/common/validation-plans.js';
import type { ValidationProblem } from '../src/common/problem.js';
import { LeadQueryDto } from '../src/leads/dto/lead.dto.js';
import { apiDtoClasses, random, validatedProperties } from './support/api-dtos.js';


/** The options the global pipe hands class-validator (Nest adds forbidUnknownValues: false and the error target). */
const PIPE_OPTIONS: ValidatorOptions = { forbidUnknownValues: false, whitelist: true, forbidNonWhitelisted: true, validationError: { target: false } };

/** Values that pass or fail the rules the DTOs use: strings of every kind the API takes, numbers, booleans, lists and objects. */
const COMMON_VALUES: unknown[] = [
  null, '', 'x', 'Asha Rao', '  padded  ', 'a'.repeat(250), '42', '-1', '0', '50', 42, 0, -1, 1.5, 25, 100, 1e9, true, false, 'true', [], ['x'], ['vip', 'callback'], [1], {}, [{}],
  '6f1c1a52-5f0e-4b8e-9f43-3d7c2a0b9e11', '2026-12-05T10:00:00Z', '2026-12-05', '+919812345678', '98123 45678', 'asha@example.in', '411001', 'MH', 'IN-MH', 'https://example.com/hook', 'morning', 'AC 7.4 kW',
];

/** The values worth trying for a property: the common ones and the members of any list or enum its rules name. */
function candidatesOf(target: new () => object, property: string): unknown[] {
  const own = getMetadataStorage()
    .getTargetValidationMetadatas(target, undefined as unknown as string, false, false, undefined)
    .filter((metadata) => metadata.propertyName === property)
    .flatMap((metadata) => (metadata.constraints ?? []).flatMap((constraint: unknown) => (Array.isArray(constraint) ? constraint : constraint && typeof constraint === 'object' ? Object.values(constraint) : [])));
  return [...COMMON_VALUES, ...own.filter((value) => typeof value !== 'object')];
}

describe('validation plans (issue #13 item 4)', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('accept exactly what class-validator accepts, for every DTO of the API over generated values', async () => {
    expect(apiDtoClasses.length).toBeGreaterThan(40);
    const next = random(13);
    const disagreements: string[] = [];
    let accepted = 0;
    let refused = 0;
    for (const target of apiDtoClasses) {
      const properties = validatedProperties(target);
      const candidates = new Map(properties.map((property) => [property, candidatesOf(target, property)]));
      for (let attempt = 0; attempt < 400; attempt += 1) {
        const plain: Record<string, unknown> = {};
        // Most properties left out, as most requests leave them; now and then a key the class does not have.
        for (const property of properties) if (next() < 0.35) plain[property] = candidates.get(property)![Math.floor(next() * candidates.get(property)!.length)];
        if (next() < 0.05) plain.unexpected = 'x';
        let instance: object;
        try {
          instance = plainToInstance(target, plain) as object;
        } catch {
          continue; // a @Transform that refuses the value outright: nothing to validate
        }
        const verdict = acceptedByPlan(instance, PIPE_OPTIONS);
        const errors = await validate(instance, PIPE_OPTIONS);
        if (verdict === undefined || verdict !== (errors.length === 0)) disagreements.push(`${target.name} ${JSON.stringify(plain)}: plan ${verdict}, class-validator ${errors.length} errors`);
        if (errors.length === 0) accepted += 1;
        else refused += 1;
      }
    }
    expect(disagreements).toEqual([]);
    // Both answers were exercised, many times over.
    expect(accepted).toBeGreaterThan(1000);
    expect(refused).toBeGreaterThan(1000);
  });

  it('leave the options they do not know, and rules answering with a promise, to class-validator', async () => {
    @ValidatorConstraint({ async: true })
    class KnownLater implements ValidatorConstraintInterface {
      validate(value: unknown): Promise<boolean> {
        return Promise.resolve(value === 'known');
      }
    }
    class Later {
      @Validate(KnownLater)
      name!: string;
    }
    const later = plainToInstance(Later, { name: 'unknown' });
    expect(acceptedByPlan(later, PIPE_OPTIONS)).toBeUndefined();
    expect(await validate(later, PIPE_OPTIONS)).toHaveLength(1);
    const query = plainToInstance(LeadQueryDto, { limit: '50' });
    expect(acceptedByPlan(query, PIPE_OPTIONS)).toBe(true);
    expect(acceptedByPlan(query, { ...PIPE_OPTIONS, groups: ['admin'] })).toBeUndefined();
    expect(acceptedByPlan(query, { ...PIPE_OPTIONS, forbidNonWhitelisted: false })).toBeUndefined();
    // An object whose `constructor` is no class has no plan.
    expect(acceptedByPlan({ constructor: 'x' }, PIPE_OPTIONS)).toBeUndefined();
  });

  it('validate nested objects and lists of them as class-validator does', () => {
    class Item {
      @IsString()
      sku!: string;
    }
    class Order {
      @IsOptional()
      @ValidateNested({ each: true })
      @Type(() => Item)
      items?: Item[];
    }
    const verdict = (plain: object) => acceptedByPlan(plainToInstance(Order, plain), PIPE_OPTIONS);
    expect(verdict({ items: [{ sku: 'a' }, { sku: 'b' }] })).toBe(true);
    expect(verdict({})).toBe(true);
    expect(verdict({ items: [{ sku: 'a' }, { sku: 2 }] })).toBe(false);
    expect(verdict({ items: [{ sku: 'a', extra: 1 }] })).toBe(false);
    expect(verdict({ items: ['a'] })).toBe(false);
  });

  it('in production, a value the plan accepts skips class-validator; a refused one is reported by it, field by field', async () => {
    // The module reads NODE_ENV when loaded: a fresh copy of it, loaded as production loads it.
    vi.stubEnv('NODE_ENV', 'production');
    vi.resetModules();
    const { createValidationPipe } = await import('../src/common/validation.js');
    const { ValidationProblem } = await import('../src/common/problem.js');
    const pipe = createValidationPipe();
    const classValidator = vi.spyOn(ValidationPipe.prototype as unknown as { validate: () => unknown }, 'validate');
    const query = await pipe.transform({ limit: '50', status: ['new', 'contacted'] }, { type: 'query', metatype: LeadQueryDto });
    expect(query).toBeInstanceOf(LeadQueryDto);
    expect(query).toMatchObject({ limit: 50, status: ['new', 'contacted'] });
    expect(classValidator).not.toHaveBeenCalled();

    const refusal = await pipe.transform({ limit: '500', colour: 'red' }, { type: 'query', metatype: LeadQueryDto }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ValidationProblem);
    expect(classValidator).toHaveBeenCalledTimes(1);
    const fields = ((refusal as ValidationProblem).extras.errors as { field: string }[]).map((error) => error.field);
    expect(fields.sort()).toEqual(['colour', 'limit']);
  });

  it('outside production, a plan that disagrees with class-validator fails loudly', async () => {
    let calls = 0;
    @ValidatorConstraint()
    class FirstCallOnly implements ValidatorConstraintInterface {
      validate(): boolean {
        calls += 1;
        return calls === 1;
      }
    }
    class Fickle {
      @Validate(FirstCallOnly)
      name!: string;
    }
    vi.stubEnv('NODE_ENV', 'test');
    vi.resetModules();
    const { createValidationPipe } = await import('../src/common/validation.js');
    // The plan asks first (valid), Nest's pipe second (invalid): the pipe reports the disagreement.
    await expect(createValidationPipe().transform({ name: 'x' }, { type: 'body', metatype: Fickle })).rejects.toThrow(/plans of Fickle accepted a value Nest's pipe refuses/);
    // A value no transform plan builds (a nested object) goes to Nest's pipe alone, whose own check asks the validation plan.
    calls = 0;
    await expect(createValidationPipe().transform({ name: { first: 'x' } }, { type: 'body', metatype: Fickle })).rejects.toThrow(/plan of Fickle accepted a value class-validator refuses/);
  });
});
