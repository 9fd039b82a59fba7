// TensorFlow.js with @tensorflow/tfjs-backend-wasm (XNNPACK), single thread, SIMD binary.
// Layout: channels last (NHWC with H = 1). The input is transposed to N·L·C once, outside the
// timed call; the weights are converted once in prepare() (a model's weights are fixed).
//   Conv1d           → tf.conv2d, filter [1, K, C_in, C_out], explicit pad [[0,0],[0,0],[p,p],[0,0]]
//   depthwise Conv1d → tf.depthwiseConv2d, filter [1, K, C, multiplier]
//   ConvTranspose1d  → tf.conv2dTranspose, filter [1, K, C_out, C_in], outputShape [N,1,L_out,C_out]
//                      and explicit pad [p, p − output_padding]: the transposed conv of a conv2d
//                      with those pads is exactly PyTorch's crop of p left and p − output_padding right.
// Timed call: tf.tensor4d(input) → op → dataSync() (a Float32Array) → dispose.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths, getThreadsCount, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { runEngine, Unsupported, nclToNlc, nlcToNcl } from '../engine-harness.mjs';
import { outputLength } from '../workloads.mjs';

const require = createRequire(import.meta.url);

runEngine({
  name: 'tfjs-wasm',
  async setup() {
    const dist = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'));
    const simdBinary = join(dist, 'tfjs-backend-wasm-simd.wasm');
    // Map every binary name to the SIMD one: the backend can only ever load the SIMD binary
    // (the vanilla JS glue runs it). In node tfjs never picks the threaded binary anyway
    // (WASM_HAS_MULTITHREAD_SUPPORT is false under IS_NODE); setThreadsCount(1) pins XNNPACK's pool.
    setWasmPaths({
      'tfjs-backend-wasm.wasm': simdBinary,
      'tfjs-backend-wasm-simd.wasm': simdBinary,
      'tfjs-backend-wasm-threaded-simd.wasm': simdBinary,
    });
    setThreadsCount(1);
    if (!(await tf.setBackend('wasm'))) throw new Error('tf.setBackend("wasm") failed');
    await tf.ready();
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    const threaded = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
    if (!simd) throw new Error('tfjs reports no WASM SIMD support');
    if (threaded) throw new Error('tfjs picked the threaded build');
    return `tfjs-core ${tf.version_core}, backend ${tf.getBackend()}, simd binary, threads ${getThreadsCount()}`;
  },
  prepare(w, t) {
    const { n: N, cIn, cOut, k: K, stride: s, padding: p, dilation: d, groups: G, lIn: L } = w;
    const lOut = outputLength(w);
    const x = nclToNlc(t.input.data, N, cIn, L);
    const xShape = [N, 1, L, cIn];
    const wt = t.weight.data;
    const pad = (right) => [
      [0, 0],
      [0, 0],
      [p, right],
      [0, 0],
    ];
    let filter,
      op,
      note = '';
    if (w.op === 'conv1d' && G === 1) {
      const f = new Float32Array(K * cIn * cOut); // [1, K, C_in, C_out] ← w[oc, ic, k]
      for (let oc = 0; oc < cOut; oc++)
        for (let ic = 0; ic < cIn; ic++)
          for (let k = 0; k < K; k++) f[(k * cIn + ic) * cOut + oc] = wt[(oc * cIn + ic) * K + k];
      filter = tf.tensor4d(f, [1, K, cIn, cOut]);
      op = (xt) => tf.conv2d(xt, filter, [1, s], pad(p), 'NHWC', [1, d]);
      note = 'conv2d';
    } else if (w.op === 'conv1d' && G === cIn && cOut % cIn === 0) {
      const m = cOut / cIn;
      const f = new Float32Array(K * cIn * m); // [1, K, C, m] ← w[c·m + j, 0, k]
      for (let c = 0; c < cIn; c++)
        for (let j = 0; j < m; j++) for (let k = 0; k < K; k++) f[(k * cIn + c) * m + j] = wt[(c * m + j) * K + k];
      filter = tf.tensor4d(f, [1, K, cIn, m]);
      op = (xt) => tf.depthwiseConv2d(xt, filter, [1, s], pad(p), 'NHWC', [1, d]);
      note = 'depthwiseConv2d';
    } else if (w.op === 'conv_transpose1d' && G === 1 && d === 1 && p - (w.outputPadding ?? 0) >= 0) {
      const f = new Float32Array(K * cOut * cIn); // [1, K, C_out, C_in] ← w[ic, oc, k]
      for (let ic = 0; ic < cIn; ic++)
        for (let oc = 0; oc < cOut; oc++)
          for (let k = 0; k < K; k++) f[(k * cOut + oc) * cIn + ic] = wt[(ic * cOut + oc) * K + k];
      filter = tf.tensor4d(f, [1, K, cOut, cIn]);
      op = (xt) => tf.conv2dTranspose(xt, filter, [N, 1, lOut, cOut], [1, s], pad(p - (w.outputPadding ?? 0)));
      note = 'conv2dTranspose';
    } else {
      throw new Unsupported(`no tfjs mapping for ${w.op} groups=${G} dilation=${d}`);
    }
    return {
      call() {
        const xt = tf.tensor4d(x, xShape);
        const yt = op(xt);
        const out = yt.dataSync();
        xt.dispose();
        yt.dispose();
        return out;
      },
      toTorch: (out) => nlcToNcl(out, N, cOut, lOut),
      dispose: () => filter.dispose(),
      note,
    };
  },
});
