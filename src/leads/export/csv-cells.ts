/**
 * CSV cell rules shared by the export and the import (issue 14 items 4–5).
 *
 * OWASP "CSV Injection": a spreadsheet runs a cell that starts with `=`, `+`, `-`, `@`, a tab or a
 * carriage return as a formula; such text cells are written with a leading `'`, which the
 * spreadsheet shows but does not run. The import strips that `'` again, so an exported file
 * re-imports with the original text.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** `text` made safe to open in a spreadsheet (see above); other text unchanged. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Undoes {@link neutraliseFormula}: a `'` followed by a formula start is dropped. */
export function restoreFormula(text: string): string {
  return text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}
