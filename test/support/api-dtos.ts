import 'reflect-metadata';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getMetadataStorage } from 'class-validator';

const SRC = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src');
const modules: Record<string, unknown>[] = await Promise.all(
  readdirSync(SRC, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.dto.ts'))
    .map((file) => import(join(SRC, file)) as Promise<Record<string, unknown>>),
);

/** Every DTO class of the API with validation rules, as the controllers and the upload receiver validate them (every `*.dto.ts` under src/). */
export const apiDtoClasses: readonly (new () => object)[] = [
  ...new Set(
    modules
      .flatMap((exports) => Object.values(exports))
      .filter((value): value is new () => object => typeof value === 'function' && getMetadataStorage().getTargetValidationMetadatas(value, undefined as unknown as string, false, false, undefined).length > 0),
  ),
];

/** The properties `target`'s validation rules name, in class-validator's grouping order. */
export function validatedProperties(target: new () => object): string[] {
  const storage = getMetadataStorage();
  return Object.keys(storage.groupByPropertyName(storage.getTargetValidationMetadatas(target, undefined as unknown as string, false, false, undefined)));
}

/** A small deterministic generator (mulberry32) of numbers in [0, 1), so a failure names a case that can be run again. */
export function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
