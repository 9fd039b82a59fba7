// ConvLab on its relaxed-SIMD kernels (f32x4.relaxed_madd; the side module of
// cpp/src/simd/correlate_relaxed.cpp), through the public JS API. children.mjs starts this
// process with --experimental-wasm-relaxed-simd, which node 20 needs for relaxed SIMD.
import { convLabCall, importWithRetry, runEngine } from '../engine-harness.mjs';

let lab;

runEngine({
  name: 'convlab-relaxed',
  async setup() {
    const { loadConvLab } = await importWithRetry(new URL('../../web/lib/convlab.js', import.meta.url).href);
    lab = await loadConvLab();
    if (lab.kernels !== 'relaxed-simd') throw new Error(`relaxed SIMD not in use (kernels: ${lab.kernels})`);
    return lab.buildInfo;
  },
  prepare(w, t) {
    const call = convLabCall(lab, w, t);
    return { call: () => call().data, toTorch: (out) => out };
  },
});
