// The bench's markdown report: a table per workload (time, GFLOP/s, share of the peak, ratio to
// convlab-simd, max abs diff, spread), the summary against issue 15's targets, the share of the
// WASM SIMD128 peak and the thread scaling.
import { NODE_FLAGS } from './node-flags.mjs';

const THREADED = 'convlab-threads';
const PEERS = ['tfjs-wasm', 'onnxruntime-web'];
const BASELINE = 'convlab-simd';
const RELAXED = 'convlab-relaxed';
export const TOLERANCE = 1e-4; // outputs are O(1); float32 rounding gives ~1e-6, a wrong mapping ≳ 0.1
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

export function fmtTime(ms) {
  if (ms < 1) return `${(ms * 1e3).toPrecision(3)} µs`;
  if (ms < 1000) return `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
  return `${(ms / 1e3).toFixed(2)} s`;
}
const fmtRatio = (x) => (x >= 10 ? x.toFixed(1) : x >= 0.1 ? x.toFixed(2) : x.toPrecision(2));
export const fmtDiff = (d) => (d === Infinity ? '∞' : d === 0 ? '0' : d.toExponential(1));
const fmtNum = (x, digits) => (x >= 100 ? x.toFixed(0) : x.toFixed(digits));

const enrich = (r, flop) => (r && r.type === 'result' ? { ...r, gflops: flop / (r.medianMs * 1e6) } : null);

export function report({
  facts,
  peak,
  relaxedPeak,
  workloads,
  engineNames,
  results,
  options,
  elapsedS,
  flopsOf,
  titleOf,
}) {
  // Each engine's yardstick: the relaxed-SIMD peak for the relaxed kernels, SIMD128's for the rest.
  const peakOf = (name) => (name === RELAXED && relaxedPeak ? relaxedPeak : peak);
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
  if (relaxedPeak)
    out(
      `- relaxed-SIMD peak: **${relaxedPeak.gflops.toFixed(1)} GFLOP/s** (independent f32x4.relaxed_madd chains × ${relaxedPeak.shape.chains}; ` +
        `a fused multiply-add = 2 flops per lane; best of ${relaxedPeak.rounds.map((g) => g.toFixed(1)).join(', ')}); convlab-relaxed's shares are of this peak`,
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
      const pct = (100 * gflops) / peakOf(name).gflops;
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
  // The targets are judged for each ConvLab kernel set that ran: SIMD128, and relaxed SIMD.
  const judged = [BASELINE, RELAXED].filter((name) => results[name]);
  const judgedHead = judged.map((name) => `${name} ÷ best peer | met (${name})`).join(' | ');
  out(`| workload | ${engineNames.join(' | ')} | ${judgedHead} | issue target |`);
  out(`|---|${engineNames.map(() => '---:').join('|')}|${judged.map(() => '---:|---').join('|')}|---|`);
  for (const w of workloads) {
    const flop = flopsOf(w);
    const cells = engineNames.map((name) => {
      const r = results[name].byId[w.id];
      if (r.type !== 'result') return r.type === 'unsupported' ? 'n/a' : 'error';
      const v = w.tiny ? fmtTime(r.medianMs) : fmtNum(flop / (r.medianMs * 1e6), 1);
      return r.maxAbsDiff <= TOLERANCE ? v : `${v} ✗`;
    });
    const target = TARGETS[w.id];
    const peers = PEERS.map((name) => enrich(results[name]?.byId[w.id], flop)).filter(Boolean);
    const best = peers.length ? peers.reduce((a, b) => (b.medianMs < a.medianMs ? b : a)) : null;
    const tfjs = enrich(results['tfjs-wasm']?.byId[w.id], flop);
    const verdicts = judged.map((name) => {
      const mine = enrich(results[name].byId[w.id], flop);
      const ratio = mine && best ? `${fmtRatio(best.medianMs / mine.medianMs)}×` : '—';
      const met = target && mine ? (target.met(mine, best, tfjs) ? 'yes' : 'no') : '—';
      return `${ratio} | ${met}`;
    });
    out(`| ${w.id} | ${cells.join(' | ')} | ${verdicts.join(' | ')} | ${target?.text ?? ''} |`);
  }
  out();
  out(
    '"÷ best peer": the fastest of tfjs-wasm and onnxruntime-web, its time ÷ ConvLab\'s (> 1: ConvLab is faster). ' +
      `${RELAXED} runs node with ${NODE_FLAGS[RELAXED].join(' ')} (Chrome 114+ and Firefox 146+ have relaxed SIMD by default).`,
  );
  out();

  const simd = results[BASELINE];
  if (simd) {
    out(
      `## Share of the peak (WASM SIMD128 ${peak.gflops.toFixed(1)} GFLOP/s${relaxedPeak ? `, relaxed SIMD ${relaxedPeak.gflops.toFixed(1)}` : ''}), one thread`,
    );
    out();
    out(`| workload | ${judged.map((name) => `${name} GFLOP/s | share of peak`).join(' | ')} |`);
    out(`|---|${judged.map(() => '---:|---:').join('|')}|`);
    for (const w of workloads.filter((x) => !x.tiny)) {
      const cells = judged.map((name) => {
        const r = enrich(results[name].byId[w.id], flopsOf(w));
        return r ? `${fmtNum(r.gflops, 1)} | ${fmtNum((100 * r.gflops) / peakOf(name).gflops, 1)}%` : '— | —';
      });
      out(`| ${w.id} | ${cells.join(' | ')} |`);
    }
    out();
    out(
      'The SIMD128 peak is of independent f32x4 mul+add chains, the relaxed one of f32x4.relaxed_madd chains (bench/peak.mjs); ' +
        'convlab-relaxed is measured against the relaxed peak.',
    );
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
