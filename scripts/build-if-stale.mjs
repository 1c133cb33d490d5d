#!/usr/bin/env node
// `npm run cli` builds only when something the build reads is newer than dist/cli.js: the sources
// under src/ and libs/api-client/src, the tsconfig and nest-cli files, package.json. Otherwise it
// starts at once.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newest(join(path, name))), stat.mtimeMs);
}

const built = existsSync('dist/cli.js') ? statSync('dist/cli.js').mtimeMs : 0;
const inputs = ['src', 'libs/api-client/src', 'libs/api-client/openapi.json', 'tsconfig.json', 'tsconfig.build.json', 'nest-cli.json', 'package.json'];
if (!built || inputs.some((input) => newest(input) > built)) execSync('npm run build', { stdio: ['ignore', 'ignore', 'inherit'] });
