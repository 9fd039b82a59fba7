// Plain JS loops: what a web page would write by hand. Float32Array in and out, float32
// accumulation (every += is stored to a Float32Array), PyTorch semantics (stride, padding,
// dilation, groups, output_padding). Row-wise: for every (output channel, input channel, tap)
// one contiguous loop over output positions, bounds hoisted — straightforward, not tuned.
import { runEngine } from '../engine-harness.mjs';
import { outputLength } from '../workloads.mjs';

// Both ops pair a weight row with one dense row (conv1d: the output; conv_transpose1d: the input)
// and a strided one (the other): for tap k, dense position a meets strided position a·stride + off.
function convPlain(w, x, wt) {
  const { n: N, cIn, cOut, k: K, stride: s, padding: p, dilation: d, groups: G, lIn: L } = w;
  const transposed = w.op !== 'conv1d';
  const lOut = outputLength(w);
  const cig = cIn / G,
    cog = cOut / G;
  // The weight is (out, in/G, K) for conv1d and (in, out/G, K) for conv_transpose1d.
  const rows = transposed ? cIn : cOut;
  const perRow = transposed ? cog : cig;
  const rowsPerGroup = transposed ? cig : cog;
  const [denseLen, stridedLen] = transposed ? [L, lOut] : [lOut, L];
  const out = new Float32Array(N * cOut * lOut);
  for (let n = 0; n < N; n++) {
    for (let r = 0; r < rows; r++) {
      const g = (r / rowsPerGroup) | 0;
      for (let j = 0; j < perRow; j++) {
        const ic = transposed ? r : g * cig + j;
        const oc = transposed ? g * cog + j : r;
        const xRow = (n * cIn + ic) * L;
        const outRow = (n * cOut + oc) * lOut;
        const wRow = (r * perRow + j) * K;
        for (let k = 0; k < K; k++) {
          const wv = wt[wRow + k];
          const off = k * d - p; // strided index of dense position 0 for this tap
          const lo = Math.max(0, Math.ceil(-off / s));
          const hi = Math.min(denseLen, Math.floor((stridedLen - 1 - off) / s) + 1);
          if (transposed) {
            for (let i = lo, o = outRow + lo * s + off; i < hi; i++, o += s) out[o] += wv * x[xRow + i];
          } else {
            for (let o = lo, i = xRow + lo * s + off; o < hi; o++, i += s) out[outRow + o] += wv * x[i];
          }
        }
      }
    }
  }
  return out;
}

runEngine({
  name: 'plain-js',
  async setup() {
    return `V8 ${process.versions.v8}, float32 row loops`;
  },
  prepare(w, t) {
    const x = t.input.data,
      wt = t.weight.data;
    return { call: () => convPlain(w, x, wt), toTorch: (out) => out };
  },
});
