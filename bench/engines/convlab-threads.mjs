// ConvLab over worker threads: loadConvLab({threads: N}) (N from CONVLAB_BENCH_THREADS, default 2),
// the same public API, calls awaited (a threaded lab returns promises).
import { runConvLabEngine } from '../engine-harness.mjs';

runConvLabEngine({
  name: 'convlab-threads',
  options: { threads: Number(process.env.CONVLAB_BENCH_THREADS ?? 2) },
  threaded: true,
  describe(lab) {
    if (lab.threadsFallback) throw new Error(`only ${lab.threads} thread(s): ${lab.threadsFallback}`);
    return `${lab.buildInfo}, ${lab.threads} threads (worker_threads)`;
  },
});
