// Gradients, the op as a matrix, and ConvTranspose1d as an equivalent Conv1d, over the wasm
// module's analysis entry points (cpp/bindings/analysis_bindings.cpp). The ConvLab class hands
// its calls here; the shape math and validation all happen in C++ (plan_* and friends), and
// C++'s error values become thrown ConvLabErrors. No exception ever unwinds through wasm. Every
// caller value is read once (tensor-input.js snapshots) before the shared wasm state is touched.
import { ConvLabError } from '../errors.js';
import { snapshotTensor, snapshotBias, snapshotShape } from './tensor-input.js';
import { normalizeOp, normalizeParams, OPS, FIELD } from './params.js';

const KIND = { backward: 0, matrix: 1, equivalent: 2 };

export class Analysis {
  #wasm;
  #block;
  #limits;
  #at; // the analysis block, as an index into HEAPF64
  #slot;

  /**
   * `block` is the ConvLab's CallBlock (the call itself travels in the shared call block);
   * `limits` its {maxElements, maxLength, maxRank} for the snapshots.
   */
  constructor(wasm, block, limits) {
    this.#wasm = wasm;
    this.#block = block;
    this.#limits = limits;
    this.#at = wasm._convlab_analysis_block_address() >>> 3;
    this.#slot = {
      kind: wasm.analysisSlotKind,
      gradRank: wasm.analysisSlotGradRank,
      gradDims: wasm.analysisSlotGradDims,
      inserted: wasm.analysisSlotInserted,
      padLeft: wasm.analysisSlotPadLeft,
      padRight: wasm.analysisSlotPadRight,
      results: wasm.analysisSlotResults,
      resultSlots: wasm.analysisResultSlots,
      maxRank: wasm.analysisMaxRank,
    };
  }

  /** Gradients of sum(op(input, weight, bias) * gradOutput): {input, weight, bias | null}. */
  backward(code, inputArg, weightArg, biasArg, gradArg, params) {
    const p = normalizeParams(code, params);
    const input = snapshotTensor(inputArg, 'input', this.#limits);
    const weight = snapshotTensor(weightArg, 'weight', this.#limits);
    const bias = snapshotBias(biasArg, this.#limits);
    const grad = snapshotTensor(gradArg, 'gradOutput', this.#limits);
    this.#block.write(code, input.shape, weight.shape, bias ? bias.shape : null, p);
    this.#writeGradShape(grad.shape);
    this.#plan(KIND.backward);
    this.#run([input, weight, bias, grad]);
    const [gradInput, gradWeight, gradBias] = this.#results(3);
    return { input: gradInput, weight: gradWeight, bias: bias ? gradBias : null };
  }

  /** The op's matrix on one batch element (no bias): op(x) flattened = M · x flattened. */
  matrix(op, inputShape, weightArg, params) {
    const code = normalizeOp(op);
    const p = normalizeParams(code, params);
    const shape = snapshotShape(inputShape, 'inputShape', this.#limits);
    const weight = snapshotTensor(weightArg, 'weight', this.#limits);
    this.#block.write(code, shape, weight.shape, null, p);
    this.#plan(KIND.matrix);
    this.#run([null, weight, null, null]);
    const [m] = this.#results(1);
    return {
      shape: m.shape,
      data: m.data,
      // Row r is output cell r % L_out of channel floor(r / L_out); columns likewise for the input.
      inputShape: shape.slice(-2),
      outputShape: this.#block.outputShape().slice(-2),
    };
  }

  /** ConvTranspose1d as a stride-1 Conv1d over the zero-stuffed input with the flipped kernel. */
  equivalentConv1d(inputArg, weightArg, biasArg, params) {
    const code = OPS.conv_transpose1d;
    const p = normalizeParams(code, params);
    const input = snapshotTensor(inputArg, 'input', this.#limits);
    const weight = snapshotTensor(weightArg, 'weight', this.#limits);
    const bias = snapshotBias(biasArg, this.#limits);
    this.#block.write(code, input.shape, weight.shape, bias ? bias.shape : null, p);
    this.#plan(KIND.equivalent);
    this.#run([input, weight, bias, null]);
    const [eqInput, eqWeight, eqBias, output] = this.#results(4);
    const heap = this.#wasm.HEAPF64;
    return {
      input: eqInput,
      weight: eqWeight,
      bias: bias ? eqBias : null,
      params: { stride: 1, padding: 0, dilation: p[FIELD.dilation], groups: p[FIELD.groups] },
      output,
      inserted: heap[this.#at + this.#slot.inserted],
      padLeft: heap[this.#at + this.#slot.padLeft],
      padRight: heap[this.#at + this.#slot.padRight],
    };
  }

  setTinyLimit(macs) {
    this.#wasm._convlab_analysis_set_tiny_limit(macs);
  }

  #writeGradShape(shape) {
    const heap = this.#wasm.HEAPF64;
    const at = this.#at;
    if (shape.length > this.#slot.maxRank) {
      heap[at + this.#slot.gradRank] = this.#slot.maxRank + 1; // C++ names the rule
      return;
    }
    heap[at + this.#slot.gradRank] = shape.length;
    for (let i = 0; i < shape.length; ++i) heap[at + this.#slot.gradDims + i] = shape[i];
  }

  #plan(kind) {
    this.#wasm.HEAPF64[this.#at + this.#slot.kind] = kind;
    if (this.#wasm._convlab_analysis_plan() !== 0) throw this.#error();
  }

  // Reserves the call's buffers, copies the given tensors (input, weight, bias, gradOutput;
  // null = not used) in and runs; #results reads the results and gives big buffers back.
  #run(tensors) {
    const wasm = this.#wasm;
    // Allocation may grow (and so detach) the heap: take views only after it.
    if (wasm._convlab_analysis_reserve() !== 0) throw this.#error();
    const heap = wasm.HEAPF32;
    tensors.forEach((t, i) => t && heap.set(t.data, wasm._convlab_analysis_buffer(i) >>> 2));
    wasm._convlab_analysis_run();
  }

  // C++'s message and field code ('gradOutput', 'matrix', 'inputShape', 'equivalentConv1d',
  // 'memory', or the forward call's own: 'stride', 'channels', ...).
  #error() {
    const field = this.#wasm.analysisErrorField();
    return new ConvLabError(this.#wasm.analysisError(), { field: field || null });
  }

  // The first `count` results as {shape, data} copies (null where the call has none).
  #results(count) {
    const wasm = this.#wasm;
    const slots = wasm.HEAPF64;
    const out = [];
    for (let r = 0; r < count; ++r) {
      const base = this.#at + this.#slot.results + r * this.#slot.resultSlots;
      const rank = slots[base];
      if (rank < 0) {
        out.push(null);
        continue;
      }
      const shape = [];
      for (let i = 0; i < rank; ++i) shape.push(slots[base + 1 + i]);
      const n = slots[base + 4];
      const from = wasm._convlab_analysis_result(r) >>> 2;
      const data = new Float32Array(n);
      data.set(wasm.HEAPF32.subarray(from, from + n));
      out.push({ shape, data });
    }
    wasm._convlab_analysis_release();
    return out;
  }
}
