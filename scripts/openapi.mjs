#!/usr/bin/env node
// Generates or checks the committed OpenAPI spec and the typed client's schema (DESIGN §2, §3).
//   node scripts/openapi.mjs generate   writes libs/api-client/openapi.json and schema.d.ts
//   node scripts/openapi.mjs check      regenerates into a temp dir; fails when the committed files
//                                       differ or when spectral reports an error
// Both read the BUILT app in dist/ (run through `npm run openapi:*`, which builds first): the
// swagger CLI plugin's metadata exists only in `nest build` output, not in the TypeScript sources.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

const root = fileURLToPath(new URL('..', import.meta.url));
const clientDir = join(root, 'libs', 'api-client');
const GENERATED = ['openapi.json', 'schema.d.ts'];
const BANNER =
  '/**\n * Generated from openapi.json by scripts/openapi.mjs (openapi-typescript). Do not edit:\n' +
  ' * change the controllers or DTOs and run `npm run openapi:generate`.\n */\n\n';

const [, , mode] = process.argv;
if (!['generate', 'check'].includes(mode)) {
  console.error('usage: openapi.mjs generate | check');
  process.exit(2);
}
if (!existsSync(join(root, 'dist', 'app.factory.js'))) {
  console.error('dist/ is missing: run `npm run openapi:generate` (or `nest build` first)');
  process.exit(2);
}

/**
 * Boots the built app on a throw-away in-memory database and returns its document as stable,
 * pretty JSON. Also asserts that `GET /openapi.json` on the running server serves that document.
 */
async function buildSpec() {
  const dist = (file) => pathToFileURL(join(root, 'dist', file)).href;
  const { createApp } = await import(dist('app.factory.js'));
  const { buildOpenApiDocument } = await import(dist('openapi.js'));
  const { loadConfig } = await import(dist('config/config.js'));
  const dataDir = mkdtempSync(join(tmpdir(), 'chargeops-openapi-'));
  const config = loadConfig(
    {
      DATABASE_URL: 'sqlite::memory:',
      JWT_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'silent',
      DATA_DIR: dataDir,
      STORAGE_DIR: join(dataDir, 'storage'),
      // An explicit first admin keeps the seeder from printing a generated password.
      ADMIN_EMAIL: 'openapi-export@chargeops.invalid',
      ADMIN_PASSWORD: randomBytes(16).toString('hex'),
    },
    dataDir,
  );
  const app = await createApp(config);
  try {
    const document = buildOpenApiDocument(app);
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address();
    const response = await fetch(`http://127.0.0.1:${port}/openapi.json`);
    const served = await response.text();
    if (!response.ok || served !== JSON.stringify(document)) {
      throw new Error(`GET /openapi.json (${response.status}) does not serve the document buildOpenApiDocument() returns`);
    }
    return `${JSON.stringify(document, null, 2)}\n`;
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The `paths`/`components` types openapi-typescript derives from the spec. */
async function schemaTypes(specJson) {
  const ast = await openapiTS(JSON.parse(specJson));
  return BANNER + astToString(ast);
}

/** Writes every generated file into `dir`. */
async function generateInto(dir) {
  const spec = await buildSpec();
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'openapi.json'), spec);
  writeFileSync(join(dir, 'schema.d.ts'), await schemaTypes(spec));
}

/** A short unified diff of two files, for the drift report. */
function describeDiff(committed, fresh) {
  if (!existsSync(committed)) return '  (not committed yet)';
  try {
    execFileSync('diff', ['-u', '--label', 'committed', '--label', 'generated', committed, fresh], { encoding: 'utf8' });
    return '';
  } catch (error) {
    if (typeof error.stdout !== 'string') return '  (differs; `diff` is not available to show how)';
    const lines = error.stdout.split('\n');
    return lines.slice(0, 60).join('\n') + (lines.length > 60 ? `\n  … ${lines.length - 60} more diff lines` : '');
  }
}

function spectral(file) {
  // --fail-severity error: warnings are reported but only errors fail the check.
  execFileSync(join(root, 'node_modules', '.bin', 'spectral'), ['lint', file, '--ruleset', join(root, '.spectral.yaml'), '--fail-severity', 'error'], {
    cwd: root,
    stdio: 'inherit',
  });
}

if (mode === 'generate') {
  await generateInto(clientDir);
  console.log(`wrote ${GENERATED.map((f) => `libs/api-client/${f}`).join(', ')}`);
  process.exit(0);
}

const tmp = mkdtempSync(join(tmpdir(), 'chargeops-openapi-check-'));
let failed = false;
try {
  await generateInto(tmp);
  for (const file of GENERATED) {
    const committed = join(clientDir, file);
    const fresh = join(tmp, file);
    if (existsSync(committed) && readFileSync(committed, 'utf8') === readFileSync(fresh, 'utf8')) {
      console.log(`libs/api-client/${file}: up to date`);
      continue;
    }
    failed = true;
    console.error(`libs/api-client/${file}: out of date with the controllers and DTOs\n${describeDiff(committed, fresh)}`);
  }
  if (failed) console.error('Run `npm run openapi:generate` and commit the result.');
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
try {
  spectral(join('libs', 'api-client', 'openapi.json'));
} catch {
  failed = true;
  console.error('spectral found errors in libs/api-client/openapi.json');
}
process.exit(failed ? 1 : 0);
