// The float64-accumulated reference every engine is checked against. Written as the textbook
// gather formula of each output element (PyTorch's definitions), deliberately unlike the plain-JS
// engine's row-wise scatter loops, so that one mapping mistake cannot hide in both.
// Computed once per workload by the parent process and cached in bench/.cache/.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTensors, outputLength, workloadKey } from './workloads.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const CACHE_DIR = join(here, '.cache');
const REFERENCE_VERSION = 1;

/**
 * Fills out[n, oc, o] (float64) with sum(n, oc, g, o, dims), the textbook formula of one output
 * element; g is oc's group and dims the workload's sizes.
 */
function gather(w, sum) {
  const { n: N, cIn, cOut, groups: G } = w;
  const lOut = outputLength(w);
  const dims = { ...w, cig: cIn / G, cog: cOut / G, lOut };
  const out = new Float64Array(N * cOut * lOut);
  for (let n = 0; n < N; n++) {
    for (let oc = 0; oc < cOut; oc++) {
      const g = Math.floor(oc / dims.cog);
      for (let o = 0; o < lOut; o++) out[(n * cOut + oc) * lOut + o] = sum(n, oc, g, o, dims);
    }
  }
  return out;
}

/** out[n, oc, o] = Σ_{ic ∈ group, k} x[n, ic, o·s − p + k·d] · w[oc, ic − g·cig, k] */
const conv1dRef =
  (x, wt) =>
  (n, oc, g, o, { cIn, k: K, stride: s, padding: p, dilation: d, lIn: L, cig }) => {
    let acc = 0;
    for (let ic = 0; ic < cig; ic++) {
      const xRow = (n * cIn + g * cig + ic) * L;
      const wRow = (oc * cig + ic) * K;
      for (let k = 0; k < K; k++) {
        const i = o * s - p + k * d;
        if (i >= 0 && i < L) acc += x[xRow + i] * wt[wRow + k];
      }
    }
    return acc;
  };

/** out[n, oc, j] = Σ_{ic ∈ group, k : j + p − k·d = i·s, 0 ≤ i < L} x[n, ic, i] · w[ic, oc − g·cog, k] */
const convTranspose1dRef =
  (x, wt) =>
  (n, oc, g, j, { cIn, k: K, stride: s, padding: p, dilation: d, lIn: L, cig, cog }) => {
    const ocg = oc - g * cog;
    let acc = 0;
    for (let k = 0; k < K; k++) {
      const t = j + p - k * d;
      if (t < 0 || t % s !== 0 || t / s >= L) continue;
      const i = t / s;
      for (let ic = g * cig; ic < (g + 1) * cig; ic++) {
        acc += x[(n * cIn + ic) * L + i] * wt[(ic * cog + ocg) * K + k];
      }
    }
    return acc;
  };

export function computeReference(w, tensors = makeTensors(w)) {
  const sum = w.op === 'conv1d' ? conv1dRef : convTranspose1dRef;
  return gather(w, sum(tensors.input.data, tensors.weight.data));
}

export function referencePath(w) {
  return join(CACHE_DIR, `ref-v${REFERENCE_VERSION}-${workloadKey(w)}.f64`);
}

/** Computes and caches the reference unless it is cached already; true when it computed it. */
export function ensureReference(w) {
  const path = referencePath(w);
  if (existsSync(path)) return false;
  const ref = computeReference(w);
  mkdirSync(CACHE_DIR, { recursive: true });
  // Write to a temporary name first: a reader never sees a half-written reference.
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, new Uint8Array(ref.buffer, ref.byteOffset, ref.byteLength));
  renameSync(tmp, path);
  return true;
}

/** Loads a reference the parent already cached (used by the engine processes). */
export function loadReference(w) {
  const buf = readFileSync(referencePath(w));
  // Copy into an aligned buffer (Buffer's pool offset need not be a multiple of 8).
  return new Float64Array(new Uint8Array(buf).buffer);
}
