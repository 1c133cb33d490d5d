import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { type FieldError, ValidationProblem } from './problem.js';

/** With the `u` flag a surrogate pair reads as one code point, so only a lone surrogate matches. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** What is wrong with a string, or null when it can be stored and compared as text. */
function textProblem(value: string): string | null {
  // A lone UTF-16 surrogate cannot be encoded as UTF-8 (PostgreSQL, argon2 and the JSON writer choke on it).
  if (LONE_SURROGATE.test(value)) return 'must be well-formed Unicode (it contains a lone UTF-16 surrogate)';
  // PostgreSQL text cannot hold U+0000, and no field of ours has a use for it.
  if (value.includes('\u0000')) return 'must not contain the NUL character (U+0000)';
  return null;
}

/** Appends one error per malformed string in `value` (any depth; the body's depth is bounded before parsing). */
function collect(value: unknown, field: string, errors: FieldError[]): void {
  if (typeof value === 'string') {
    const problem = textProblem(value);
    if (problem) errors.push({ field: field || 'value', message: `${field || 'value'} ${problem}` });
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => collect(item, field ? `${field}.${index}` : String(index), errors));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const name = field ? `${field}.${key}` : key;
      const keyProblem = textProblem(key);
      if (keyProblem) errors.push({ field: name, message: `the field name ${keyProblem}` });
      else collect(item, name, errors);
    }
  }
}

/**
 * A global pipe that runs before validation on every body, query and path value: a string with a
 * lone UTF-16 surrogate (`"\ud800"` is valid JSON) or a NUL character answers 400
 * `VALIDATION_FAILED` naming the field, instead of failing later in the database driver or the
 * password hasher with a 500.
 * @throws ValidationProblem (400) listing each malformed field
 */
@Injectable()
export class WellFormedTextPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const errors: FieldError[] = [];
    collect(value, metadata.data ?? '', errors);
    if (errors.length) throw new ValidationProblem(errors);
    return value;
  }
}
