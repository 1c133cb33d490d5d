// Loaded into a server by bench/profile-window.mjs (`node --import`): the first SIGWINCH starts the
// inspector's CPU profiler (PROFILE_MODE=cpu, 100 µs samples) or its sampling heap profiler
// (PROFILE_MODE=alloc, every 2 KiB allocated, objects the GC already collected included); the
// second one stops it and writes the profile to PROFILE_OUT. SIGWINCH, because Nest's shutdown
// hooks stop the app on SIGUSR2 and SIGHUP; nothing else here listens to it.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

const session = new Session();
session.connect();
const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
const cpu = process.env.PROFILE_MODE !== 'alloc';
let running = false;

process.on('SIGWINCH', () => {
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
