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

/** out[n, oc, o] = Σ_{ic ∈ group, k} x[n, ic, o·s − p + k·d] · w[oc, ic − g·cig, k] */
function conv1dRef(w, x, wt) {
  const { n: N, cIn, cOut, k: K, stride: s, padding: p, dilation: d, groups: G, lIn: L } = w;
  const lOut = outputLength(w);
  const cig = cIn / G;
  const cog = cOut / G;
  const out = new Float64Array(N * cOut * lOut);
  for (let n = 0; n < N; n++) {
    for (let oc = 0; oc < cOut; oc++) {
      const g = Math.floor(oc / cog);
      for (let o = 0; o < lOut; o++) {
        let acc = 0;
        for (let ic = 0; ic < cig; ic++) {
          const xRow = (n * cIn + g * cig + ic) * L;
          const wRow = (oc * cig + ic) * K;
          for (let k = 0; k < K; k++) {
            const i = o * s - p + k * d;
            if (i >= 0 && i < L) acc += x[xRow + i] * wt[wRow + k];
          }
        }
        out[(n * cOut + oc) * lOut + o] = acc;
      }
    }
  }
  return out;
}

/** out[n, oc, j] = Σ_{ic ∈ group, k : j + p − k·d = i·s, 0 ≤ i < L} x[n, ic, i] · w[ic, oc − g·cog, k] */
function convTranspose1dRef(w, x, wt) {
  const { n: N, cIn, cOut, k: K, stride: s, padding: p, dilation: d, groups: G, lIn: L } = w;
  const lOut = outputLength(w);
  const cig = cIn / G;
  const cog = cOut / G;
  const out = new Float64Array(N * cOut * lOut);
  for (let n = 0; n < N; n++) {
    for (let oc = 0; oc < cOut; oc++) {
      const g = Math.floor(oc / cog);
      const ocg = oc - g * cog;
      for (let j = 0; j < lOut; j++) {
        let acc = 0;
        for (let k = 0; k < K; k++) {
          const t = j + p - k * d;
          if (t < 0 || t % s !== 0 || t / s >= L) continue;
          const i = t / s;
          for (let ic = g * cig; ic < (g + 1) * cig; ic++) {
            acc += x[(n * cIn + ic) * L + i] * wt[(ic * cog + ocg) * K + k];
          }
        }
        out[(n * cOut + oc) * lOut + j] = acc;
      }
    }
  }
  return out;
}

export function computeReference(w, tensors = makeTensors(w)) {
  const fn = w.op === 'conv1d' ? conv1dRef : convTranspose1dRef;
  return fn(w, tensors.input.data, tensors.weight.data);
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
