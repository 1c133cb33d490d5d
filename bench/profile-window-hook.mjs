// Loaded into a server by bench/profile-window.mjs (`node --import`): the first SIGWINCH starts the
// inspector's CPU profiler (PROFILE_MODE=cpu, 100 µs samples) or its sampling heap profiler
// (PROFILE_MODE=alloc, every 2 KiB allocated, objects the GC already collected included); the
// second one stops it and writes the profile to PROFILE_OUT. SIGWINCH, because Nest's shutdown
// hooks stop the app on SIGUSR2 and SIGHUP; nothing else here listens to it.
// PROFILE_MODE=promises counts the promises created between the two signals instead, by the
// first three frames of the stack that created each (async_hooks' init of type PROMISE): every one
// pays AsyncLocalStorage's hooks on Node 20.
import { createHook } from 'node:async_hooks';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

if (process.env.PROFILE_MODE === 'promises') {
  const sites = new Map();
  let total = 0;
  const hook = createHook({
    init(_id, type) {
      if (type !== 'PROMISE') return;
      total += 1;
      const frames = new Error().stack.split('\n').slice(1).filter((line) => !line.includes('node:internal/async_hooks') && !line.includes('profile-window-hook'));
      const site = frames.slice(0, 3).map((line) => line.trim().replace(/^at /, '').replace(/file:\/\/\S*\/(node_modules|dist)\//, '$1/')).join(' < ');
      sites.set(site, (sites.get(site) ?? 0) + 1);
    },
  });
  let counting = false;
  process.on('SIGWINCH', () => {
    if (!counting) hook.enable();
    else {
      hook.disable();
      writeFileSync(process.env.PROFILE_OUT, JSON.stringify({ total, sites: [...sites].sort((a, b) => b[1] - a[1]) }));
    }
    counting = !counting;
    process.stderr.write(`profile-window: ${counting ? 'started' : 'written'}\n`);
  });
}

const session = process.env.PROFILE_MODE === 'promises' ? undefined : new Session();
session?.connect();
const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
const cpu = process.env.PROFILE_MODE !== 'alloc';
let running = false;

process.on('SIGWINCH', () => {
  if (!session) return;
  const step = running
    ? (cpu ? post('Profiler.stop') : post('HeapProfiler.stopSampling')).then(({ profile }) => writeFileSync(process.env.PROFILE_OUT, JSON.stringify(profile)))
    : cpu
      ? post('Profiler.enable')
          .then(() => post('Profiler.setSamplingInterval', { interval: 100 }))
          .then(() => post('Profiler.start'))
      : post('HeapProfiler.startSampling', { samplingInterval: 2048, includeObjectsCollectedByMinorGC: true, includeObjectsCollectedByMajorGC: true });
  running = !running;
  step.then(
    () => process.stderr.write(`profile-window: ${running ? 'started' : 'written'}\n`),
    (error) => process.stderr.write(`profile-window: ${error.message}\n`),
  );
});
