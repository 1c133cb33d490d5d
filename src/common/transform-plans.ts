import { createRequire } from 'node:module';
import { isDeepStrictEqual } from 'node:util';
import { type ClassTransformOptions, type TransformFnParams, TransformationType } from 'class-transformer';
import type { MetadataStorage } from 'class-transformer/types/MetadataStorage.js';

/**
 * class-transformer's own metadata store: the one its decorators write to and `plainToInstance`
 * reads. Not in its public index, so required from the CommonJS file that index requires (one
 * module instance either way); class-transformer 0.5.1 has had the same layout since 2021.
 */
const { defaultMetadataStorage: storage } = createRequire(import.meta.url)('class-transformer/cjs/storage.js') as { defaultMetadataStorage: MetadataStorage };

/** class-transformer's defaults (constants/default-options.constant.js), which `plainToInstance` spreads under the caller's options. */
const DEFAULT_OPTIONS: ClassTransformOptions = {
  enableCircularCheck: false,
  enableImplicitConversion: false,
  excludeExtraneousValues: false,
  excludePrefixes: undefined,
  exposeDefaultValues: false,
  exposeUnsetFields: true,
  groups: undefined,
  ignoreDecorators: false,
  strategy: undefined,
  targetMaps: undefined,
  version: undefined,
};

/** What a property's value goes through on its way into the class: its `@Transform()` functions, in class-transformer's order. */
type PropertyPlan = readonly ((params: TransformFnParams) => unknown)[];

/** A class's properties as `plainToInstance` treats them, by key, and an instance to ask what a new one holds; null for a class a plan does not cover. */
type ClassPlan = { readonly properties: Map<string, PropertyPlan | null>; readonly probe: Record<string, unknown> } | null;

const plans = new WeakMap<object, ClassPlan>();

/** The plan of `target`, worked out on its first use: null when its class-level decorators (`@Expose`, `@Exclude`) need class-transformer. */
function classPlanOf(target: new () => object): ClassPlan {
  let plan = plans.get(target);
  if (plan === undefined) {
    const simple =
      storage.getStrategy(target) === 'none' &&
      storage.getExposedMetadatas(target).length === 0 &&
      storage.getExcludedMetadatas(target).length === 0;
    plans.set(target, (plan = simple ? { properties: new Map(), probe: new target() as Record<string, unknown> } : null));
  }
  return plan;
}

/**
 * What `plainToInstance` does with the key `key` of a plain object for `target`, looked up once:
 * its `@Transform()` functions (class-transformer's `findTransformMetadatas` for PLAIN_TO_CLASS,
 * without those limited to groups, as `applyCustomTransformations` filters them when no groups are
 * asked for), or null when the key needs class-transformer: a `@Type()`, a prototype-pollution key,
 * or a name the class's prototype already holds as a method or a getter (which it skips).
 */
function propertyPlanOf(target: new () => object, plan: NonNullable<ClassPlan>, key: string): PropertyPlan | null {
  let property = plan.properties.get(key);
  if (property === undefined) {
    const descriptor = Object.getOwnPropertyDescriptor(target.prototype, key);
    const special =
      key === '__proto__' ||
      key === 'constructor' ||
      key === 'prototype' ||
      storage.findTypeMetadata(target, key) !== undefined ||
      storage.findExposeMetadataByCustomName(target, key) !== undefined ||
      (descriptor !== undefined && !descriptor.set) ||
      plan.probe[key] instanceof Function;
    property = special
      ? null
      : storage
          .findTransformMetadatas(target, key, TransformationType.PLAIN_TO_CLASS)
          .filter((metadata) => !metadata.options?.groups?.length)
          .map((metadata) => metadata.transformFn);
    // Only so many: the keys come from request bodies, and a body of 70,000 unknown keys (refused
    // afterwards by the whitelist) would otherwise stay in memory for good, request after request.
    if (plan.properties.size < MAX_PLANNED_KEYS) plan.properties.set(key, property);
  }
  return property;
}

/** Keys remembered per class: far more than any DTO declares, few enough to bound what hostile bodies leave behind. */
const MAX_PLANNED_KEYS = 256;

/** How many keys of `target` are remembered (tests: stays within {@link MAX_PLANNED_KEYS} whatever bodies arrive). */
export function plannedKeyCount(target: object): number {
  return plans.get(target)?.properties.size ?? 0;
}

