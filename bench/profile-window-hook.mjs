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

const write = (data) => writeFileSync(process.env.PROFILE_OUT, JSON.stringify(data));

/** What the window records, by PROFILE_MODE: `start` and `stop` each resolve when done. */
function recorder(mode) {
  if (mode === 'promises') {
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
    return {
      start: async () => void hook.enable(),
      stop: async () => {
        hook.disable();
        write({ total, sites: [...sites].sort((a, b) => b[1] - a[1]) });
      },
    };
  }
  const session = new Session();
  session.connect();
  const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
  if (mode === 'alloc') {
    return {
      start: () => post('HeapProfiler.startSampling', { samplingInterval: 2048, includeObjectsCollectedByMinorGC: true, includeObjectsCollectedByMajorGC: true }),
      stop: () => post('HeapProfiler.stopSampling').then(({ profile }) => write(profile)),
    };
  }
  return {
    start: () =>
      post('Profiler.enable')
        .then(() => post('Profiler.setSamplingInterval', { interval: 100 }))
        .then(() => post('Profiler.start')),
    stop: () => post('Profiler.stop').then(({ profile }) => write(profile)),
  };
}

const { start, stop } = recorder(process.env.PROFILE_MODE);
let running = false;

process.on('SIGWINCH', () => {
  const step = running ? stop() : start();
  running = !running;
  step.then(
    () => process.stderr.write(`profile-window: ${running ? 'started' : 'written'}\n`),
    (error) => process.stderr.write(`profile-window: ${error.message}\n`),
  );
});
