// The WASM SIMD128 arithmetic peak of this machine: a wasm function made of independent f32x4
// mul+add chains, hand-assembled here byte by byte (no wat2wasm or emcc needed), in several shapes;
// the best one is the peak. A mul and an add each count 4 flops (2 flops per lane for the pair),
// the same counting as a convolution's multiply-add.
//
// The "chain" kernel, in WAT, for C chains unrolled U times (acc_i, m, a are v128 locals):
//   (func (export "run") (param $n i32) (param $m f32) (param $a f32) (result f32)
//     ;; m = f32x4.splat($m), a = f32x4.splat($a), acc_i = f32x4.splat(i + 1)
//     (loop $l
//       ;; U times, for each chain i:  acc_i = acc_i * m + a
//       (local.set $acc_i (f32x4.add (f32x4.mul (local.get $acc_i) (local.get $m)) (local.get $a)))
//       (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
//     (f32x4.extract_lane 0 (acc_0 + acc_1 + ...)))
// The "split" kernel keeps C/2 independent mul chains (p_i *= m) and C/2 add chains (s_i += a):
// no mul waits for an add, so it shows the throughput bound when latency would hide it.
// The "madd" kernel is the relaxed-SIMD peak: acc_i = f32x4.relaxed_madd(acc_i, m, a), one fused
// multiply-add (8 flops) per step; it needs an engine with relaxed SIMD (`node
// --experimental-wasm-relaxed-simd bench/peak.mjs relaxed`).
// With m just below 1 and a small, every value converges to a normal float: no denormals.
//
// Run as a script (`node bench/peak.mjs`) it prints JSON; run.mjs forks it as its own process.
import { pathToFileURL } from 'node:url';

function uleb(n) {
  const out = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}
function sleb(n) {
  const out = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(b & 0x40)) || (n === -1 && b & 0x40)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}
const section = (id, bytes) => [id, ...uleb(bytes.length), ...bytes];
const vec = (items) => [...uleb(items.length), ...items.flat()];
const str = (s) => vec([...Buffer.from(s, 'utf8')]);

const I32 = 0x7f,
  F32 = 0x7d,
  V128 = 0x7b;
const OP = {
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Const: 0x41,
  i32Sub: 0x6b,
  brIf: 0x0d,
  loop: 0x03,
  voidBlock: 0x40,
  end: 0x0b,
  f32Const: 0x43,
};
const simd = (op) => [0xfd, ...uleb(op)];
const F32X4_SPLAT = simd(0x13),
  F32X4_EXTRACT_LANE = simd(0x1f),
  F32X4_ADD = simd(0xe4),
  F32X4_MUL = simd(0xe6),
  F32X4_RELAXED_MADD = simd(0x105);
const f32Bytes = (v) => [...new Uint8Array(new Float32Array([v]).buffer)];

/**
 * Assembles the module. kind 'chain' or 'split'; chains = number of independent v128 chains;
 * unroll = copies of the chain step per loop iteration. Returns { bytes, flopsPerIteration }.
 */