/** What {@link copyOf} answers for a value only class-transformer copies. */
const UNPLANNED = Symbol('unplanned');

/** A copy of `value` as class-transformer makes one without a `@Type()`: primitives as they are, a dense array of primitives as a new array; {@link UNPLANNED} for anything else. */
function copyOf(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (!Array.isArray(value)) return UNPLANNED;
  const copy = new Array<unknown>(value.length);
  for (let i = 0; i < value.length; i++) {
    // A gap (Nest closes them first, in place) or an object inside: class-transformer's walk decides.
    if (!(i in value)) return UNPLANNED;
    const item: unknown = value[i];
    if (item !== null && typeof item === 'object') return UNPLANNED;
    copy[i] = item;
  }
  return copy;
}

/**
 * Whether `value` is a record of its own keys only: a plain object, or one whose prototypes hold
 * nothing up to `Object.prototype` or null (a query string as Fastify's parser, fast-querystring,
 * builds it: an object of an empty class whose prototype has no prototype).
 */
function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  for (let prototype: object | null = Object.getPrototypeOf(value) as object | null; prototype !== null && prototype !== Object.prototype; prototype = Object.getPrototypeOf(prototype) as object | null) {
    if (Reflect.ownKeys(prototype).length > 0) return false;
  }
  return true;
}

/**
 * Whether `options` are the ones a plan reproduces: the validation pipe's (`{ enableImplicitConversion:
 * false }`, DESIGN §2) or none. Any other option (groups, strategies, implicit conversion, versions)
 * changes what `plainToInstance` does, and the caller leaves the value to it.
 */
export function plannableTransformOptions(options: ClassTransformOptions | undefined): boolean {
  return Object.entries(options ?? {}).every(([key, value]) => isDeepStrictEqual(value, DEFAULT_OPTIONS[key as keyof ClassTransformOptions]));
}

/**
 * `plainToInstance(target, plain, options)` for the values requests bring (issue #13 item 4, "no
 * per-request allocations a profile shows as avoidable"; class-transformer walks its metadata with
 * array filters for every key of every request, a few per cent of a lead list page's CPU,
 * bench/README.md session 18): a new `target` with each own key of `plain` copied and passed
 * through that key's `@Transform()` functions with the arguments class-transformer gives them.
 * Only for what it reproduces exactly, else undefined and the caller asks class-transformer:
 * `plain` a plain object (a JSON body, a parsed query string; {@link isPlainRecord}) of
 * primitives and dense arrays of primitives, keys without a `@Type()`, `@Expose()` or `@Exclude()` and not `__proto__`,
 * `constructor` or `prototype`, and `options` as {@link plannableTransformOptions} allows. The
 * validation pipe checks every answer against class-transformer's outside production.
 * @param options the options the caller would give `plainToInstance` (checked by the caller with
 *   {@link plannableTransformOptions} once)
 * @returns the instance, or undefined when only class-transformer can build it
 * @throws whatever a `@Transform()` function throws, as `plainToInstance` would
 */
export function instanceByPlan<T extends object>(target: new () => T, plain: unknown, options: ClassTransformOptions = {}): T | undefined {
  if (!isPlainRecord(plain)) return undefined;
  const plan = classPlanOf(target);
  if (!plan) return undefined;
  const keys = Object.keys(plain);
  const values = new Array<unknown>(keys.length);
  const properties = new Array<PropertyPlan>(keys.length);
  // Every key is checked before anything runs, so a @Transform() is never called twice for one value.
  for (let i = 0; i < keys.length; i++) {
    const property = propertyPlanOf(target, plan, keys[i]);
    const copy = property && copyOf(plain[keys[i]]);
    if (!property || copy === UNPLANNED) return undefined;
    properties[i] = property;
    values[i] = copy;
  }
  const instance = new target();
  const fields = instance as Record<string, unknown>;
  // class-transformer's merged options, made only for a value that has a @Transform() to give them to.
  let transformOptions: ClassTransformOptions | undefined;
  for (let i = 0; i < keys.length; i++) {
    let value = values[i];
    for (const transform of properties[i]) value = transform({ value, key: keys[i], obj: plain, type: TransformationType.PLAIN_TO_CLASS, options: (transformOptions ??= { ...DEFAULT_OPTIONS, ...options }) });
    fields[keys[i]] = value;
  }
  return instance;
}
