import { DefaultNamingStrategy, type NamingStrategyInterface } from 'typeorm';

/** `camelCase` → `snake_case`, as columns are named. */
export function snake(value: string): string {
  return value.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/**
 * camelCase properties become snake_case columns (DESIGN §4) even where a column name is not
 * spelled out, so the two migration sets and hand-written SQL agree.
 */
export class SnakeNamingStrategy extends DefaultNamingStrategy implements NamingStrategyInterface {
  override columnName(propertyName: string, customName: string | undefined, prefixes: string[]): string {
    return snake(prefixes.concat(customName ?? propertyName).join('_'));
  }
}