export function assemblePeakModule({ kind, chains, unroll }) {
  // locals: 0 n, 1 m (f32), 2 a (f32) are params; 3 mv, 4 av, 5.. accumulators (v128)
  const MV = 3,
    AV = 4,
    ACC0 = 5;
  const body = [];
  const get = (i) => body.push(OP.localGet, ...uleb(i));
  const set = (i) => body.push(OP.localSet, ...uleb(i));
  get(1);
  body.push(...F32X4_SPLAT);
  set(MV);
  get(2);
  body.push(...F32X4_SPLAT);
  set(AV);
  for (let c = 0; c < chains; c++) {
    body.push(OP.f32Const, ...f32Bytes(1 + c / 64), ...F32X4_SPLAT);
    set(ACC0 + c);
  }
  body.push(OP.loop, OP.voidBlock);
  let flopsPerIteration = 0;
  for (let u = 0; u < unroll; u++) {
    for (let c = 0; c < chains; c++) {
      if (kind === 'madd') {
        get(ACC0 + c);
        get(MV);
        get(AV);
        body.push(...F32X4_RELAXED_MADD);
        set(ACC0 + c);
        flopsPerIteration += 8;
      } else if (kind === 'chain') {
        get(ACC0 + c);
        get(MV);
        body.push(...F32X4_MUL);
        get(AV);
        body.push(...F32X4_ADD);
        set(ACC0 + c);
        flopsPerIteration += 8;
      } else if (c < chains / 2) {
        get(ACC0 + c);
        get(MV);
        body.push(...F32X4_MUL);
        set(ACC0 + c);
        flopsPerIteration += 4;
      } else {
        get(ACC0 + c);
        get(AV);
        body.push(...F32X4_ADD);
        set(ACC0 + c);
        flopsPerIteration += 4;
      }
    }
  }
  get(0);
  body.push(OP.i32Const, ...sleb(1), OP.i32Sub, OP.localTee, ...uleb(0), OP.brIf, ...uleb(0));
  body.push(OP.end);
  get(ACC0);
  for (let c = 1; c < chains; c++) {
    get(ACC0 + c);
    body.push(...F32X4_ADD);
  }
  body.push(...F32X4_EXTRACT_LANE, 0, OP.end);

  const locals = vec([[...uleb(2 + chains), V128]]);
  const func = [...locals, ...body];
  const bytes = [
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, vec([[0x60, ...vec([I32, F32, F32]), ...vec([F32])]])), // type: (i32 f32 f32) -> f32
    ...section(3, vec([uleb(0)])), // function 0 has type 0
    ...section(7, vec([[...str('run'), 0x00, ...uleb(0)]])), // export "run" = func 0
    ...section(10, vec([[...uleb(func.length), ...func]])), // code
  ];
  return { bytes: new Uint8Array(bytes), flopsPerIteration };
}

// Wall time, or this process's CPU time with CONVLAB_BENCH_CLOCK=cpu (run.mjs --clock cpu).
const now =
  process.env.CONVLAB_BENCH_CLOCK === 'cpu'
    ? () => {
        const u = process.cpuUsage();
        return (u.user + u.system) / 1000;
      }
    : () => performance.now();

/** Times one kernel shape: warm-up (so V8 tiers up from Liftoff to TurboFan), then the best of several timed calls. */
async function measureShape(shape, { sampleMs = 60, samples = 15 } = {}) {
  const { bytes, flopsPerIteration } = assemblePeakModule(shape);
  const { instance } = await WebAssembly.instantiate(bytes);
  const run = instance.exports.run;
  const m = 0.9999999,
    a = 1e-7;
  let iterations = 1000;
  // Calibrate (and warm up) until one call lasts about sampleMs.
  for (let t = 0; t < sampleMs / 4;) {
    iterations *= 2;
    const t0 = now();
    run(iterations, m, a);
    t = now() - t0;
  }
  for (let i = 0; i < 5; i++) run(iterations, m, a);
  const gflops = [];
  let sink = 0;
  for (let s = 0; s < samples; s++) {
    const t0 = now();
    sink += run(iterations, m, a);
    const dt = now() - t0;
    gflops.push((iterations * flopsPerIteration) / (dt * 1e6));
  }
  if (!Number.isFinite(sink)) throw new Error('peak kernel produced a non-finite value');
  gflops.sort((x, y) => x - y);
  return { ...shape, best: gflops[gflops.length - 1], median: gflops[gflops.length >> 1] };
}

/**
 * Tries the shapes and returns { gflops, shape, all }: the peak is the best median over shapes.
 * relaxed: the fused multiply-add peak of relaxed SIMD instead (needs the engine's support).
 */
export async function measurePeak({ relaxed = false } = {}) {
  const shapes = [];
  const kinds = relaxed
    ? [['madd', [4, 8, 10, 12, 14]]]
    : [
        ['chain', [4, 8, 10, 12, 14]],
        ['split', [8, 12, 14]],
      ];
  for (const [kind, counts] of kinds)
    for (const chains of counts) shapes.push({ kind, chains, unroll: Math.max(1, Math.round(24 / chains)) });
  const all = [];
  for (const shape of shapes) all.push(await measureShape(shape));
  const top = all.reduce((b, r) => (r.median > b.median ? r : b));
  return { gflops: top.median, shape: top, all };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await measurePeak({ relaxed: process.argv.includes('relaxed') });
  if (process.send) process.send({ type: 'peak', result });
  else console.log(JSON.stringify(result, null, 1));
}
