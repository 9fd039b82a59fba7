// ConvLab on its relaxed-SIMD kernels (f32x4.relaxed_madd; the side module of
// cpp/src/simd/correlate_relaxed.cpp), through the public JS API. children.mjs starts this
// process with --experimental-wasm-relaxed-simd, which node 20 needs for relaxed SIMD.
import { runConvLabEngine } from '../engine-harness.mjs';

runConvLabEngine({
  name: 'convlab-relaxed',
  describe(lab) {
    if (lab.kernels !== 'relaxed-simd') throw new Error(`relaxed SIMD not in use (kernels: ${lab.kernels})`);
    return lab.buildInfo;
  },
});
