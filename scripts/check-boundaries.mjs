#!/usr/bin/env node
// Module boundaries of src/ (DESIGN §3, docs/architecture.md), checked in CI after the lint step.
//   node scripts/check-boundaries.mjs [--json] [root]     root: the folder holding src/ (default: this repo)
// Fails (exit 1) and prints each offending file pair when
//   (a) a file in a lower layer imports from a higher one. The layer of a file is its first folder
//       under src/, ranked by LAYERS below; files directly in src/ and src/cli/** sit on top. Type-only
//       imports count here too: a type from a higher module still couples the lower one to it.
//       Allowed: src/database/entities.ts and src/database/data-source*.ts import entities from anywhere.
//   (b) files import each other in a cycle (Tarjan's strongly connected components over the file
//       graph). Type-only imports (`import type`, `export type … from`, or braces holding only
//       `type X` members) are left out here: TypeScript erases them, so they cannot change the
//       order modules initialise in; dynamic `import()` is left out too, being lazy.
//   (c) a file sits in a folder with no layer: a new top-level folder must be placed in LAYERS.
// Only relative imports are read (with a regex: no parser package); anything else is a package.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Layers from the bottom up (DESIGN §3 "Dependencies point down this list"); equal numbers are peers. */
export const LAYERS = {
  common: 0,
  config: 0,
  database: 1,
  'reference-data': 2,
  users: 3,
  auth: 4,
  teams: 5,
  leads: 6,
  documents: 7,
  surveys: 8,
  installations: 9,
  events: 10,
  health: 11,
  metrics: 11,
};
const TOP = 100;
const TOP_FOLDERS = new Set(['cli']);

/** `src/database/entities.ts` and `src/database/data-source*.ts` list every entity, wherever it lives. */
function isEntityListException(from, to) {
  return /^database\/(entities|data-source[^/]*)\.ts$/.test(from) && (/\.entity\.ts$/.test(to) || to.includes('/entities/'));
}

/** The layer of a path relative to src/: `{ name, rank }`, or null for a folder with no layer. */
function layerOf(file) {
  const parts = file.split('/');
  if (parts.length === 1) return { name: '(top)', rank: TOP };
  const [folder] = parts;
  if (TOP_FOLDERS.has(folder)) return { name: folder, rank: TOP };
  return folder in LAYERS ? { name: folder, rank: LAYERS[folder] } : null;
}

function listTs(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listTs(path));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

const STATIC_IMPORT = /^[ \t]*(import|export)[ \t]+(type[ \t]+)?([\w$*{}\s,]*?)\s*from\s*['"]([^'"]+)['"]/gm;
const SIDE_EFFECT_IMPORT = /^[ \t]*import[ \t]*['"]([^'"]+)['"]/gm;
const DYNAMIC_IMPORT = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The relative imports of one file's text: `{ spec, typeOnly, lazy }`. */
export function parseImports(text) {
  const found = [];
  for (const m of text.matchAll(STATIC_IMPORT)) {
    const braces = m[3].match(/\{([^}]*)\}/);
    const members = braces ? braces[1].split(',').map((s) => s.trim()).filter(Boolean) : [];
    const onlyBraces = braces && m[3].replace(braces[0], '').trim() === '';
    const allTypeMembers = onlyBraces && members.length > 0 && members.every((s) => /^type\s/.test(s));
    found.push({ spec: m[4], typeOnly: Boolean(m[2]) || allTypeMembers, lazy: false });
  }
  for (const m of text.matchAll(SIDE_EFFECT_IMPORT)) found.push({ spec: m[1], typeOnly: false, lazy: false });
  for (const m of text.matchAll(DYNAMIC_IMPORT)) found.push({ spec: m[1], typeOnly: false, lazy: true });
  return found.filter((i) => i.spec.startsWith('./') || i.spec.startsWith('../'));
}

/** The .ts file an import names (`./x.js` → `x.ts`, `./dir` → `dir/index.ts`), or null. */
function resolveImport(fromFile, spec) {
  const base = resolve(dirname(fromFile), spec);
  const candidates = [base.replace(/\.(m?js)$/, (_, ext) => (ext === 'mjs' ? '.mts' : '.ts')), `${base}.ts`, join(base, 'index.ts'), base];
  return candidates.find((c) => c.endsWith('.ts') && existsSync(c) && statSync(c).isFile()) ?? null;
}

