// Loaded into every Node process of a profiled run (NODE_OPTIONS=--import, set by scripts/bench/profile.ts):
// samples the process's CPU with the inspector's profiler and, when the process exits, writes the
// profile and the CPU time the process really used to BENCH_PROFILE_DIR.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

const dir = process.env.BENCH_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 500 });
  session.post('Profiler.start');
  process.on('exit', () => {
    const used = process.cpuUsage();
    // A session on the process's own thread answers synchronously: the profile is written before the process ends.
    session.post('Profiler.stop', (error, result) => {
      if (error) return;
      const profile = { ...result.profile, argv: process.argv.slice(1), cpuMs: (used.user + used.system) / 1000 };
      writeFileSync(join(dir, `${process.pid}.cpuprofile`), JSON.stringify(profile));
    });
  });
}
