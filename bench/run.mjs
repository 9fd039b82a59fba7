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
import { fork, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = dirname(fileURLToPath(import.meta.url));
const rootDir = dirname(benchDir);
const log = (...a) => console.error('[bench]', ...a);

const ENGINES = ['convlab-simd', 'convlab-threads', 'convlab-scalar', 'plain-js', 'tfjs-wasm', 'onnxruntime-web'];
const THREADED = 'convlab-threads';
const PEERS = ['tfjs-wasm', 'onnxruntime-web'];
const BASELINE = 'convlab-simd';
const TOLERANCE = 1e-4; // outputs are O(1); float32 rounding gives ~1e-6, a wrong mapping ≳ 0.1
// Issue 15's targets, for the summary table: ConvLab (one thread) against the best WASM peer
// measured in the same run (`best` is that peer's result with gflops, null if none ran).
const TARGETS = {
  W1: { text: '≥ 5× faster than every peer', met: (r, best) => !!best && best.medianMs >= 5 * r.medianMs },
  W2: { text: '≥ 1.8× best peer', met: (r, best) => !!best && r.gflops >= 1.8 * best.gflops },
  W3: { text: '≥ 1.2× tfjs-wasm', met: (r, best, tfjs) => !!tfjs && r.gflops >= 1.2 * tfjs.gflops },
  W4: { text: '≥ 2.5× best peer', met: (r, best) => !!best && r.gflops >= 2.5 * best.gflops },
  W5: { text: '≥ 1.2× tfjs-wasm', met: (r, best, tfjs) => !!tfjs && r.gflops >= 1.2 * tfjs.gflops },
  W6: { text: '≥ 1.2× tfjs-wasm', met: (r, best, tfjs) => !!tfjs && r.gflops >= 1.2 * tfjs.gflops },
};

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

function run(cmd, cmdArgs, what) {
  log(`${what}: ${cmd} ${cmdArgs.join(' ')}`);
  // The child's output goes to stderr so stdout stays the markdown report.
  const r = spawnSync(cmd, cmdArgs, { cwd: rootDir, stdio: ['ignore', 2, 2] });
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status ?? r.signal})`);
}

/** Installs bench/'s own packages and builds the wasm modules when they are missing. */
function bootstrap() {
  if (
    !existsSync(join(benchDir, 'node_modules', 'onnxruntime-web', 'package.json')) ||
    !existsSync(join(benchDir, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'package.json'))
  ) {
    run('npm', ['ci', '--prefix', 'bench', '--no-audit', '--no-fund'], 'installing the peers into bench/node_modules');
  }
  const wasmDir = join(rootDir, 'web', 'lib', 'wasm');
  if (!existsSync(join(wasmDir, 'convlab-wasm.mjs')) || !existsSync(join(wasmDir, 'convlab-wasm-scalar.mjs'))) {
    run('bash', ['scripts/build.sh', 'wasm'], 'building the wasm modules');
  }
}

function machineFacts() {
  let cpu = os.cpus()[0]?.model ?? 'unknown';
  let mhz = '';
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    cpu = /^model name\s*:\s*(.*)$/m.exec(info)?.[1] ?? cpu;
    const m = /^cpu MHz\s*:\s*(.*)$/m.exec(info)?.[1];
    if (m) mhz = `${Math.round(Number(m))} MHz`;
    const family = /^cpu family\s*:\s*(.*)$/m.exec(info)?.[1];
    const model = /^model\s*:\s*(.*)$/m.exec(info)?.[1];
    if (family) cpu += ` (family ${family}, model ${model})`;
  } catch {
    /* not Linux */
  }
  return {
    node: process.version,
    v8: process.versions.v8,
    cpu,
    mhz,
    cores: os.cpus().length,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    load: os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' '),
  };
}

/** Forks a child module, sends it a message (if any) and collects its messages until it exits. */
function forkAndCollect(modulePath, message, { timeoutMs, onMessage, clock = 'wall' }) {
  return new Promise((resolve) => {
    const env = { ...process.env, CONVLAB_BENCH_CLOCK: clock };
    const child = fork(modulePath, [], { cwd: rootDir, env, stdio: ['ignore', 2, 2, 'ipc'] });
    const messages = [];
    const timer = setTimeout(() => {
      log(`${modulePath}: time limit of ${timeoutMs / 1000} s reached, stopping it`);
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('message', (m) => {
      messages.push(m);
      onMessage?.(m);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ messages, code, signal });
    });
    if (message) child.send(message);
  });
}

async function measurePeak(clock) {
  log('measuring the WASM SIMD128 peak (independent f32x4 mul+add chains)…');
  const { messages } = await forkAndCollect(join(benchDir, 'peak.mjs'), null, { timeoutMs: 120_000, clock });
  const m = messages.find((x) => x.type === 'peak');
  if (!m) throw new Error('the peak measurement failed');
  const { shape } = m.result;
  log(`peak ${m.result.gflops.toFixed(1)} GFLOP/s (${shape.kind}, ${shape.chains} chains)`);
  return m.result;
}

async function runEngine(name, workloads, options) {
  const path = join(benchDir, 'engines', `${name}.mjs`);
  for (let attempt = 1; ; attempt++) {
    const { messages, code, signal } = await forkAndCollect(
      path,
      { workloads: workloads.map((w) => w.id), options },
      {
        timeoutMs: 15 * 60_000,
        onMessage(m) {
          if (m.type === 'result')
            log(
              `${name} ${m.id}: ${fmtTime(median(m.times))} median of ${m.times.length}, max abs diff ${fmtDiff(m.maxAbsDiff)}`,
            );
          else if (m.type === 'error' || m.type === 'fatal') log(`${name} ${m.id ?? ''}: ${m.message}`);
          else if (m.type === 'unsupported') log(`${name} ${m.id}: not supported (${m.message})`);
        },
      },
    );
    const fatal = messages.find((m) => m.type === 'fatal');
    const info = messages.find((m) => m.type === 'info')?.info ?? '';
    // A failed setup is retried: the wasm build may have been rewritten while we imported it.
    if ((fatal || !info) && attempt < 3) {
      log(`${name}: setup failed (exit ${code ?? signal}), retrying in ${3 * attempt} s`);
      await new Promise((r) => setTimeout(r, 3000 * attempt));
      continue;
    }
    const byId = {};
    for (const m of messages) if (m.id && m.type !== 'info') byId[m.id] = m;
    for (const w of workloads) {
      byId[w.id] ??= {
        type: 'error',
        id: w.id,
        message: fatal?.message ?? `engine process ended (exit ${code ?? signal})`,
      };
    }
    return { info: info || `failed: ${fatal?.message?.split('\n')[0] ?? `exit ${code ?? signal}`}`, byId };
  }
}

function median(sorted) {
  const n = sorted.length;
  return n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

/** Pools the rounds of one engine and workload into one result with median and quartiles. */
function pool(parts) {
  const ok = parts.filter((r) => r.type === 'result');
  if (!ok.length) return parts.find((r) => r.type === 'unsupported') ?? parts[parts.length - 1];
  const times = ok.flatMap((r) => r.times).sort((a, b) => a - b);
  const q = (f) => times[Math.round((times.length - 1) * f)];
  return {
    type: 'result',
    id: ok[0].id,
    note: ok[0].note,
    rounds: ok.length,
    medianMs: median(times),
    minMs: times[0],
    p25Ms: q(0.25),
    p75Ms: q(0.75),
    samples: times.length,
    batch: Math.max(...ok.map((r) => r.batch)),
    maxAbsDiff: Math.max(...ok.map((r) => r.maxAbsDiff)),
    times,
  };
}

function fmtTime(ms) {
  if (ms < 1) return `${(ms * 1e3).toPrecision(3)} µs`;
  if (ms < 1000) return `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
  return `${(ms / 1e3).toFixed(2)} s`;
}
const fmtRatio = (x) => (x >= 10 ? x.toFixed(1) : x >= 0.1 ? x.toFixed(2) : x.toPrecision(2));
const fmtDiff = (d) => (d === Infinity ? '∞' : d === 0 ? '0' : d.toExponential(1));
const fmtNum = (x, digits) => (x >= 100 ? x.toFixed(0) : x.toFixed(digits));

