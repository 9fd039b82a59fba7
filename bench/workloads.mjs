// The benchmark workloads (issue 5) and their seeded tensors. Every engine process imports this
// file and rebuilds exactly the same Float32Arrays from the same seeds, so nothing big crosses a
// process boundary and every engine computes on identical data.

/** W1–W6 as written in the issue. Batch 1 unless `n` says otherwise; no bias (F.conv1d's default). */
export const WORKLOADS = [
  {
    id: 'W1',
    title: 'tiny playground case: ConvTranspose1d 1→1, K=8, stride 4, padding 2, L_in=2',
    op: 'conv_transpose1d',
    n: 1,
    cIn: 1,
    cOut: 1,
    k: 8,
    stride: 4,
    padding: 2,
    dilation: 1,
    groups: 1,
    outputPadding: 0,
    lIn: 2,
    tiny: true,
  },
  {
    id: 'W2',
    title: 'vocoder upsampler: ConvTranspose1d 256→128, K=16, stride 8, padding 4, L_in=1024',
    op: 'conv_transpose1d',
    n: 1,
    cIn: 256,
    cOut: 128,
    k: 16,
    stride: 8,
    padding: 4,
    dilation: 1,
    groups: 1,
    outputPadding: 0,
    lIn: 1024,
  },
  {
    id: 'W3',
    title: 'Conv1d 256→256, K=3, padding 1, L=4096',
    op: 'conv1d',
    n: 1,
    cIn: 256,
    cOut: 256,
    k: 3,
    stride: 1,
    padding: 1,
    dilation: 1,
    groups: 1,
    lIn: 4096,
  },
  {
    id: 'W4',
    title: 'depthwise Conv1d C=512, groups=512, K=31, padding 15, L=2048',
    op: 'conv1d',
    n: 1,
    cIn: 512,
    cOut: 512,
    k: 31,
    stride: 1,
    padding: 15,
    dilation: 1,
    groups: 512,
    lIn: 2048,
  },
  {
    id: 'W5',
    title: 'dilated Conv1d 128→128, K=3, dilation 8, padding 8, L=8192',
    op: 'conv1d',
    n: 1,
    cIn: 128,
    cOut: 128,
    k: 3,
    stride: 1,
    padding: 8,
    dilation: 8,
    groups: 1,
    lIn: 8192,
  },
  {
    id: 'W6',
    title: 'strided Conv1d 64→128, K=8, stride 4, padding 2, L=16384, N=4',
    op: 'conv1d',
    n: 4,
    cIn: 64,
    cOut: 128,
    k: 8,
    stride: 4,
    padding: 2,
    dilation: 1,
    groups: 1,
    lIn: 16384,
  },
];

export function findWorkload(id) {
  const w = WORKLOADS.find((x) => x.id === id);
  if (!w) throw new Error(`unknown workload ${id}`);
  return w;
}

/** PyTorch's output length. */
export function outputLength(w) {
  if (w.op === 'conv1d') {
    return Math.floor((w.lIn + 2 * w.padding - w.dilation * (w.k - 1) - 1) / w.stride) + 1;
  }
  return (w.lIn - 1) * w.stride - 2 * w.padding + w.dilation * (w.k - 1) + (w.outputPadding ?? 0) + 1;
}

/** Shapes in PyTorch layouts: input (N, C_in, L_in), weight, output (N, C_out, L_out). */
export function shapes(w) {
  const weight = w.op === 'conv1d' ? [w.cOut, w.cIn / w.groups, w.k] : [w.cIn, w.cOut / w.groups, w.k];
  return { input: [w.n, w.cIn, w.lIn], weight, output: [w.n, w.cOut, outputLength(w)] };
}

/** The FLOP counts (a multiply-add is 2 flops). */
export function flops(w) {
  if (w.op === 'conv1d') return 2 * w.n * w.cOut * outputLength(w) * (w.cIn / w.groups) * w.k;
  return 2 * w.n * w.cIn * w.lIn * (w.cOut / w.groups) * w.k;
}

/** The PyTorch params object for ConvLab's API. */
export function torchParams(w) {
  const p = { stride: w.stride, padding: w.padding, dilation: w.dilation, groups: w.groups };
  if (w.op === 'conv_transpose1d') p.output_padding = w.outputPadding ?? 0;
  return p;
}

// mulberry32: a tiny 32-bit PRNG with a well-known, reproducible sequence.
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// FNV-1a of a string, to turn "W3/weight" into a seed.
function hashSeed(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export const SEED = 20240501;

function uniform(count, bound, seedText) {
  const next = mulberry32(hashSeed(`${SEED}/${seedText}`));
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = (2 * next() - 1) * bound;
  return out;
}

const size = (shape) => shape.reduce((a, b) => a * b, 1);

/**
 * The seeded tensors of a workload: input uniform in [-1, 1), weight uniform in ±1/sqrt(fan_in)
 * with PyTorch's fan_in (weight.size(1)·K), as nn.Conv1d initialises it — so outputs are O(1)
 * and a max-abs-diff of 1e-6…1e-5 is float32 rounding while a wrong mapping shows as ≳ 0.1.
 */
export function makeTensors(w) {
  const s = shapes(w);
  const fanIn = s.weight[1] * s.weight[2];
  return {
    input: { shape: s.input, data: uniform(size(s.input), 1, `${w.id}/input`) },
    weight: { shape: s.weight, data: uniform(size(s.weight), 1 / Math.sqrt(fanIn), `${w.id}/weight`) },
    outputShape: s.output,
  };
}

/** A key that changes whenever a workload's definition or data would change (cache name). */
export function workloadKey(w) {
  const spec = JSON.stringify(w, Object.keys(w).sort());
  return `${w.id}-${hashSeed(spec + SEED).toString(16)}`;
}
