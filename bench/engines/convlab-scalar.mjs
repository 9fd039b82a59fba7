// ConvLab built without SIMD (the same kernels compiled for scalar wasm), same JS API.
import { convLabCall, importWithRetry, runEngine } from '../engine-harness.mjs';

let lab;

runEngine({
  name: 'convlab-scalar',
  async setup() {
    const { wrapWasmModule } = await importWithRetry(new URL('../../web/lib/convlab.js', import.meta.url).href);
    const { default: createScalar } = await importWithRetry(
      new URL('../../web/lib/wasm/convlab-wasm-scalar.mjs', import.meta.url).href,
    );
    lab = wrapWasmModule(await createScalar());
    return lab.buildInfo.replace(' (WASM SIMD128)', '');
  },
  prepare(w, t) {
    const call = convLabCall(lab, w, t);
    return { call: () => call().data, toTorch: (out) => out };
  },
});
