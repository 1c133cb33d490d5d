import { Injectable } from '@nestjs/common';

/**
 * The time source of the in-process caches and of API-key bookkeeping, provided to the whole
 * application by `AppConfigModule`. Tests move it (`vi.spyOn(app.get(Clock), 'now')`) instead of
 * faking `Date`, which TypeORM compares column types against when it reads dates.
 */
@Injectable()
export class Clock {
  /** Milliseconds since the epoch. */
  now(): number {
    return Date.now();
  }
}
