// ConvLab, the WASM SIMD128 build, through its public JS API (PyTorch layouts, no conversion).
import { runEngine, importWithRetry } from '../engine-harness.mjs';
import { torchParams } from '../workloads.mjs';

let lab;

runEngine({
  name: 'convlab-simd',
  async setup() {
    const { loadConvLab } = await importWithRetry(new URL('../../web/lib/convlab.js', import.meta.url).href);
    lab = await loadConvLab();
    return lab.buildInfo;
  },
  prepare(w, t) {
    const params = torchParams(w);
    const fn = w.op === 'conv1d' ? lab.conv1d.bind(lab) : lab.convTranspose1d.bind(lab);
    const input = { shape: t.input.shape, data: t.input.data };
    const weight = { shape: t.weight.shape, data: t.weight.data };
    return { call: () => fn(input, weight, null, params).data, toTorch: (out) => out };
  },
});
