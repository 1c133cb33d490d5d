import { isDeepStrictEqual } from 'node:util';
import { type ArgumentMetadata, ValidationPipe, type ValidationError, type ValidationPipeOptions } from '@nestjs/common';
import { getMetadataStorage, type MetadataStorage, type ValidatorOptions } from 'class-validator';
import { type FieldError, ValidationProblem } from './problem.js';
import { instanceByPlan, plannableTransformOptions } from './transform-plans.js';
import { acceptedByPlan } from './validation-plans.js';

/** Outside production every verdict of a plan is checked against class-validator's (as shaped queries check their shapes). */
const CHECK_PLANS = process.env.NODE_ENV !== 'production';

type TargetMetadatas = MetadataStorage['getTargetValidationMetadatas'];
const MEMOIZED = Symbol('chargeops.memoizedTargetMetadatas');

/**
 * Makes class-validator's lookup of a class's rules a cache hit after its first validation.
 * `getTargetValidationMetadatas` tests every decorated class of the application with `instanceof`
 * on every `validate()` call to find inherited rules (class-validator issue #2686; a few per cent
 * of a lead list page's CPU, bench/README.md session 12). The answer cannot change once the class
 * is loaded: its own and its ancestors' decorators ran before it can be validated, and a class
 * loaded later only adds rules of its own. Keyed by every argument, as twentyhq/twenty's fix does
 * (PR #24085). Idempotent: the storage is one per process (a global), the wrapper is put on once.
 */
function memoizeTargetMetadatas(storage: MetadataStorage): void {
  const holder = storage as MetadataStorage & { [MEMOIZED]?: true };
  if (holder[MEMOIZED]) return;
  const lookup: TargetMetadatas = storage.getTargetValidationMetadatas.bind(storage);
  const byTarget = new WeakMap<object, Map<string, ReturnType<TargetMetadatas>>>();
  holder.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = `${schema}\u0000${always}\u0000${strictGroups}\u0000${groups?.join('\u0001') ?? ''}`;
    let known = byTarget.get(target);
    if (!known) byTarget.set(target, (known = new Map()));
    let found = known.get(key);
    if (!found) known.set(key, (found = lookup(target, schema, always, strictGroups, groups)));
    return found;
  };
  holder[MEMOIZED] = true;
}

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return own.concat(flatten(error.children ?? [], field));
  });
}

/**
 * Nest's ValidationPipe whose transformation and validation ask the class's plans first: a value
 * {@link instanceByPlan} can build and {@link acceptedByPlan} accepts is the DTO at once, without
 * class-transformer's walk, class-validator's or a promise; anything else (an invalid value, or one
 * only the libraries can judge) goes through Nest's pipe, whose errors the answer names.
 * Outside production every value a plan handled goes through Nest's pipe as well, and a different
 * DTO or verdict throws (a 500 in the tests), so every suite checks the plans against the libraries.
 */
export class PlannedValidationPipe extends ValidationPipe {
  /** What Nest's pipe hands class-validator (its `transform`): the pipe's options, errors without their target. */
  private readonly planOptions: ValidatorOptions;
  /** Whether the pipe's class-transformer options are ones {@link instanceByPlan} reproduces. */
  private readonly plannable: boolean;

  constructor(options?: ValidationPipeOptions) {
    super(options);
    this.planOptions = { ...this.validatorOptions, validationError: { target: false, ...this.validatorOptions.validationError } };
    this.plannable = !this.expectedType && this.isTransformEnabled && plannableTransformOptions(this.transformOptions);
  }

  /**
   * Nest's `transform`, without a promise where the plans decide: a value it does not validate (a
   * path id, the actor of `@CurrentActor()`, any primitive) comes back as Nest's would, and a valid
   * plain DTO value as its instance, at once.
   * Nest awaits a pipe's answer either way; an `async` transform cost each such parameter a promise
   * more, and every promise pays Node 20's AsyncLocalStorage hooks (issue #13, bench/README.md).
   * Typed `any`, as Nest's `PipeTransform` has it: Nest's ValidationPipe declares a promise, which
   * this one gives only for what the plans leave to it (callers await the answer, as PipesConsumer does).
   * @throws ValidationProblem (400) as Nest's pipe does, for the values it validates
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override transform(value: unknown, metadata: ArgumentMetadata): any {
    const effective = this.expectedType ? { ...metadata, metatype: this.expectedType } : metadata;
    if (!effective.metatype || !this.toValidate(effective)) return this.isTransformEnabled ? this.transformPrimitive(value, effective) : value;
    if (this.plannable) {
      const instance = instanceByPlan(effective.metatype as new () => object, value, this.transformOptions);
      if (instance !== undefined && acceptedByPlan(instance, this.planOptions) === true) return CHECK_PLANS ? this.checkedByNest(instance, value, metadata) : instance;
    }
    return super.transform(value, metadata);
  }

  /** `instance` (a plan's DTO for `value`) once Nest's own pipe has built an equal one from `value`; throws when it builds another or refuses the value. */
  private async checkedByNest(instance: object, value: unknown, metadata: ArgumentMetadata): Promise<object> {
    const name = metadata.metatype?.name;
    const theirs: unknown = await super.transform(value, metadata).catch((error: unknown) => {
      throw new Error(`The plans of ${name} accepted a value Nest's pipe refuses (${JSON.stringify(error instanceof ValidationProblem ? error.extras.errors : String(error))})`);
    });
    if (!isDeepStrictEqual(instance, theirs) || Object.keys(instance).join('\u0000') !== Object.keys(theirs as object).join('\u0000')) {
      throw new Error(`The transform plan of ${name} built ${JSON.stringify(instance)}, class-transformer ${JSON.stringify(theirs)}`);
    }
    return instance;
  }

  protected override validate(object: object, validatorOptions?: ValidatorOptions): Promise<ValidationError[]> | ValidationError[] {
    const verdict = acceptedByPlan(object, validatorOptions);
    if (verdict === true && !CHECK_PLANS) return [];
    const checked = super.validate(object, validatorOptions);
    if (!CHECK_PLANS || verdict === undefined) return checked;
    return Promise.resolve(checked).then((errors) => {
      if ((errors.length === 0) !== verdict) {
        throw new Error(`The validation plan of ${object.constructor?.name} ${verdict ? 'accepted' : 'refused'} a value class-validator ${verdict ? 'refuses' : 'accepts'} (${JSON.stringify(flatten(errors))})`);
      }
      return errors;
    });
  }
}

/**
 * The global pipe (DESIGN §2): strips nothing silently (`forbidNonWhitelisted`), transforms to DTO
 * classes and answers 400 problem+json with one entry per offending field. Validation runs on each
 * class's plan ({@link PlannedValidationPipe}).
 */
export function createValidationPipe(): ValidationPipe {
  return new PlannedValidationPipe(validationPipeOptions());
}

/**
 * The global pipe's options (DESIGN §2), with class-validator's rule lookup memoized; also for
 * `bench/validation.bench.mjs`, which runs Nest's plain `ValidationPipe` on them beside the plans.
 */
export function validationPipeOptions(): ValidationPipeOptions {
  memoizeTargetMetadatas(getMetadataStorage());
  return {
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => new ValidationProblem(flatten(errors)),
  };
}
