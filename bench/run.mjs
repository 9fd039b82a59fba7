#!/usr/bin/env node
// `npm run bench`: ConvLab vs TF.js-WASM, ONNX Runtime Web and plain JS on W1–W6 (issue 5),
// single thread, float32. Prints a markdown report on stdout; progress goes to stderr.
//
//   node bench/run.mjs [--quick] [--workloads W2,W3] [--engines convlab-simd,tfjs-wasm]
//                      [--budget-ms 1500] [--rounds 2] [--json out.json]
//
// This parent process only orchestrates: it installs bench/'s own packages and builds the wasm
// if they are missing, computes (or loads from bench/.cache/) the float64 reference of every
// workload, then, in each of `rounds` rounds, measures the WASM SIMD128 peak in a child process
// and forks each engine (bench/engines/<name>.mjs) in its own process, one after another (the
// order reversed every other round, so a burst of outside load does not land on one engine
// only); every engine's samples from all rounds are pooled before taking the median.
// It imports nothing from node_modules, so it can run before `npm ci`.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { bootstrap, log, measurePeak, pool, runEngine } from './children.mjs';
import { loadAverage, machineFacts } from './machine.mjs';
import { TOLERANCE, report } from './report.mjs';

const ENGINES = [
  'convlab-simd',
  'convlab-relaxed',
  'convlab-threads',
  'convlab-scalar',
  'plain-js',
  'tfjs-wasm',
  'onnxruntime-web',
];

function parseArgs(argv) {
  const args = {
    quick: false,
    workloads: null,
    engines: null,
    budgetMs: null,
    rounds: null,
    json: null,
    clock: 'wall',
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (a.includes('=')) return a.slice(a.indexOf('=') + 1);
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--quick') args.quick = true;
    else if (a.startsWith('--workloads'))
      args.workloads = value()
        .split(',')
        .map((s) => s.trim().toUpperCase());
    else if (a.startsWith('--engines'))
      args.engines = value()
        .split(',')
        .map((s) => s.trim());
    else if (a.startsWith('--budget-ms')) args.budgetMs = Number(value());
    else if (a.startsWith('--rounds')) args.rounds = Math.max(1, Math.floor(Number(value())));
    else if (a.startsWith('--json')) args.json = value();
    else if (a.startsWith('--clock')) {
      args.clock = value();
      if (args.clock !== 'wall' && args.clock !== 'cpu') throw new Error('--clock is wall or cpu');
    } else if (a === '--help' || a === '-h') {
      console.log(
        'usage: node bench/run.mjs [--quick] [--workloads W1,W2] [--engines a,b] [--budget-ms N] [--rounds N] [--clock wall|cpu] [--json FILE]',
      );
      console.log(`engines: ${ENGINES.join(', ')}`);
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  return args;
}

async function main() {
  const started = performance.now();
  const args = parseArgs(process.argv.slice(2));
  bootstrap();
  // Imported only now: workloads/reference are plain modules, but keep the order obvious.
  const { WORKLOADS, flops } = await import('./workloads.mjs');
  const { ensureReference } = await import('./reference.mjs');

  const workloads = args.workloads
    ? args.workloads.map((id) => {
        const w = WORKLOADS.find((x) => x.id === id);
        if (!w) throw new Error(`unknown workload ${id} (have ${WORKLOADS.map((x) => x.id).join(', ')})`);
        return w;
      })
    : WORKLOADS;
  const engineNames = args.engines ?? ENGINES;
  for (const e of engineNames)
    if (!ENGINES.includes(e)) throw new Error(`unknown engine ${e} (have ${ENGINES.join(', ')})`);

  // Per round; `npm run bench` takes about 2 minutes on 2 cores with these.
  const options = args.quick
    ? { rounds: 1, warmupMs: 100, budgetMs: 400, minSamples: 3, minSlowSamples: 1, maxSamples: 51, sampleMs: 5 }
    : { rounds: 2, warmupMs: 300, budgetMs: 750, minSamples: 3, minSlowSamples: 2, maxSamples: 101, sampleMs: 5 };
  if (args.budgetMs) options.budgetMs = args.budgetMs;
  if (args.rounds) options.rounds = args.rounds;
  options.clock = args.clock;

  const facts = machineFacts();
  log(`${facts.cpu}, ${facts.cores} cores, node ${facts.node}`);
  if (os.loadavg()[0] > 0.7) log(`warning: load average ${facts.load} before starting: other processes will add noise`);
  for (const w of workloads) {
    const t0 = performance.now();
    if (w.tiny) {
      ensureReference(w);
      continue;
    }
    log(
      `reference ${w.id}: ${ensureReference(w) ? `computed in ${((performance.now() - t0) / 1e3).toFixed(1)} s, cached in bench/.cache/` : 'cached'}`,
    );
  }

  const peaks = [];
  const relaxedPeaks = [];
  const withRelaxed = engineNames.includes('convlab-relaxed');
  const parts = Object.fromEntries(engineNames.map((n) => [n, { infos: [], byId: {} }]));
  for (let round = 1; round <= options.rounds; round++) {
    if (options.rounds > 1) log(`round ${round} of ${options.rounds}`);
    peaks.push(await measurePeak(options.clock));
    if (withRelaxed) relaxedPeaks.push(await measurePeak(options.clock, { relaxed: true }));
    const order = round % 2 ? engineNames : [...engineNames].reverse();
    for (const name of order) {
      log(`engine ${name}…`);
      const r = await runEngine(name, workloads, options);
      parts[name].infos.push(r.info);
      for (const [id, m] of Object.entries(r.byId)) (parts[name].byId[id] ??= []).push(m);
    }
  }
  const bestOf = (list) => {
    const best = list.reduce((a, b) => (b.gflops > a.gflops ? b : a));
    return { ...best, rounds: list.map((p) => p.gflops) };
  };
  const peak = bestOf(peaks);
  const relaxedPeak = withRelaxed ? bestOf(relaxedPeaks) : null;
  const results = {};
  for (const name of engineNames) {
    const infos = parts[name].infos;
    results[name] = {
      info: infos.find((i) => !i.startsWith('failed')) ?? infos[0],
      byId: Object.fromEntries(workloads.map((w) => [w.id, pool(parts[name].byId[w.id])])),
    };
  }

  const elapsedS = (performance.now() - started) / 1e3;
  facts.loadEnd = loadAverage();
  const measured = { facts, peak, relaxedPeak, workloads, engineNames, results };
  const text = report({ ...measured, options, elapsedS, flopsOf: flops, titleOf: (w) => w.title });
  console.log(text);
  if (args.json)
    writeFileSync(args.json, JSON.stringify({ facts, peak, relaxedPeak, options, workloads, results }, null, 1));
  const wrong = engineNames.some((n) =>
    workloads.some((w) => {
      const r = results[n].byId[w.id];
      return r.type === 'result' && !(r.maxAbsDiff <= TOLERANCE);
    }),
  );
  if (wrong) log('some engine disagrees with the reference (✗ in the tables)');
}

main().catch((e) => {
  console.error(e.stack ?? e);
  process.exit(1);
});
