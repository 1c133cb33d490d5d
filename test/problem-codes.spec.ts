import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PROBLEM_CODE_LISTS, PROBLEM_CODES } from '../src/problem-catalogue.js';

/**
 * Problem codes held by the lists (issue 12, item 5). The type check already refuses an unlisted
 * literal code; these tests cover what types cannot see: every errors file is in the catalogue,
 * each code has one home, every listed code is still thrown somewhere, and the committed spec's
 * enum is the catalogue.
 */

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');

const sourceFiles = (readdirSync(src, { recursive: true }) as string[])
  .filter((file) => file.endsWith('.ts') && !file.includes(`migrations`))
  .map((file) => join(src, file));

/** Codes written out at throw sites: `AppException(409, 'X'`, `super(429, 'X'`, `conflictCode: 'X'`, `NotFoundProblem('Team member'`. */
function thrownLiterals(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of sourceFiles) {
    const text = readFileSync(file, 'utf8');
    const name = relative(root, file);
    for (const m of text.matchAll(/(?:AppException|super)\(\s*\d{3},\s*'([A-Z][A-Z0-9_]+)'/g)) found.set(m[1], name);
    for (const m of text.matchAll(/conflictCode: '([A-Z][A-Z0-9_]+)'/g)) found.set(m[1], name);
    // Same rule as NotFoundProblem: upper-case, runs of other characters become `_`.
    for (const m of text.matchAll(/NotFoundProblem\(\s*'([^']+)'/g)) found.set(`${m[1].toUpperCase().replace(/[^A-Z]+/g, '_')}_NOT_FOUND`, name);
  }
  // The problem filter's generic codes (by status, body-parser failures, 503, unknown errors).
  const filter = readFileSync(join(src, 'common', 'problem.filter.ts'), 'utf8');
  for (const m of filter.matchAll(/'([A-Z][A-Z0-9_]{2,})'/g)) found.set(m[1], 'src/common/problem.filter.ts');
  return found;
}

/** Codes built from a template at run time, each family held by a type (versioning.ts, job-assignments.ts, job-media.service.ts). */
const GENERATED = [
  ...['LEAD', 'SURVEY', 'INSTALLATION'].flatMap((r) => [`${r}_PRECONDITION_FAILED`, `${r}_CHANGED`]),
  // The scheduled-job skeleton's 404 names its kind's label (src/teams/assignments/scheduled-jobs.ts).
  ...['SURVEY', 'INSTALLATION'].flatMap((job) => [`${job}_NOT_FOUND`, `${job}_NO_PRIMARY_TEAM`, `${job}_NOT_PRIMARY_TEAM`, `${job}_ASSIGNMENT_NOT_FOUND`, `${job}_MEDIA_NOT_FOUND`]),
];

describe('problem codes', () => {
  it('lists every code written at a throw site', () => {
    const thrown = thrownLiterals();
    expect(thrown.size).toBeGreaterThan(40);
    const unlisted = [...thrown].filter(([code]) => !PROBLEM_CODES.includes(code as never)).map(([code, file]) => `${code} (${file})`);
    expect(unlisted).toEqual([]);
  });

  it('lists no code that nothing throws any more', () => {
    const used = new Set([...thrownLiterals().keys(), ...GENERATED]);
    expect(PROBLEM_CODES.filter((code) => !used.has(code))).toEqual([]);
  });

  it('gives each code one home and the shape of a code', () => {
    const all = Object.values(PROBLEM_CODE_LISTS).flatMap((list) => Object.keys(list));
    expect(all.filter((code, i) => all.indexOf(code) !== i)).toEqual([]);
    for (const code of all) expect(code).toMatch(/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/);
    for (const list of Object.values(PROBLEM_CODE_LISTS)) for (const meaning of Object.values(list)) expect(meaning.length).toBeGreaterThan(5);
  });

  it('has every <module>.errors.ts list in the catalogue', async () => {
    const errorsFiles = sourceFiles.filter((file) => file.endsWith('.errors.ts'));
    expect(errorsFiles.length).toBeGreaterThanOrEqual(7);
    const catalogued = new Set<unknown>(Object.values(PROBLEM_CODE_LISTS));
    for (const file of errorsFiles) {
      const exported = Object.values((await import(pathToFileURL(file).href)) as Record<string, unknown>);
      expect(exported.length, relative(root, file)).toBeGreaterThan(0);
      for (const list of exported) expect(catalogued.has(list), `${relative(root, file)} is not in src/problem-catalogue.ts`).toBe(true);
    }
  });

  it('is the enum of ProblemDetailsDto.code in the committed spec', () => {
    const spec = JSON.parse(readFileSync(join(root, 'libs', 'api-client', 'openapi.json'), 'utf8')) as {
      components: { schemas: { ProblemDetailsDto: { properties: { code: { enum?: string[] } } } } };
    };
    expect(spec.components.schemas.ProblemDetailsDto.properties.code.enum).toEqual([...PROBLEM_CODES]);
  });
});
