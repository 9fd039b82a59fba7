#!/usr/bin/env node
// Page threads: the playground's edit-to-render time (the `render` event's ms: parse, compute,
// format, redraw) for conv1d cases from 2^20 to 2^24.6 multiply-adds, on the page's worker pool
// (navigator.hardwareConcurrency threads, at most 4) and on one thread (hardwareConcurrency
// reported as 1, so the page computes synchronously), in headless Chromium. Each edit types
// another weight (one of four seeds). Not a test: it prints a table; the threshold in
// web/app/element/threaded-compute.js (THREADED_MACS) comes from it.
// A second table times the call alone (lab.conv1d on one thread against the threaded lab, in the
// page), which is where the threshold's crossover shows: below the threshold the page's own
// column has nothing to compare.
// Usage: node bench/page-threads.mjs [--runs 15]
import { start, openPlayground } from '../tests/browser/harness.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const RUNS = arg('--runs', 15);

const seeded = (shape, seed) => `torch.randn(${shape}, generator=torch.Generator().manual_seed(${seed}))`;
// 64 output channels, 32 input channels, 3 taps: 6,144 multiply-adds per output position.
const CASES = [256, 512, 704, 1024, 1536, 2048, 4096].map((length) => ({
  length,
  macs: 64 * 32 * 3 * (length - 2),
  state: { op: 'conv1d', input: seeded(`1, 32, ${length}`, 1), weight: seeded('64, 32, 3', 2) },
}));

const ONE_CORE = () => Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => 1 });

// Median and minimum: on a busy machine the minimum is what the cores give when they are free.
function stats(values) {
  const v = [...values].sort((a, b) => a - b);
  return { median: v[Math.floor(v.length / 2)], min: v[0] };
}
const fmt = (s, digits = 1) => `${s.median.toFixed(digits)} / ${s.min.toFixed(digits)}`;

async function measure(env, c, oneThread) {
  const hash = `#${new URLSearchParams(c.state)}`;
  const { page, context } = await openPlayground(env, { hash, init: oneThread ? [ONE_CORE] : [] });
  const result = await page.evaluate(
    async ({ state, runs }) => {
      const el = document.querySelector('conv-playground');
      const edit = (seed) =>
        new Promise((resolve) => {
          el.addEventListener('render', (e) => resolve(e.detail), { once: true });
          el.setState({ ...state, weight: `torch.randn(64, 32, 3, generator=torch.Generator().manual_seed(${seed}))` });
        });
      for (let i = 0; i < 3; i++) await edit(100 + i); // warm-up: the pool starts on the first large case
      const ms = [];
      let threads = 0;
      for (let i = 0; i < runs; i++) {
        const detail = await edit(10 + (i % 4));
        ms.push(detail.ms);
        threads = detail.threads;
        await new Promise((r) => setTimeout(r, 20));
      }
      return { ms, threads };
    },
    { state: c.state, runs: RUNS },
  );
  await context.close();
  return { ...stats(result.ms), threads: result.threads };
}

/** In the page: median ms of lab.conv1d (one thread) and of the threaded lab's conv1d, per case. */
async function callTimes(env) {
  const { page, context } = await openPlayground(env);
  const rows = await page.evaluate(
    async ({ lengths, runs }) => {
      const { loadConvLab } = await import('/lib/convlab.js');
      const one = await loadConvLab();
      const many = await loadConvLab({ threads: Math.min(4, navigator.hardwareConcurrency) });
      const random = (n) => Float32Array.from({ length: n }, () => Math.random() - 0.5);
      const stats = (values) => {
        const v = [...values].sort((a, b) => a - b);
        return { median: v[Math.floor(v.length / 2)], min: v[0] };
      };
      const out = [];
      for (const length of lengths) {
        const x = { shape: [1, 32, length], data: random(32 * length) };
        const w = { shape: [64, 32, 3], data: random(64 * 32 * 3) };
        const a = [];
        const b = [];
        for (let i = 0; i < runs + 2; i++) {
          let t = performance.now();
          one.conv1d(x, w);
          if (i >= 2) a.push(performance.now() - t);
          t = performance.now();
          await many.conv1d(x, w);
          if (i >= 2) b.push(performance.now() - t);
        }
        out.push({ length, one: stats(a), many: stats(b), threads: many.threadsFor('conv1d', x, w) });
      }
      many.close();
      return out;
    },
    { lengths: CASES.map((c) => c.length), runs: RUNS * 2 },
  );
  await context.close();
  return rows;
}

const env = await start();
try {
  console.log('The call alone (conv1d, in the page):\n');
  console.log('| L | multiply-adds | lab.conv1d (ms, median / min) | threaded lab (ms, median / min) | threads |');
  console.log('|---|---:|---:|---:|---:|');
  for (const r of await callTimes(env)) {
    const macs = 64 * 32 * 3 * (r.length - 2);
    console.log(
      `| ${r.length} | 2^${Math.log2(macs).toFixed(1)} | ${fmt(r.one, 2)} | ${fmt(r.many, 2)} | ${r.threads} |`,
    );
  }
  console.log("\nEdit to render (the render event's ms, median):\n");
  console.log(
    '| input (1, 32, L), weight (64, 32, 3) | multiply-adds | one thread (ms) | page threads (ms) | threads |',
  );
  console.log('|---|---:|---:|---:|---:|');
  for (const c of CASES) {
    const one = await measure(env, c, true);
    const many = await measure(env, c, false);
    console.log(
      `| L = ${c.length} | ${(c.macs / 2 ** 20).toFixed(1)} Mi (2^${Math.log2(c.macs).toFixed(1)}) | ` +
        `${fmt(one)} | ${fmt(many)} | ${many.threads} |`,
    );
  }
} finally {
  await env.close();
}