const enrich = (r, flop) => (r && r.type === 'result' ? { ...r, gflops: flop / (r.medianMs * 1e6) } : null);

function report({ facts, peak, workloads, engineNames, results, options, elapsedS, flopsOf, titleOf }) {
  const lines = [];
  const out = (s = '') => lines.push(s);
  out('# ConvLab benchmark');
  out();
  out(
    `- machine: ${facts.cpu}${facts.mhz ? `, ${facts.mhz}` : ''}, ${facts.cores} cores, ${facts.memory}; ${facts.os}`,
  );
  out(`- node ${facts.node} (V8 ${facts.v8}); single thread, float32, batch 1 unless said`);
  out(
    `- load average (1/5/15 min) at start ${facts.load}, at end ${facts.loadEnd}: the bench itself adds about 1; more than that means ` +
      `something else shared the ${facts.cores} cores and the numbers are noisier (see the IQR column)`,
  );
  out(
    `- WASM SIMD128 peak: **${peak.gflops.toFixed(1)} GFLOP/s** (independent f32x4 mul+add chains, ${peak.shape.kind} × ${peak.shape.chains}; ` +
      `a mul+add = 2 flops per lane; best of ${peak.rounds.length} round${peak.rounds.length > 1 ? 's' : ''}: ${peak.rounds.map((g) => g.toFixed(1)).join(', ')})`,
  );
  for (const name of engineNames) out(`- ${name}: ${results[name].info}`);
  out(
    `- method: each engine in its own process, ${options.rounds} round${options.rounds > 1 ? 's' : ''} (engine order reversed every other round); ` +
      `per round and workload a warm-up of ≥ ${options.warmupMs} ms, then ≥ ${options.minSamples} timed samples within ~${options.budgetMs} ms ` +
      `(${options.minSlowSamples} when a call takes > 1 s); the median of all rounds' samples; ` +
      `max abs diff vs a float64-accumulated reference (✗ above ${TOLERANCE})`,
  );
  out(
    options.clock === 'cpu'
      ? '- clock: **process CPU time** (`--clock cpu`): time spent waiting for a core on a busy machine is left out; ' +
          "a threaded engine adds its workers' CPU time, so its row shows cost, not speed (its scaling table is meaningless in this mode)"
      : '- clock: wall time',
  );
  out();

  for (const w of workloads) {
    const flop = flopsOf(w);
    out(`## ${w.id}: ${titleOf(w)}`);
    out();
    const amount = flop < 1e6 ? `${flop} FLOP` : `${(flop / 1e6).toFixed(1)} MFLOP`;
    out(`${amount} per call${w.tiny ? '; the time column is µs per call from JS, Float32Array in and out' : ''}`);
    out();
    out('| engine | median time | GFLOP/s | % of peak | time ÷ convlab-simd | max abs diff | runs (IQR) |');
    out('|---|---:|---:|---:|---:|---:|---|');
    const base = results[BASELINE]?.byId[w.id];
    for (const name of engineNames) {
      const r = results[name].byId[w.id];
      if (r.type !== 'result') {
        const why =
          r.type === 'unsupported' ? `n/a: ${r.message}` : `error: ${String(r.message).split('\n')[0].slice(0, 120)}`;
        out(`| ${name} | ${why} | | | | | |`);
        continue;
      }
      const gflops = flop / (r.medianMs * 1e6);
      const pct = (100 * gflops) / peak.gflops;
      const ratio = base?.type === 'result' ? `${fmtRatio(r.medianMs / base.medianMs)}×` : '—';
      const bad = !(r.maxAbsDiff <= TOLERANCE) ? ' ✗' : '';
      const iqr = ((100 * (r.p75Ms - r.p25Ms)) / r.medianMs).toFixed(0);
      const partial = r.rounds < options.rounds ? `, ${r.rounds} of ${options.rounds} rounds` : '';
      const runs = `${r.samples}${r.batch > 1 ? ` × ≤${r.batch} calls` : ''} (±${iqr}%${partial})`;
      const time = w.tiny ? `**${fmtTime(r.medianMs)}**` : fmtTime(r.medianMs);
      const gf = w.tiny ? gflops.toFixed(3) : `**${fmtNum(gflops, 1)}**`;
      out(
        `| ${name}${r.note ? ` (${r.note})` : ''} | ${time} | ${gf} | ${fmtNum(pct, 1)}% | ${ratio} | ${fmtDiff(r.maxAbsDiff)}${bad} | ${runs} |`,
      );
    }
    out();
  }

  out('## Summary (GFLOP/s; W1 in µs per call)');
  out();
  out(`| workload | ${engineNames.join(' | ')} | ÷ best peer | issue target | met |`);
  out(`|---|${engineNames.map(() => '---:').join('|')}|---:|---|---|`);
  for (const w of workloads) {
    const flop = flopsOf(w);
    const cells = engineNames.map((name) => {
      const r = results[name].byId[w.id];
      if (r.type !== 'result') return r.type === 'unsupported' ? 'n/a' : 'error';
      const v = w.tiny ? fmtTime(r.medianMs) : fmtNum(flop / (r.medianMs * 1e6), 1);
      return r.maxAbsDiff <= TOLERANCE ? v : `${v} ✗`;
    });
    const target = TARGETS[w.id];
    const mine = enrich(results[BASELINE]?.byId[w.id], flop);
    const peers = PEERS.map((name) => enrich(results[name]?.byId[w.id], flop)).filter(Boolean);
    const best = peers.length ? peers.reduce((a, b) => (b.medianMs < a.medianMs ? b : a)) : null;
    const tfjs = enrich(results['tfjs-wasm']?.byId[w.id], flop);
    const ratio = mine && best ? `${fmtRatio(best.medianMs / mine.medianMs)}×` : '—';
    const met = target && mine ? (target.met(mine, best, tfjs) ? 'yes' : 'no') : '—';
    out(`| ${w.id} | ${cells.join(' | ')} | ${ratio} | ${target?.text ?? ''} | ${met} |`);
  }
  out();
  out('"÷ best peer": the fastest of tfjs-wasm and onnxruntime-web, time ÷ convlab-simd (> 1: ConvLab is faster).');
  out();

  const simd = results[BASELINE];
  if (simd) {
    out(`## Share of the WASM SIMD128 peak (${peak.gflops.toFixed(1)} GFLOP/s), convlab-simd, one thread`);
    out();
    out('| workload | GFLOP/s | share of peak |');
    out('|---|---:|---:|');
    for (const w of workloads.filter((x) => !x.tiny)) {
      const r = enrich(simd.byId[w.id], flopsOf(w));
      out(
        r
          ? `| ${w.id} | ${fmtNum(r.gflops, 1)} | ${fmtNum((100 * r.gflops) / peak.gflops, 1)}% |`
          : `| ${w.id} | — | — |`,
      );
    }
    out();
  }
  const threaded = results[THREADED];
  if (simd && threaded) {
    out(`## Thread scaling (${threaded.info})`);
    out();
    out('| workload | 1 thread | threaded | speed-up | threaded GFLOP/s |');
    out('|---|---:|---:|---:|---:|');
    for (const w of workloads) {
      const one = enrich(simd.byId[w.id], flopsOf(w));
      const many = enrich(threaded.byId[w.id], flopsOf(w));
      if (!one || !many) continue;
      out(
        `| ${w.id} | ${fmtTime(one.medianMs)} | ${fmtTime(many.medianMs)} | ${fmtRatio(one.medianMs / many.medianMs)}× | ${w.tiny ? '—' : fmtNum(many.gflops, 1)} |`,
      );
    }
    out();
    out(
      'Small calls (W1) stay on the calling thread; the threaded result is bit-identical to one thread (tests/node/threads.test.mjs).',
    );
    out();
  }
  out(`Peak ${peak.gflops.toFixed(1)} GFLOP/s; whole run ${elapsedS.toFixed(0)} s.`);
  return lines.join('\n');
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
  const parts = Object.fromEntries(engineNames.map((n) => [n, { infos: [], byId: {} }]));
  for (let round = 1; round <= options.rounds; round++) {
    if (options.rounds > 1) log(`round ${round} of ${options.rounds}`);
    peaks.push(await measurePeak(options.clock));
    const order = round % 2 ? engineNames : [...engineNames].reverse();
    for (const name of order) {
      log(`engine ${name}…`);
      const r = await runEngine(name, workloads, options);
      parts[name].infos.push(r.info);
      for (const [id, m] of Object.entries(r.byId)) (parts[name].byId[id] ??= []).push(m);
    }
  }
  const best = peaks.reduce((a, b) => (b.gflops > a.gflops ? b : a));
  const peak = { ...best, rounds: peaks.map((p) => p.gflops) };
  const results = {};
  for (const name of engineNames) {
    const infos = parts[name].infos;
    results[name] = {
      info: infos.find((i) => !i.startsWith('failed')) ?? infos[0],
      byId: Object.fromEntries(workloads.map((w) => [w.id, pool(parts[name].byId[w.id])])),
    };
  }

  const elapsedS = (performance.now() - started) / 1e3;
  facts.loadEnd = os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
  const text = report({
    facts,
    peak,
    workloads,
    engineNames,
    results,
    options,
    elapsedS,
    flopsOf: flops,
    titleOf: (w) => w.title,
  });
  console.log(text);
  if (args.json) writeFileSync(args.json, JSON.stringify({ facts, peak, options, workloads, results }, null, 1));
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
