// ConvLab built without SIMD (the same kernels compiled for scalar wasm), same JS API.
import { runEngine, importWithRetry } from '../engine-harness.mjs';
import { torchParams } from '../workloads.mjs';

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
    const params = torchParams(w);
    const fn = w.op === 'conv1d' ? lab.conv1d.bind(lab) : lab.convTranspose1d.bind(lab);
    const input = { shape: t.input.shape, data: t.input.data };
    const weight = { shape: t.weight.shape, data: t.weight.data };
    return { call: () => fn(input, weight, null, params).data, toTorch: (out) => out };
  },
});
