// The public JS API: loadConvLab() -> { conv1d, convTranspose1d, outputLength, outputShape, overlap }.
// A thin wrapper: it checks JS types (which C++ cannot see), fills the call block, and turns
// C++'s error values into thrown ConvLabErrors. No exception ever unwinds through wasm.
import { createModule } from './wasm-module.js';
import { ConvLabError } from '../errors.js';
import { borrowTensor, borrowBias, snapshotShape, settle, kindOf } from './tensor-input.js';
import { normalizeOp, normalizeParams, OPS } from './params.js';
import { CallBlock } from './call-block.js';
import { HotExports } from './hot-exports.js';
import { installRelaxedKernels, kernelsOf, setKernels } from './relaxed-kernels.js';
import { loadThreadedLab } from '../threads/load-pool.js';
import { Analysis } from './analysis.js';
import { solveShapes } from '../design/shape-solver.js';
import { invertConv1d } from '../design/invert-conv1d.js';

export { ConvLabError } from '../errors.js';

let loading = null;

/**
 * Loads the wasm module once; every call returns the same promise. With {threads: N > 1} it
 * resolves with a lab that spreads large calls over N threads (../threads/threaded-lab.js).
 */
export function loadConvLab(options = {}) {
  loading ??= createModule().then((wasm) => new ConvLab(installRelaxedKernels(wasm)));
  const threads = options?.threads ?? 1;
  if (!Number.isSafeInteger(threads) || threads < 1 || threads > MAX_THREADS) {
    const message =
      `threads=${kindOf(threads)} is not allowed: threads must be a whole number from 1 to ${MAX_THREADS}. ` +
      'Use threads: 1 for the synchronous API.';
    return Promise.reject(new ConvLabError(message, { field: 'threads' }));
  }
  if (threads === 1) return loading;
  return loading.then(async (lab) => {
    let threaded;
    try {
      threaded = await loadThreadedLab();
    } catch (e) {
      return oneThread(lab, threads, `workers unavailable: this build has no thread pool (${e?.message ?? e})`);
    }
    return threaded.createThreadedLab(lab, threads);
  });
}

const MAX_THREADS = 64;

