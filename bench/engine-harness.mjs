// The child-process side of the benchmark: every bench/engines/<name>.mjs calls runEngine() with
// its adapter. The parent (run.mjs) forks the engine file, sends { workloads, options } and gets
// one message per workload back. Each engine thus runs alone in a fresh V8 (own JIT state, heap
// and wasm instances), one after another, so no engine warms up or slows down another.
//
// An adapter is { name, async setup() -> info string, async prepare(workload, tensors) -> prepared }
// where prepared is { call() -> Float32Array | Promise<Float32Array>, async: boolean,
//   toTorch(result) -> Float32Array (N, C_out, L_out), note?: string }. call() is what is timed:
// Float32Array in, Float32Array out, in the engine's own layout (see README: layouts are converted
// once outside the timed region). prepare() may throw Unsupported for a mapping that has none.
import { findWorkload, makeTensors, torchParams } from './workloads.mjs';
import { loadReference } from './reference.mjs';

export class Unsupported extends Error {}

const now = () => performance.now();

export function maxAbsDiff(out, ref) {
  if (out.length !== ref.length) return Infinity;
  let m = 0;
  for (let i = 0; i < ref.length; i++) {
    const d = Math.abs(out[i] - ref[i]);
    if (!(d <= m)) m = Number.isNaN(d) ? Infinity : d; // NaN counts as infinitely wrong
  }
  return m;
}

/**
 * Warm-up, then samples until the time box is used up. A sample is a batch of calls long enough
 * (≥ sampleMs) for the clock to resolve it; its per-call time is the batch time / batch size.
 * `firstMs` is the time of the checked first call, which already counts as the first warm-up call.
 * Returns per-call times in ms (sorted) and the last output.
 */
// This process's CPU time in ms (all its threads): on a shared machine it leaves out the time
// the engine waited for a core, which wall time counts. Workers of a threaded engine add theirs.
const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function measure(prep, firstMs, { warmupMs, budgetMs, minSamples, minSlowSamples, maxSamples, sampleMs, clock }) {
  const call = prep.call;
  let last;
  const clockNow = clock === 'cpu' ? cpuNow : now;
  const runBatch = prep.async
    ? async (n) => {
        const t0 = clockNow();
        for (let i = 0; i < n; i++) last = await call();
        return clockNow() - t0;
      }
    : (n) => {
        const t0 = clockNow();
        for (let i = 0; i < n; i++) last = call();
        return clockNow() - t0;
      };

  // Warm-up: at least 2 calls (the checked first one included) and warmupMs. A call longer than
  // a second (plain JS on the big workloads) is warm after the first one: JS loops tier up by
  // on-stack replacement inside it, and so the bench stays short.
  let single = firstMs;
  const slow = firstMs > 1000;
  const warmStart = now();
  for (let calls = 1; !slow && (calls < 2 || now() - warmStart < warmupMs); calls++)
    single = Math.min(single, await runBatch(1));
  const batch = Math.max(1, Math.min(1e6, Math.ceil(sampleMs / Math.max(single, 1e-4))));
  const wanted = slow ? minSlowSamples : minSamples;

  const times = [];
  const start = now();
  while (times.length < maxSamples && (times.length < wanted || now() - start < budgetMs)) {
    times.push((await runBatch(batch)) / batch);
  }
  times.sort((a, b) => a - b);
  return { times, batch, last };
}

