import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { ValidationProblem } from './problem.js';

/** The largest serial id: a 32-bit signed integer, PostgreSQL's `serial` and MariaDB's `INT` id columns. */
export const MAX_SERIAL_ID = 2_147_483_647;

/**
 * A path id of a table with integer ids (lead sources, closing reasons): an integer from 1 to
 * {@link MAX_SERIAL_ID}, as a number. Replaces Nest's `ParseIntPipe`, which lets
 * through any integer JavaScript reads, such as `3000000000`, that PostgreSQL then refuses as out
 * of its `integer` range (a 500). Anything else answers 400 naming the parameter, as a malformed
 * id did with `ParseIntPipe` (and does with `ParseUUIDPipe` for uuid ids).
 * Use: `@Param('id', ParseSerialIdPipe) id: number`.
 * @throws 400 VALIDATION_FAILED naming the parameter (`id`)
 */
@Injectable()
export class ParseSerialIdPipe implements PipeTransform<unknown, number> {
  transform(value: unknown, metadata: ArgumentMetadata): number {
    // The global ValidationPipe (transform) hands a parameter typed `number` over as `+value`
    // already; a string, where no pipe ran before this one, must be digits only (Number() would
    // also read '0x1F', '1e3' and '').
    const id = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
    if (Number.isInteger(id) && id >= 1 && id <= MAX_SERIAL_ID) return id;
    const field = metadata.data ?? 'id';
    throw new ValidationProblem([{ field, message: `${field} must be an integer from 1 to ${MAX_SERIAL_ID}` }]);
  }
}