/** The threaded lab's interface (promises, threads = 1, the reason) over the calling thread. */
function oneThread(lab, requested, reason) {
  const own = {
    conv1d: async (...args) => lab.conv1d(...args),
    convTranspose1d: async (...args) => lab.convTranspose1d(...args),
    threads: 1,
    threadsRequested: requested,
    threadsFallback: reason,
    threadsFor: () => 1,
    close() {},
  };
  return new Proxy(lab, {
    get(target, key) {
      if (Object.hasOwn(own, key)) return own[key];
      const value = Reflect.get(target, key);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Wraps an already created Emscripten module (the benchmarks load the no-SIMD build this way). */
export function wrapWasmModule(wasm) {
  return new ConvLab(wasm);
}

class ConvLab {
  #wasm;
  #hot; // the exports and views of the per-call path
  #block;
  #limits;
  #plans = new WeakMap(); // Plan object -> its snapshot {code, input, weight, bias, params}
  #current = null; // the snapshot the wasm module planned last, if it came from plan()
  #planCalls = 0;
  #analysis;

  constructor(wasm) {
    this.#wasm = wasm;
    this.#hot = new HotExports(wasm);
    this.#block = new CallBlock(wasm, this.#hot);
    this.#limits = {
      maxElements: wasm.maxTensorElements,
      maxLength: wasm.maxLength,
      maxRank: wasm.maxRank,
    };
    this.#analysis = new Analysis(wasm, this.#block, this.#limits);
  }

  /** torch.nn.functional.conv1d (plus nn.Conv1d's padding_mode). */
  conv1d(input, weight, bias = null, params = {}) {
    return this.#compute(OPS.conv1d, input, weight, bias, params);
  }

  /** torch.nn.functional.conv_transpose1d. */
  convTranspose1d(input, weight, bias = null, params = {}) {
    return this.#compute(OPS.conv_transpose1d, input, weight, bias, params);
  }

  // ---- Gradients, the matrix, the equivalent Conv1d (analysis.js; issue 13). Each plans the
  // shared call block itself, so the plan the module held is no longer current.

  /** Gradients of sum(conv1d(input, weight, bias) * gradOutput) as torch.autograd gives them. */
  conv1dBackward(input, weight, bias, gradOutput, params = {}) {
    this.#current = null;
    return this.#analysis.backward(OPS.conv1d, input, weight, bias, gradOutput, params);
  }

  /** Gradients of sum(conv_transpose1d(input, weight, bias) * gradOutput). */
  convTranspose1dBackward(input, weight, bias, gradOutput, params = {}) {
    this.#current = null;
    return this.#analysis.backward(OPS.conv_transpose1d, input, weight, bias, gradOutput, params);
  }

  /** The op's linear map on one batch element ([C_in, L] or [1, C_in, L]), without bias. */
  matrix(op, inputShape, weight, params = {}) {
    this.#current = null;
    return this.#analysis.matrix(op, inputShape, weight, params);
  }

  /** The stride-1 Conv1d (zero-stuffed input, flipped kernel) that equals convTranspose1d. */
  equivalentConv1d(input, weight, bias = null, params = {}) {
    this.#current = null;
    return this.#analysis.equivalentConv1d(input, weight, bias, params);
  }

  /**
   * The whole geometry of a call, planned once in C++ (cpp/src/call_block.cpp, summarize):
   * shapes, lengths, padding and crops, channels per group, the overlap axis, multiply-adds.
   * Throws a ConvLabError (with err.field) where PyTorch would raise. Pass the returned plan to
   * run() and overlap(): they reuse it without planning again. See convlab.d.ts (Plan).
   */
  plan(op, inputShape, weightShape, biasShape = null, params = {}) {
    const code = normalizeOp(op);
    const p = normalizeParams(code, params);
    const input = snapshotShape(inputShape, 'input', this.#limits);
    const weight = snapshotShape(weightShape, 'weight', this.#limits);
    const bias = biasShape === null || biasShape === undefined ? null : snapshotShape(biasShape, 'bias', this.#limits);
    const record = { code, input, weight, bias, params: p };
    this.#plan(code, input, weight, bias, p);
    this.#current = record;
    const plan = Object.freeze({
      ...this.#wasm.planSummary(),
      inputShape: Object.freeze(input.slice()),
      weightShape: Object.freeze(weight.slice()),
      biasShape: bias ? Object.freeze(bias.slice()) : null,
      outputShape: Object.freeze(this.#block.outputShape()),
    });
    this.#plans.set(plan, record);
    return plan;
  }

  /** Runs the kernels for a plan from plan(): the tensors must have the planned shapes. */
  run(plan, input, weight, bias = null) {
    const record = this.#planned(plan);
    const [x, w, b] = this.#settle(
      borrowTensor(input, 'input', this.#limits),
      borrowTensor(weight, 'weight', this.#limits),
      borrowBias(bias, this.#limits),
    );
    samePlannedShape('input', x.shape, record.input);
    samePlannedShape('weight', w.shape, record.weight);
    if (Boolean(b) !== Boolean(record.bias)) {
      throw new ConvLabError(
        record.bias
          ? 'bias: the plan has a bias; pass one, or plan without it.'
          : 'bias: the plan has no bias; plan with its shape to pass one.',
        { field: 'bias' },
      );
    }
    if (b) samePlannedShape('bias', b.shape, record.bias);
    this.#ensure(record);
    return this.#execute(x, w, b);
  }

  /** Output shape for the given input and weight shapes, without computing anything. */
  outputShape(op, inputShape, weightShape, params = {}) {
    const code = normalizeOp(op);
    const p = normalizeParams(code, params);
    const input = snapshotShape(inputShape, 'input', this.#limits);
    const weight = snapshotShape(weightShape, 'weight', this.#limits);
    this.#plan(code, input, weight, null, p);
    return this.#block.outputShape();
  }

  /** L_out for a single channel of length inLength and a kernel of kernelSize taps. */
  outputLength(op, inLength, kernelSize, params = {}) {
    this.#planChannel(op, inLength, kernelSize, params);
    return this.#block.outputShape()[2];
  }

  /**
   * Which (input element, kernel tap) pairs land on which output cell, for one channel.
   * See convlab.d.ts (OverlapMap) for the fields.
   */
  overlap(op, inLength, kernelSize, params = {}) {
    let code;
    if (this.#plans.has(op)) {
      // overlap(plan): one channel of the planned call, without planning again.
      const record = this.#plans.get(op);
      this.#ensure(record);
      code = record.code;
    } else {
      code = this.#planChannel(op, inLength, kernelSize, params);
    }
    const raw = this.#wasm.overlap();
    if (raw.error) throw new ConvLabError(raw.error, { field: 'overlap' });
    const entries = [];
    for (let i = 0; i < raw.entries.length; i += 4) {
      entries.push({
        output: raw.entries[i],
        axis: raw.entries[i + 1],
        input: raw.entries[i + 2],
        tap: raw.entries[i + 3],
      });
    }
    const kinds = ['kept', 'padding', 'output_padding'];
    return {
      op: code === OPS.conv1d ? 'conv1d' : 'conv_transpose1d',
      inLength: raw.inLength,
      kernelSize: raw.kernelSize,
      outLength: raw.outLength,
      axisLength: raw.axisLength,
      axisOfOutput0: raw.axisOfOutput0,
      axisSource: Array.from(raw.axisSource),
      axisKind: Array.from(raw.axisKind, (k) => kinds[k]),
      axisCount: Array.from(raw.axisCount),
      entries,
    };
  }

  /** Every layer shape (kernelSize and the length parameters) mapping inLength to outLength (design/). */
  solveShapes(query) {
    return solveShapes(this.#wasm, query);
  }

  /** The ConvTranspose1d that gives a Conv1d's input length back, with the ambiguity explained (design/). */
  invertConv1d(inLength, kernelSize, params = {}) {
    return invertConv1d(this.#wasm, inLength, kernelSize, params);
  }

  /**
   * Calls of at most `macs` multiply-adds run the plain reference loops, which beat the SIMD
   * path's setup on tiny tensors (default 256). 0 forces SIMD everywhere (the tests do).
   */
  setTinyLimit(macs) {
    if (typeof macs !== 'number' || !(macs >= 0))
      throw new ConvLabError(`setTinyLimit: expected a number >= 0 (0 forces SIMD), got ${kindOf(macs)}.`, {
        field: 'macs',
      });
    this.#wasm._convlab_set_tiny_limit(macs);
    this.#analysis.setTinyLimit(macs);
  }

  /** "xsimd sse4.1 (WASM SIMD128)" (+ " + relaxed SIMD kernels" when they run) or "scalar (no SIMD)". */
  get buildInfo() {
    const info = this.#wasm.buildInfo();
    const relaxed = this.kernels === 'relaxed-simd' ? ' + relaxed SIMD kernels' : '';
    return info.startsWith('xsimd') ? `${info} (WASM SIMD128)${relaxed}` : info;
  }

  /** The kernels large calls run on: 'relaxed-simd' (where the engine has it), 'simd' or 'scalar'. */
  get kernels() {
    return kernelsOf(this.#wasm);
  }

  /** 'simd' (the same bits in every engine) or 'relaxed-simd' (fused multiply-adds, where available). */
  setKernels(kernels) {
    setKernels(this.#wasm, kernels);
  }

  /** Bytes of wasm linear memory: lets tests prove that errors and calls leak nothing. */
  get memoryBytes() {
    return this.#wasm.HEAPU8.length;
  }

  /** How many times the wasm module has planned a call (one per plan() or conv call). */
  get planCalls() {
    return this.#planCalls;
  }

  #plan(code, inputShape, weightShape, biasShape, params) {
    this.#current = null;
    this.#planCalls += 1;
    this.#block.write(code, inputShape, weightShape, biasShape, params);
    if (this.#hot.plan() !== 0) {
      const field = this.#wasm.lastErrorField();
      const axis = this.#wasm.failedAxis();
      const geometry = axis ? Object.freeze({ ...axis, outputShape: null }) : undefined;
      throw new ConvLabError(this.#wasm.lastError(), { field: field || null, geometry });
    }
  }

  #planned(plan) {
    const record = this.#plans.get(plan);
    if (!record) {
      throw new ConvLabError("plan: expected a plan returned by this ConvLab's plan().", { field: 'plan' });
    }
    return record;
  }

  // Plans again only if another call planned since (the module holds one plan at a time).
  #ensure(record) {
    if (this.#current === record) return;
    this.#plan(record.code, record.input, record.weight, record.bias, record.params);
    this.#current = record;
  }

  // One channel of inLength cells and a kernel of kernelSize taps (outputLength, overlap).
  #planChannel(op, inLength, kernelSize, params) {
    const code = normalizeOp(op);
    const p = normalizeParams(code, params);
    const input = [1, 1, this.#length('inLength', inLength)];
    this.#plan(code, input, [1, 1, this.#length('kernelSize', kernelSize)], null, p);
    return code;
  }

  // inLength / kernelSize of outputLength and overlap: whole numbers, named as given.
  #length(name, value) {
    if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= this.#limits.maxLength) {
      return value;
    }
    throw new ConvLabError(
      `${name}=${kindOf(value)} is not allowed: ${name} must be a whole number from 1 to ` +
        `${this.#limits.maxLength}, e.g. ${name}=${name === 'inLength' ? 8 : 3}.`,
      { field: name },
    );
  }

  #compute(code, inputArg, weightArg, biasArg, params) {
    // Every caller value is read once, here, before the shared wasm state is touched: a getter
    // that calls ConvLab again finishes its own call before this one plans.
    const p = normalizeParams(code, params);
    const [input, weight, bias] = this.#settle(
      borrowTensor(inputArg, 'input', this.#limits),
      borrowTensor(weightArg, 'weight', this.#limits),
      borrowBias(biasArg, this.#limits),
    );
    this.#plan(code, input.shape, weight.shape, bias ? bias.shape : null, p);
    return this.#execute(input, weight, bias);
  }

  // The tensors of a call once all its caller code has run: borrowed views still whole, and
  // private copies of any that live in wasm memory (the buffers' allocation may move it).
  #settle(input, weight, bias) {
    const memory = this.#hot.f32.buffer;
    return [settle(input, 'input', memory), settle(weight, 'weight', memory), settle(bias, 'bias', memory)];
  }

  // Copies the tensors (snapshots or settled views) into the planned call's buffers, runs the
  // kernels and copies the output out. No caller code runs from #settle to here.
  #execute(input, weight, bias) {
    const hot = this.#hot;
    const count = this.#block.outputCount();
    // Allocation may grow (and so detach) the heap: take views only after it.
    if (hot.reserve() !== 0) throw new ConvLabError(this.#wasm.lastError(), { field: 'memory' });
    const heap = hot.f32;
    heap.set(input.data, hot.tensorBuffer(0) >>> 2);
    heap.set(weight.data, hot.tensorBuffer(1) >>> 2);
    if (bias) heap.set(bias.data, hot.tensorBuffer(2) >>> 2);
    const outputAt = hot.run() >>> 2;
    hot.settle();
    // A copy into a fresh buffer: the caller owns the result, and wasm memory can move (the
    // kernels' scratch may have grown it: a new view). A few elements go one by one (a subarray
    // view to memcpy from costs more than they do).
    const data = new Float32Array(count);
    const out = hot.f32;
    if (count <= 64) for (let i = 0; i < count; ++i) data[i] = out[outputAt + i];
    else data.set(out.subarray(outputAt, outputAt + count));
    return { shape: this.#block.outputShape(), data };
  }
}

function samePlannedShape(name, shape, planned) {
  if (shape.length === planned.length && shape.every((d, i) => d === planned[i])) return;
  throw new ConvLabError(
    `${name}: shape [${shape.join(', ')}] is not the planned [${planned.join(', ')}]; plan again for new shapes.`,
    { field: name },
  );
}