export async function runEngine(adapter) {
  const send = (msg) => (process.send ? process.send(msg) : console.log(JSON.stringify(msg)));
  const config = await new Promise((resolve) => {
    if (process.send) process.once('message', resolve);
    else resolve({ workloads: process.argv.slice(2).length ? process.argv.slice(2) : ['W1'], options: {} });
  });
  const options = {
    warmupMs: 300,
    budgetMs: 1500,
    minSamples: 5,
    minSlowSamples: 3,
    maxSamples: 201,
    sampleMs: 5,
    ...config.options,
  };

  let info;
  try {
    info = await adapter.setup();
  } catch (e) {
    send({ type: 'fatal', engine: adapter.name, message: `setup failed: ${e.stack ?? e}` });
    process.exit(1);
  }
  send({ type: 'info', engine: adapter.name, info });

  for (const id of config.workloads) {
    const w = findWorkload(id);
    try {
      const tensors = makeTensors(w);
      const ref = loadReference(w);
      const prep = await adapter.prepare(w, tensors);
      // Check the very first output before timing anything: a wrong mapping is reported, not timed.
      const t0 = now();
      const firstOut = await prep.call();
      const firstMs = now() - t0;
      const firstDiff = maxAbsDiff(prep.toTorch(firstOut), ref);
      const m = await measure(prep, firstMs, options);
      const lastDiff = maxAbsDiff(prep.toTorch(m.last), ref);
      prep.dispose?.();
      send({
        type: 'result',
        engine: adapter.name,
        id,
        times: m.times,
        batch: m.batch,
        maxAbsDiff: Math.max(firstDiff, lastDiff),
        note: prep.note ?? '',
      });
    } catch (e) {
      if (e instanceof Unsupported) send({ type: 'unsupported', engine: adapter.name, id, message: e.message });
      else send({ type: 'error', engine: adapter.name, id, message: String(e.stack ?? e) });
    }
  }
  send({ type: 'done', engine: adapter.name });
  // Some runtimes keep handles open (timers, workers); the parent waits for this exit.
  setTimeout(() => process.exit(0), 50);
}

/** Each batch's rows × cols matrix transposed (cols × rows), as a new array. */
function transposeEach(data, n, rows, cols) {
  const out = new Float32Array(data.length);
  for (let b = 0; b < n; b++) {
    const base = b * rows * cols;
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[base + c * rows + r] = data[base + r * cols + c];
  }
  return out;
}

/** NCL (PyTorch) → NLC (channels last) for batch n, used by the channels-last engines. */
export const nclToNlc = (data, n, c, l) => transposeEach(data, n, c, l);

/** NLC → NCL. */
export const nlcToNcl = (data, n, c, l) => transposeEach(data, n, l, c);

/**
 * A ConvLab build's call for workload w on tensors t: its public API (lab.conv1d or
 * lab.convTranspose1d) on PyTorch's layouts, nothing converted; returns what the API returns.
 */
export function convLabCall(lab, w, t) {
  const params = torchParams(w);
  const fn = w.op === 'conv1d' ? lab.conv1d.bind(lab) : lab.convTranspose1d.bind(lab);
  const input = { shape: t.input.shape, data: t.input.data };
  const weight = { shape: t.weight.shape, data: t.weight.data };
  return () => fn(input, weight, null, params);
}

/**
 * Runs ConvLab's public API as engine `name` (convlab-simd, convlab-relaxed, convlab-threads):
 * options go to loadConvLab, describe(lab) says what runs (and throws if it is not what the
 * engine measures), and a threaded lab's promises are awaited.
 */
export function runConvLabEngine({ name, options = {}, describe = (lab) => lab.buildInfo, threaded = false }) {
  let lab;
  runEngine({
    name,
    async setup() {
      const { loadConvLab } = await importWithRetry(new URL('../web/lib/convlab.js', import.meta.url).href);
      lab = await loadConvLab(options);
      return describe(lab);
    },
    prepare(w, t) {
      const call = convLabCall(lab, w, t);
      return threaded
        ? { async: true, call: async () => (await call()).data, toTorch: (out) => out }
        : { call: () => call().data, toTorch: (out) => out };
    },
  });
}

/** Retries a dynamic import a few times: the wasm build may be being rewritten while we run. */
export async function importWithRetry(specifier, tries = 5) {
  for (let i = 1; ; i++) {
    try {
      return await import(i === 1 ? specifier : `${specifier}?retry=${i}`);
    } catch (e) {
      if (i >= tries) throw e;
      await new Promise((r) => setTimeout(r, 1000 * i));
    }
  }
}
