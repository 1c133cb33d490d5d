#!/usr/bin/env node
// How much an object built with a spread costs, by how it is built (docs/architecture.md, step 7):
// on Node 20 (V8 11.3), an object made by a spread that then gets a key its source lacks takes
// V8's slow path, while the same object built another way does not.
//
//   node bench/object-spread.mjs            # 1,000,000 objects per way, three rounds
//   SPREAD_OBJECTS=200000 node bench/object-spread.mjs
//
// Prints ns per object for each way, the median of the rounds. The objects are the shapes the app
// builds on its hot reads: a query's parameters (two keys, then one or two more) and a timeline
// entry (an object rest, then two keys).
import { median } from './lib.mjs';

const count = Number(process.env.SPREAD_OBJECTS ?? 1_000_000);
const parameters = { qEmail: 'priya@example.com', qRef: 'REF-1' };
const entry = { type: 'status_changed', label: 'Contacted', at: '2026-12-07T00:00:00.000Z', detail: null, actorName: 'Central Ops' };

/** Each way of building an object, by name; `i` varies a value so nothing is folded away. */
const WAYS = {
  'spread, then a new key   { ...a, key }': (i) => ({ ...parameters, qPhone: i }),
  'spread, then a key a has { ...a, qRef }': (i) => ({ ...parameters, qRef: i }),
  'two spreads, new keys    { ...a, ...b }': (i) => ({ ...parameters, ...{ keysetAt: i, keysetId: i } }),
  'Object.assign({}, a, b)': (i) => Object.assign({}, parameters, { keysetAt: i, keysetId: i }),
  'keys, then set one more': (i) => {
    const built = { qEmail: parameters.qEmail, qRef: parameters.qRef };
    built.qPhone = i;
    return built;
  },
  'rest, then spread + keys { ...rest, key }': (i) => {
    const { at: _at, detail: _detail, ...shown } = entry;
    return { ...shown, leadId: i, createdAt: entry.at };
  },
  'rest, then Object.assign(rest, keys)': (i) => {
    const { at: _at, detail: _detail, ...shown } = entry;
    return Object.assign(shown, { leadId: i, createdAt: entry.at });
  },
};

const rounds = new Map(Object.keys(WAYS).map((name) => [name, []]));
// Every object is stored, so that none is optimised away.
const kept = new Array(1024);
for (let round = 0; round < 3; round++) {
  for (const [name, build] of Object.entries(WAYS)) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < count; i++) kept[i & 1023] = build(i);
    rounds.get(name).push(Number(process.hrtime.bigint() - started) / count);
  }
}
console.log(`Node ${process.version}, V8 ${process.versions.v8}: ns per object, median of 3 rounds of ${count.toLocaleString('en')}`);
for (const [name, times] of rounds) console.log(`${median(times).toFixed(0).padStart(6)}  ${name}`);
