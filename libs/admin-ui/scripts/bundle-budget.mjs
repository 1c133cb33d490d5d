#!/usr/bin/env node
// Bundle budget of the console (issue 17): the JavaScript a browser loads to open /admin (the
// scripts and module preloads named by dist/index.html), gzipped, must stay under the budget.
// Prints each file and the sum; exits 1 above the budget. Run after `npm run build`.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** 350 KB (kilobytes of 1000 bytes) of gzipped JavaScript on first load. */
const BUDGET_BYTES = 350_000;

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const urls = new Set();
for (const match of html.matchAll(/<script[^>]*\bsrc="([^"]+)"/g)) urls.add(match[1]);
for (const match of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)) urls.add(match[1]);
if (urls.size === 0) {
  console.error('bundle budget: dist/index.html names no script; was the console built?');
  process.exit(1);
}
let total = 0;
for (const url of urls) {
  const file = join(dist, url.replace(/^\/admin\//, ''));
  const gzipped = gzipSync(readFileSync(file), { level: 9 }).length;
  total += gzipped;
  console.log(`${(gzipped / 1000).toFixed(1).padStart(8)} KB  ${url}`);
}
const verdict = total <= BUDGET_BYTES ? 'within' : 'OVER';
console.log(`${(total / 1000).toFixed(1).padStart(8)} KB  first load of /admin, gzipped JavaScript (${verdict} the ${BUDGET_BYTES / 1000} KB budget)`);
process.exit(total <= BUDGET_BYTES ? 0 : 1);