/** Strongly connected components with more than one file, or a file importing itself (Tarjan). */
function cyclesOf(graph) {
  let index = 0;
  const stack = [];
  const onStack = new Set();
  const indexOf = new Map();
  const low = new Map();
  const components = [];
  const visit = (v) => {
    indexOf.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indexOf.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v), indexOf.get(w)));
      }
    }
    if (low.get(v) === indexOf.get(v)) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || graph.get(v)?.has(v)) components.push(component.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!indexOf.has(v)) visit(v);
  return components;
}

/**
 * Checks the files under `<root>/src`. Paths in the result are relative to `root`.
 * @returns `{ files, layering: [{ from, to, fromLayer, toLayer, typeOnly }], cycles: [{ files, edges: [[from, to]] }], unplaced: [file] }`
 */
export function checkBoundaries(root) {
  const srcDir = join(root, 'src');
  const files = listTs(srcDir);
  const rel = (abs) => relative(srcDir, abs).split(sep).join('/');
  const show = (f) => `src/${f}`;
  const layering = [];
  const unplaced = [];
  const runtimeGraph = new Map();
  for (const abs of files.sort()) {
    const from = rel(abs);
    const fromLayer = layerOf(from);
    if (!fromLayer) unplaced.push(show(from));
    runtimeGraph.set(from, runtimeGraph.get(from) ?? new Set());
    const seen = new Set();
    for (const imp of parseImports(readFileSync(abs, 'utf8'))) {
      const target = resolveImport(abs, imp.spec);
      if (!target || relative(srcDir, target).startsWith('..')) continue;
      const to = rel(target);
      if (!imp.typeOnly && !imp.lazy) runtimeGraph.get(from).add(to);
      const toLayer = layerOf(to);
      if (!fromLayer || !toLayer || toLayer.rank <= fromLayer.rank || isEntityListException(from, to)) continue;
      const key = `${from}\0${to}`;
      if (seen.has(key)) continue;
      seen.add(key);
      layering.push({ from: show(from), to: show(to), fromLayer: fromLayer.name, toLayer: toLayer.name, typeOnly: imp.typeOnly });
    }
  }
  const cycles = cyclesOf(runtimeGraph).map((component) => {
    const members = new Set(component);
    const edges = component.flatMap((f) => [...runtimeGraph.get(f)].filter((t) => members.has(t)).sort().map((t) => [show(f), show(t)]));
    return { files: component.map(show), edges };
  });
  return { files: files.length, layering, cycles, unplaced };
}

/** `common/config < database < … < health/metrics < top`: peers share a rank. */
function layerOrder() {
  const ranks = [...new Set(Object.values(LAYERS))].sort((x, y) => x - y);
  return [...ranks.map((r) => Object.keys(LAYERS).filter((k) => LAYERS[k] === r).join('/')), 'top'].join(' < ');
}

/** The report a person reads: each violation with its file pair. */
export function formatReport(result) {
  const lines = [];
  if (result.layering.length) {
    lines.push(`Layering: ${result.layering.length} import(s) from a lower layer into a higher one (order: ${layerOrder()})`);
    for (const v of result.layering) lines.push(`  ${v.from} (${v.fromLayer}) -> ${v.to} (${v.toLayer})${v.typeOnly ? '  [type-only]' : ''}`);
  }
  if (result.cycles.length) {
    lines.push(`Cycles: ${result.cycles.length} group(s) of files that import each other (type-only imports ignored)`);
    for (const c of result.cycles) {
      lines.push(`  cycle of ${c.files.length} file(s): ${c.files.join(', ')}`);
      for (const [from, to] of c.edges) lines.push(`    ${from} -> ${to}`);
    }
  }
  if (result.unplaced.length) {
    lines.push(`Unplaced: ${result.unplaced.length} file(s) in a folder with no layer (add the folder to LAYERS in scripts/check-boundaries.mjs)`);
    for (const f of result.unplaced) lines.push(`  ${f}`);
  }
  const failed = result.layering.length + result.cycles.length + result.unplaced.length > 0;
  lines.push(failed ? `boundaries: FAILED (${result.files} files checked)` : `boundaries: ok (${result.files} files, no layering violation, no cycle)`);
  return { failed, text: lines.join('\n') };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const root = resolve(args.find((a) => !a.startsWith('--')) ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
  if (!existsSync(join(root, 'src'))) {
    console.error(`check-boundaries: ${root} has no src/ folder`);
    process.exit(2);
  }
  const result = checkBoundaries(root);
  const report = formatReport(result);
  console.log(json ? JSON.stringify(result, null, 2) : report.text);
  process.exit(report.failed ? 1 : 0);
}
