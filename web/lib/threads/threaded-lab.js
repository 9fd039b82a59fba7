// loadConvLab({threads: N}): the same API over N threads. conv1d / convTranspose1d return
// promises; large calls are cut into slices of whole samples, output channels or groups
// (threads/partition.js), one computed on the calling thread and the others on workers, so the
// result is bit-identical to one thread. Small, unusual or invalid calls run on the calling
// thread (errors are the same ConvLabErrors). Every other method is the synchronous one.
import { ConvLabError } from '../errors.js';
import { callDims, worthSplitting, planSlices, placeSlice } from './partition.js';
import { createWorkerPool } from './pool.js';

/** Wraps a single-thread lab with `threads - 1` workers (fewer, and a reason, where not allowed). */
export async function createThreadedLab(lab, threads) {
  const { pool, reason } = await createWorkerPool(threads - 1);
  return new ThreadedConvLab(lab, pool, threads, reason);
}

// A tensor argument read once: {shape: number[], data: Float32Array}, or null if it is anything
// else (the calling thread then runs the call and reports what is wrong with it).
function snapshot(value) {
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return null;
  const shape = value.shape;
  const data = value.data;
  if (!Array.isArray(shape) || !(data instanceof Float32Array)) return null;
  return { shape: Array.from(shape), data };
}

// A worker gets its own copy: a view into a larger buffer is copied down to its own elements
// (posting the view would clone the whole buffer), and such copies are transferred, not cloned.
function forWorker(tensor, transfer) {
  if (!tensor) return null;
  const own = tensor.data.byteOffset !== 0 || tensor.data.byteLength !== tensor.data.buffer.byteLength;
  if (!own) return tensor;
  const data = tensor.data.slice();
  transfer.push(data.buffer);
  return { shape: tensor.shape, data };
}

const allFinite = (data) => {
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i])) return false;
  return true;
};

class ThreadedConvLab {
  #lab;
  #pool;
  #requested;
  #reason;

  constructor(lab, pool, requested, reason) {
    this.#lab = lab;
    this.#pool = pool;
    this.#requested = requested;
    this.#reason = reason;
    // Every other method and getter of the single-thread lab, unchanged (and synchronous).
    const proto = Object.getPrototypeOf(lab);
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name === 'constructor' || name in ThreadedConvLab.prototype) continue;
      const d = Object.getOwnPropertyDescriptor(proto, name);
      if (typeof d.value === 'function') Object.defineProperty(this, name, { value: d.value.bind(lab) });
      else if (d.get) Object.defineProperty(this, name, { get: () => d.get.call(lab) });
    }
  }

  /** Threads that compute (the calling thread included); 1 when workers were not allowed. */
  get threads() {
    return this.#pool ? this.#pool.size + 1 : 1;
  }

  /** The thread count asked for in loadConvLab({threads}). */
  get threadsRequested() {
    return this.#requested;
  }

  /** Why fewer threads run than requested (null when all of them run). */
  get threadsFallback() {
    return this.#reason;
  }

  /** torch.nn.functional.conv1d, resolved with {shape, data}. */
  async conv1d(input, weight, bias = null, params = {}) {
    return this.#run('conv1d', input, weight, bias, params);
  }

  /** torch.nn.functional.conv_transpose1d, resolved with {shape, data}. */
  async convTranspose1d(input, weight, bias = null, params = {}) {
    return this.#run('conv_transpose1d', input, weight, bias, params);
  }

  /** Stops the workers; the lab then computes on the calling thread only. */
  close() {
    this.#pool?.terminate();
    this.#pool = null;
    this.#reason = 'closed';
  }

  #single(op, input, weight, bias, params) {
    return op === 'conv1d'
      ? this.#lab.conv1d(input, weight, bias, params)
      : this.#lab.convTranspose1d(input, weight, bias, params);
  }

  /**
   * How many threads a conv1d / convTranspose1d call with these arguments would compute on (1:
   * it stays on the calling thread), without computing or validating it. For callers that
   * report it (the playground's `render` event).
   */
  threadsFor(op, input, weight, bias = null, params = {}) {
    const plan = this.#split(op === 'convTranspose1d' ? 'conv_transpose1d' : op, input, weight, bias, params);
    return plan.slices ? plan.slices.length : 1;
  }

  // The call read once, and its slices when it is worth splitting ({slices: null} otherwise).
  #split(op, inputArg, weightArg, biasArg, paramsArg) {
    const parts = this.threads;
    const params = paramsArg !== null && typeof paramsArg === 'object' ? { ...paramsArg } : null;
    const input = snapshot(inputArg);
    const weight = snapshot(weightArg);
    const bias = biasArg === null || biasArg === undefined ? null : snapshot(biasArg);
    const plain = params && input && weight && (biasArg == null || bias);
    const dims = plain ? callDims(op, input, weight, bias, params) : null;
    const args = plain ? [input, weight, bias, params] : [inputArg, weightArg, biasArg, paramsArg];
    if (
      !worthSplitting(dims, params ?? {}, parts) ||
      (op === 'conv_transpose1d' && !allFinite(weight.data)) // the reference path, on one thread
    ) {
      return { args, slices: null };
    }
    const slices = planSlices(dims, input, weight, bias, params, parts);
    return { args, dims, slices: slices.length < 2 ? null : slices };
  }

  async #run(op, inputArg, weightArg, biasArg, paramsArg) {
    const { args, dims, slices } = this.#split(op, inputArg, weightArg, biasArg, paramsArg);
    if (!slices) return this.#single(op, ...args);
    const [input, weight, , params] = args;
    // Validates the whole call (throwing its ConvLabError) before any slice runs.
    const shape = this.#lab.outputShape(op, input.shape, weight.shape, params);
    const outLength = shape[shape.length - 1];
    const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
    const remote = slices.slice(1).map((s, i) => {
      const transfer = [];
      const message = {
        op,
        input: forWorker(s.input, transfer),
        weight: forWorker(s.weight, transfer),
        bias: forWorker(s.bias, transfer),
        params: s.params,
        kernels: this.#lab.kernels, // the workers compute on the same kernels (lab.setKernels)
      };
      return this.#pool.run(i, message, transfer);
    });
    // The calling thread's own slice runs while the workers run theirs.
    let localError = null;
    try {
      const local = this.#single(op, slices[0].input, slices[0].weight, slices[0].bias, slices[0].params);
      placeSlice(out, dims.cout, outLength, slices[0], local.data);
    } catch (e) {
      localError = e;
    }
    const results = await Promise.allSettled(remote);
    if (localError) throw localError;
    results.forEach((r, i) => {
      if (r.status === 'rejected') throw new ConvLabError(r.reason.message, { field: r.reason.field });
      placeSlice(out, dims.cout, outLength, slices[i + 1], r.value);
    });
    return { shape, data: out };
  }
}
