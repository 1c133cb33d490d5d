import type { ValueTransformer } from 'typeorm';

/**
 * Reads `decimal` columns as numbers: PostgreSQL returns them as strings, SQLite as numbers
 * (TOOLCHAIN.md). Values fit a double exactly enough for DecimalField(9,6) coordinates.
 */
export const decimalToNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null || value === undefined ? null : Number(value)),
};

/**
 * Reads `bigint` columns (file sizes) as numbers: PostgreSQL returns int8 as a string, SQLite as a
 * number. Exact up to 2^53 bytes, far beyond any file the API accepts.
 */
export const bigintToNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null || value === undefined ? null : Number(value)),
};
