// The parent's side of the bench's child processes: installing the peers and building the wasm
// when missing, forking the peak measurement and each engine (bench/engines/<name>.mjs), and
// pooling an engine's samples from all rounds into one result per workload.
import { fork, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmtDiff, fmtTime } from './report.mjs';
import { NODE_FLAGS } from './node-flags.mjs';

const benchDir = dirname(fileURLToPath(import.meta.url));
const rootDir = dirname(benchDir);
export const log = (...a) => console.error('[bench]', ...a);

function run(cmd, cmdArgs, what) {
  log(`${what}: ${cmd} ${cmdArgs.join(' ')}`);
  // The child's output goes to stderr so stdout stays the markdown report.
  const r = spawnSync(cmd, cmdArgs, { cwd: rootDir, stdio: ['ignore', 2, 2] });
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status ?? r.signal})`);
}

/** Installs bench/'s own packages and builds the wasm modules when they are missing. */
export function bootstrap() {
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

/** Forks a child module, sends it a message (if any) and collects its messages until it exits. */
function forkAndCollect(modulePath, message, { timeoutMs, onMessage, clock = 'wall', execArgv = [], args = [] }) {
  return new Promise((resolve) => {
    const env = { ...process.env, CONVLAB_BENCH_CLOCK: clock };
    const child = fork(modulePath, args, { cwd: rootDir, env, execArgv, stdio: ['ignore', 2, 2, 'ipc'] });
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

export async function measurePeak(clock, { relaxed = false } = {}) {
  log(
    relaxed
      ? 'measuring the relaxed-SIMD peak (independent f32x4.relaxed_madd chains)…'
      : 'measuring the WASM SIMD128 peak (independent f32x4 mul+add chains)…',
  );
  const { messages } = await forkAndCollect(join(benchDir, 'peak.mjs'), null, {
    timeoutMs: 120_000,
    clock,
    args: relaxed ? ['relaxed'] : [],
    execArgv: relaxed ? [...NODE_FLAGS['convlab-relaxed']] : [],
  });
  const m = messages.find((x) => x.type === 'peak');
  if (!m) throw new Error('the peak measurement failed');
  const { shape } = m.result;
  log(`peak ${m.result.gflops.toFixed(1)} GFLOP/s (${shape.kind}, ${shape.chains} chains)`);
  return m.result;
}

export async function runEngine(name, workloads, options) {
  const path = join(benchDir, 'engines', `${name}.mjs`);
  for (let attempt = 1; ; attempt++) {
    const { messages, code, signal } = await forkAndCollect(
      path,
      { workloads: workloads.map((w) => w.id), options },
      {
        timeoutMs: 15 * 60_000,
        execArgv: [...(NODE_FLAGS[name] ?? [])],
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
export function pool(parts) {
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
