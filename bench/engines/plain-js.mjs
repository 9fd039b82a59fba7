// Plain JS loops: what a web page would write by hand. Float32Array in and out, float32
// accumulation (every += is stored to a Float32Array), PyTorch semantics (stride, padding,
// dilation, groups, output_padding). Row-wise: for every (output channel, input channel, tap)
// one contiguous loop over output positions, bounds hoisted — straightforward, not tuned.
import { runEngine } from '../engine-harness.mjs';
import { outputLength } from '../workloads.mjs';

function conv1dPlain(w, x, wt) {
  const { n: N, cIn, cOut, k: K, stride: s, padding: p, dilation: d, groups: G, lIn: L } = w;
  const lOut = outputLength(w);
  const cig = cIn / G,
    cog = cOut / G;
  const out = new Float32Array(N * cOut * lOut);
  for (let n = 0; n < N; n++) {
    for (let oc = 0; oc < cOut; oc++) {
      const g = (oc / cog) | 0;
      const outRow = (n * cOut + oc) * lOut;
      for (let icg = 0; icg < cig; icg++) {
        const xRow = (n * cIn + g * cig + icg) * L;
        const wRow = (oc * cig + icg) * K;
        for (let k = 0; k < K; k++) {
          const wv = wt[wRow + k];
          const off = k * d - p; // input index of output 0 for this tap
          const oLo = Math.max(0, Math.ceil(-off / s));
          const oHi = Math.min(lOut, Math.floor((L - 1 - off) / s) + 1);
          for (let o = oLo, i = xRow + oLo * s + off; o < oHi; o++, i += s) out[outRow + o] += wv * x[i];
        }
      }
    }
  }
  return out;
}

function convTranspose1dPlain(w, x, wt) {
  const { n: N, cIn, cOut, k: K, stride: s, padding: p, dilation: d, groups: G, lIn: L } = w;
  const lOut = outputLength(w);
  const cig = cIn / G,
    cog = cOut / G;
  const out = new Float32Array(N * cOut * lOut);
  for (let n = 0; n < N; n++) {
    for (let ic = 0; ic < cIn; ic++) {
      const g = (ic / cig) | 0;
      const xRow = (n * cIn + ic) * L;
      for (let ocg = 0; ocg < cog; ocg++) {
        const outRow = (n * cOut + g * cog + ocg) * lOut;
        const wRow = (ic * cog + ocg) * K;
        for (let k = 0; k < K; k++) {
          const wv = wt[wRow + k];
          const off = k * d - p; // output index of input 0 for this tap
          const iLo = Math.max(0, Math.ceil(-off / s));
          const iHi = Math.min(L, Math.floor((lOut - 1 - off) / s) + 1);
          for (let i = iLo, j = outRow + iLo * s + off; i < iHi; i++, j += s) out[j] += wv * x[xRow + i];
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
    const fn = w.op === 'conv1d' ? conv1dPlain : convTranspose1dPlain;
    const x = t.input.data,
      wt = t.weight.data;
    return { call: () => fn(w, x, wt), toTorch: (out) => out };
  },
});
