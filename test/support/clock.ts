import type { INestApplication } from '@nestjs/common';
import { onTestFinished, vi } from 'vitest';
import { Clock } from '../../src/common/clock.service.js';

/** The application's clock, stopped by {@link stopClock}. */
export interface StoppedClock {
  /** Where it was stopped, in milliseconds since the epoch. */
  start: number;
  /** Moves it to `start + ms`. */
  advanceTo(ms: number): void;
}

/**
 * Stops the application's {@link Clock} (the time of its caches and of API-key bookkeeping) at
 * `start` until the test ends, so a test moves time by hand instead of sleeping. Tokens and the
 * database keep the real time.
 */
export function stopClock(app: INestApplication, start = Date.now()): StoppedClock {
  const now = vi.spyOn(app.get(Clock), 'now').mockReturnValue(start);
  onTestFinished(() => {
    now.mockRestore();
  });
  return { start, advanceTo: (ms) => now.mockReturnValue(start + ms) };
}
