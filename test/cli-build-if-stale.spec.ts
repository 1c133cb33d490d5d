import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

/** The script `npm run cli` runs first (package.json): it builds only when an input is newer than dist/cli.js. */
const SCRIPT = fileURLToPath(new URL('../scripts/build-if-stale.mjs', import.meta.url));

describe('npm run cli: builds only when something changed (issue 14 item 8)', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A project whose `npm run build` leaves a `built` file: whether the script ran it. */
  function project(): void {
    dir = mkdtempSync(join(tmpdir(), 'chargeops-build-if-stale-'));
    mkdirSync(join(dir, 'src'));
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'stale-check', private: true, scripts: { build: `node -e "require('fs').writeFileSync('built', '')"` } }));
    writeFileSync(join(dir, 'src', 'cli.ts'), 'export {};\n');
    writeFileSync(join(dir, 'dist', 'cli.js'), '');
  }
  const at = (path: string, seconds: number) => utimesSync(join(dir, path), seconds, seconds);
  const run = () => execFileSync(process.execPath, [SCRIPT], { cwd: dir, stdio: 'pipe' });

  it('starts without building when dist/cli.js is newer than every input', () => {
    project();
    for (const path of ['src/cli.ts', 'src', 'package.json']) at(path, 1_000_000);
    at('dist/cli.js', 2_000_000);
    run();
    expect(existsSync(join(dir, 'built'))).toBe(false);
  });

  it('builds when a source is newer than dist/cli.js, or when there is no build yet', () => {
    project();
    for (const path of ['src', 'package.json']) at(path, 1_000_000);
    at('dist/cli.js', 2_000_000);
    at('src/cli.ts', 3_000_000);
    run();
    expect(existsSync(join(dir, 'built'))).toBe(true);

    rmSync(join(dir, 'built'));
    rmSync(join(dir, 'dist', 'cli.js'));
    run();
    expect(existsSync(join(dir, 'built'))).toBe(true);
  });
});
