import { getMetadataStorage, ValidationTypes, type ValidationArguments, type ValidatorConstraintInterface, type ValidatorOptions } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata.js';

/** One rule of a property: its metadata and the constraint instances that check it, looked up once. */
interface Rule {
  readonly metadata: ValidationMetadata;
  readonly checkers: readonly ValidatorConstraintInterface[];
}

/** What class-validator does with one property, sorted once (it filters the metadata on every call). */
interface PropertyPlan {
  readonly name: string;
  readonly defined: readonly Rule[];
  readonly conditions: readonly ((object: object, value: unknown) => boolean)[];
  readonly custom: readonly Rule[];
  readonly nested: readonly ValidationMetadata[];
}

/** A class's rules as class-validator would apply them, sorted by property. */
interface ClassPlan {
  readonly hasRules: boolean;
  /** class-validator's own grouping, kept for its whitelist test (a key is allowed when it finds rules under it). */
  readonly grouped: Readonly<Record<string, readonly ValidationMetadata[]>>;
  readonly properties: readonly PropertyPlan[];
}

/** The options the plans know (the global pipe's); with any other set, class-validator decides alone. */
const KNOWN_OPTIONS = new Set(['whitelist', 'forbidNonWhitelisted', 'forbidUnknownValues', 'validationError']);

const plans = new WeakMap<object, Map<string, ClassPlan | null>>();

/**
 * The plan of `target`'s rules (its own and its ancestors', for `schema`), worked out on its first
 * validation; null when a rule needs what the plans do not do (a promise validation).
 */
function planOf(target: object, schema: string | undefined): ClassPlan | null {
  let bySchema = plans.get(target);
  if (!bySchema) plans.set(target, (bySchema = new Map()));
  const key = schema ?? '';
  let plan = bySchema.get(key);
  if (plan === undefined) bySchema.set(key, (plan = buildPlan(target as new () => object, schema)));
  return plan;
}

function buildPlan(target: new () => object, schema: string | undefined): ClassPlan | null {
  const storage = getMetadataStorage();
  // The arguments ValidationExecutor.execute passes without groups, `always` or `strictGroups`.
  const metadatas = storage.getTargetValidationMetadatas(target, schema as string, false, false, undefined);
  if (metadatas.some((metadata) => metadata.type === ValidationTypes.PROMISE_VALIDATION)) return null;
  const grouped = storage.groupByPropertyName(metadatas);
  const ruleOf = (metadata: ValidationMetadata): Rule => ({ metadata, checkers: storage.getTargetValidatorConstraints(metadata.constraintCls).map((constraint) => constraint.instance) });
  const properties = Object.keys(grouped).map((name): PropertyPlan => {
    const own = grouped[name];
    const rest = own.filter((metadata) => metadata.type !== ValidationTypes.IS_DEFINED && metadata.type !== ValidationTypes.WHITELIST);
    return {
      name,
      defined: own.filter((metadata) => metadata.type === ValidationTypes.IS_DEFINED).map(ruleOf),
      conditions: rest.filter((metadata) => metadata.type === ValidationTypes.CONDITIONAL_VALIDATION).map((metadata) => metadata.constraints[0] as (object: object, value: unknown) => boolean),
      custom: rest.filter((metadata) => metadata.type === ValidationTypes.CUSTOM_VALIDATION).map(ruleOf),
      nested: rest.filter((metadata) => metadata.type === ValidationTypes.NESTED_VALIDATION),
    };
  });
  return { hasRules: metadatas.length > 0, grouped, properties };
}

/** A verdict: valid, invalid, or `undefined` when only class-validator can tell (an async rule answered). */
type Verdict = boolean | undefined;

function isCollection(value: unknown): value is unknown[] | Set<unknown> | Map<unknown, unknown> {
  return Array.isArray(value) || value instanceof Set || value instanceof Map;
}

/** The items class-validator walks in a collection: an array's or a set's, a map's values. */
function itemsOf(collection: unknown[] | Set<unknown> | Map<unknown, unknown>): Iterable<unknown> {
  return collection instanceof Map ? collection.values() : collection;
}

