#!/usr/bin/env node
// Summarises a V8 CPU profile (.cpuprofile, as written by `node --cpu-prof`, e.g. by
// `BENCH_PROFILE=1 npm run bench`): where the server's CPU time went, by package and by function.
//
//   node bench/profile-summary.mjs bench/results/profiles/<run>/CPU.….cpuprofile [top=30] [filter]
//
// Prints self time by package and by function, then inclusive time (the function and all it
// called) by function, optionally only for functions whose label matches the regular expression
// `filter` (e.g. "src/|typeorm" to see how our handlers and TypeORM split the time).
// Self time is attributed to the frame that was on top of the stack when sampled; "package" is
// the node_modules package of that frame (ours = our compiled src, node: = Node's own JS,
// (native) = V8 builtins/GC/idle without a script).
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/**
 * Self time per package and per function of a parsed .cpuprofile.
 * @returns {{ totalMs: number, byPackage: [string, number][], byFunction: [string, number][], inclusive: [string, number][] }}
 */
/**
 * The package a profile frame belongs to (a node_modules package, `node:`, `ours` for the compiled
 * src, else its file or `(native)`-like name) and its function's label (`name file:line`), as every
 * summary here groups them. Takes a V8 `callFrame` (CPU and sampling heap profiles alike).
 */
export function frameLabels(callFrame) {
  const url = callFrame.url ?? '';
  const pkg = url.includes('node_modules/')
    ? url.split('node_modules/').pop().split('/').slice(0, url.split('node_modules/').pop().startsWith('@') ? 2 : 1).join('/')
    : url.startsWith('node:')
      ? 'node:'
      : url.includes('/results/build/') || url.includes('/dist/')
        ? 'ours'
        : url
          ? url.replace(/^file:\/\//, '')
          : `(${callFrame.functionName || 'native'})`;
  const fn = `${callFrame.functionName || '(anonymous)'} ${url ? `${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/(results\/build|dist)\//, 'src/')}:${callFrame.lineNumber + 1}` : ''}`.trim();
  return { pkg, fn };
}

export function summarise(profile) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const deltas = profile.timeDeltas ?? [];
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (deltas[i + 1] ?? deltas[i] ?? 0) / 1000));
  const byPackage = new Map();
  const byFunction = new Map();
  let totalMs = 0;
  for (const [id, ms] of self) {
    const { callFrame } = nodes.get(id);
    const { pkg, fn } = frameLabels(callFrame);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + ms);
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms);
    totalMs += ms;
  }
  const sorted = (m) => [...m.entries()].sort((a, b) => b[1] - a[1]);
  // Inclusive time: a function's own samples plus everything it called (counted once per stack).
  const inclusive = new Map();
  const label = (n) => `${n.callFrame.functionName || '(anonymous)'} ${(n.callFrame.url ?? '').replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/(results\/build|dist)\//, 'src/')}:${n.callFrame.lineNumber + 1}`;
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  for (const [id, ms] of self) {
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const name = label(nodes.get(at));
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + ms);
    }
  }
  return { totalMs, byPackage: sorted(byPackage), byFunction: sorted(byFunction), inclusive: sorted(inclusive) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [, , file, topArg, match] = process.argv;
  if (!file) {
    console.error('usage: profile-summary.mjs <file.cpuprofile> [top] [inclusive-filter]');
    process.exit(2);
  }
  const top = Number(topArg ?? 30);
  const { totalMs, byPackage, byFunction, inclusive } = summarise(JSON.parse(readFileSync(file, 'utf8')));
  const pct = (ms) => `${((100 * ms) / totalMs).toFixed(1).padStart(5)} %`;
  console.log(`total sampled: ${(totalMs / 1000).toFixed(1)} s\n\nby package (self time):`);
  for (const [pkg, ms] of byPackage.slice(0, top)) console.log(`${pct(ms)}  ${pkg}`);
  console.log('\nby function (self time):');
  for (const [fn, ms] of byFunction.slice(0, top)) console.log(`${pct(ms)}  ${fn}`);
  console.log(`\nby function (inclusive time${match ? `, matching /${match}/` : ''}):`);
  for (const [fn, ms] of inclusive.filter(([fn]) => !match || new RegExp(match).test(fn)).slice(0, top)) console.log(`${pct(ms)}  ${fn}`);
}
