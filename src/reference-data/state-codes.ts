/**
 * An ISO 3166-2:IN state or union-territory code as India Post's directory carries it (`IN-MH`;
 * shared/data/README.md, DESIGN §8). Checked on import (upper case only) and when a state is
 * resolved to its name ({@link STATE_CODE_ANY_CASE}: people type `in-mh`).
 */
export const STATE_CODE_PATTERN = /^IN-[A-Z]{2}$/;

/** {@link STATE_CODE_PATTERN} in any letter case. */
export const STATE_CODE_ANY_CASE = /^IN-[A-Z]{2}$/i;
