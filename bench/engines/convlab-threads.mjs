// ConvLab over worker threads: loadConvLab({threads: N}) (N from CONVLAB_BENCH_THREADS, default 2),
// the same public API, calls awaited (a threaded lab returns promises).
import { convLabCall, importWithRetry, runEngine } from '../engine-harness.mjs';

const threads = Number(process.env.CONVLAB_BENCH_THREADS ?? 2);
let lab;

runEngine({
  name: 'convlab-threads',
  async setup() {
    const { loadConvLab } = await importWithRetry(new URL('../../web/lib/convlab.js', import.meta.url).href);
    lab = await loadConvLab({ threads });
    if (lab.threadsFallback) throw new Error(`only ${lab.threads} thread(s): ${lab.threadsFallback}`);
    return `${lab.buildInfo}, ${lab.threads} threads (worker_threads)`;
  },
  prepare(w, t) {
    const call = convLabCall(lab, w, t);
    return { async: true, call: async () => (await call()).data, toTorch: (out) => out };
  },
});
