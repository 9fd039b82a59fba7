// ConvLab, the WASM SIMD128 build, through its public JS API (PyTorch layouts, no conversion).
import { convLabCall, importWithRetry, runEngine } from '../engine-harness.mjs';

let lab;

runEngine({
  name: 'convlab-simd',
  async setup() {
    const { loadConvLab } = await importWithRetry(new URL('../../web/lib/convlab.js', import.meta.url).href);
    lab = await loadConvLab();
    return lab.buildInfo;
  },
  prepare(w, t) {
    const call = convLabCall(lab, w, t);
    return { call: () => call().data, toTorch: (out) => out };
  },
});
