// ONNX Runtime Web, wasm execution provider, one thread (numThreads = 1: no worker is spawned),
// its SIMD binary (the only one 1.2x+ ships). Each workload is a one-node ONNX model (Conv or
// ConvTranspose, weights as initializers) built in JS by ../onnx-model.mjs. PyTorch layouts
// map 1:1 (NCL, weight (C_out, C_in/g, K) / (C_in, C_out/g, K)), so no conversion at all.
// Timed call: new ort.Tensor(input) → await session.run() → output .data (a Float32Array).
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as ort from 'onnxruntime-web';
import { runEngine } from '../engine-harness.mjs';
import { buildConvModel } from '../onnx-model.mjs';
import { shapes } from '../workloads.mjs';

const require = createRequire(import.meta.url);

runEngine({
  name: 'onnxruntime-web',
  async setup() {
    const dist = dirname(require.resolve('onnxruntime-web/ort-wasm-simd-threaded.wasm'));
    ort.env.wasm.wasmPaths = pathToFileURL(dist).href + '/';
    ort.env.wasm.numThreads = 1;
    ort.env.wasm.simd = true;
    ort.env.wasm.proxy = false;
    ort.env.logLevel = 'error';
    return `onnxruntime-web ${ort.env.versions?.web ?? ''}, wasm EP, numThreads ${ort.env.wasm.numThreads}, simd`;
  },
  async prepare(w, t) {
    const s = shapes(w);
    const attributes = {
      dilations: [w.dilation],
      group: w.groups,
      kernel_shape: [w.k],
      pads: [w.padding, w.padding],
      strides: [w.stride],
    };
    if (w.op === 'conv_transpose1d') attributes.output_padding = [w.outputPadding ?? 0];
    const model = buildConvModel({
      op: w.op === 'conv1d' ? 'Conv' : 'ConvTranspose',
      inputShape: s.input,
      weightShape: s.weight,
      weight: t.weight.data,
      outputShape: s.output,
      attributes,
    });
    const session = await ort.InferenceSession.create(model, {
      executionProviders: ['wasm'],
      graphOptimizationLevel: 'all',
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
      executionMode: 'sequential',
    });
    const x = t.input.data;
    return {
      async: true,
      async call() {
        const result = await session.run({ X: new ort.Tensor('float32', x, s.input) });
        return result.Y.data;
      },
      toTorch: (out) => out,
      dispose: () => session.release(),
      note: w.op === 'conv1d' ? 'Conv' : 'ConvTranspose',
    };
  },
});
