// ConvLab over worker threads: loadConvLab({threads: N}) (N from CONVLAB_BENCH_THREADS, default 2),
// the same public API, calls awaited (a threaded lab returns promises).
import { runEngine, importWithRetry } from '../engine-harness.mjs';
import { torchParams } from '../workloads.mjs';

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
    const params = torchParams(w);
    const fn = w.op === 'conv1d' ? lab.conv1d.bind(lab) : lab.convTranspose1d.bind(lab);
    const input = { shape: t.input.shape, data: t.input.data };
    const weight = { shape: t.weight.shape, data: t.weight.data };
    return { async: true, call: async () => (await fn(input, weight, null, params)).data, toTorch: (out) => out };
  },
});