/** A constraint's answer as a verdict: a promise is for class-validator to wait for. */
function verdictOf(answer: boolean | Promise<boolean>): Verdict {
  return typeof (answer as Promise<boolean> | null)?.then === 'function' ? undefined : Boolean(answer);
}

/** class-validator's `customValidations`, for a verdict instead of messages. */
function rulesHold(object: object, value: unknown, rules: readonly Rule[]): Verdict {
  for (const { metadata, checkers } of rules) {
    if (metadata.validateIf && !metadata.validateIf(object, value)) continue;
    for (const checker of checkers) {
      const args: ValidationArguments = { targetName: object.constructor ? object.constructor.name : (undefined as unknown as string), property: metadata.propertyName, object, value, constraints: metadata.constraints };
      if (metadata.each && isCollection(value)) {
        for (const item of itemsOf(value)) {
          const verdict = verdictOf(checker.validate(item, args));
          if (verdict !== true) return verdict;
        }
      } else {
        const verdict = verdictOf(checker.validate(value, args));
        if (verdict !== true) return verdict;
      }
    }
  }
  return true;
}

/** class-validator's `performValidations` for one value of a property. */
function valueHolds(object: object, value: unknown, options: ValidatorOptions, defined: readonly Rule[], conditions: PropertyPlan['conditions'], custom: readonly Rule[], nested: readonly ValidationMetadata[]): Verdict {
  // Every condition is asked, as class-validator asks them all before it combines them.
  let applies = true;
  for (const condition of conditions) applies = condition(object, value) && applies;
  if (!applies) return true;
  let verdict = rulesHold(object, value, defined);
  if (verdict !== true) return verdict;
  verdict = rulesHold(object, value, custom);
  if (verdict !== true || value === undefined) return verdict;
  for (const metadata of nested) {
    if (isCollection(value)) {
      for (const item of itemsOf(value)) {
        verdict = valueHolds(value, item, options, [], [], [], nested);
        if (verdict !== true) return verdict;
      }
    } else if (value instanceof Object) {
      verdict = objectHolds(value, typeof metadata.target === 'string' ? metadata.target : metadata.target.name, options);
      if (verdict !== true) return verdict;
    } else {
      return false;
    }
  }
  return true;
}

/** class-validator's `execute` for one object (`schema` as it passes it for a nested one). */
function objectHolds(object: object, schema: string | undefined, options: ValidatorOptions): Verdict {
  // Only a class has rules; anything else in `constructor` (an own property) is class-validator's to judge.
  if (typeof object.constructor !== 'function') return undefined;
  const plan = planOf(object.constructor, schema);
  if (!plan) return undefined;
  if (!plan.hasRules && options.forbidUnknownValues !== false) return false;
  for (const key of Object.keys(object)) {
    // A lookup on the plain object, as class-validator's whitelist does (inherited names included).
    const rules = plan.grouped[key];
    if (!rules || rules.length === 0) return false;
  }
  for (const { name, defined, conditions, custom, nested } of plan.properties) {
    const verdict = valueHolds(object, (object as Record<string, unknown>)[name], options, defined, conditions, custom, nested);
    if (verdict !== true) return verdict;
  }
  return true;
}

/**
 * Whether class-validator would find no error in `object` (a DTO instance) under `options`,
 * decided by a plan of its class's rules worked out on its first validation (issue #13 item 4,
 * "validation compiled once per DTO"): class-validator filters each property's rules by type, looks
 * up each rule's constraint instance in its container with a linear search and builds an error
 * object per property on every call, valid or not. The plan calls the same constraint instances
 * with the same arguments in the same order, so it accepts exactly what class-validator accepts;
 * the messages of a refusal stay class-validator's (the caller asks it then).
 * @returns true (valid), false (class-validator will report an error), undefined (only
 *   class-validator can tell: options other than `whitelist` + `forbidNonWhitelisted`, a promise
 *   validation, or a rule that answered with a promise)
 */
export function acceptedByPlan(object: object, options: ValidatorOptions = {}): Verdict {
  if (options.whitelist !== true || options.forbidNonWhitelisted !== true) return undefined;
  for (const key of Object.keys(options)) if (!KNOWN_OPTIONS.has(key)) return undefined;
  return objectHolds(object, undefined, options);
}
