// Writes a call into the wasm module's call block (cpp/include/convlab/call_block.hpp) and
// reads the planned output back. The slot numbers come from the module itself
// (the SLOT_<name> constants cpp/bindings/embind.cpp exports), never copied here.
import { FIELDS } from './params.js';

export class CallBlock {
  #views;
  #address;

  #slot;
  #fieldSlots; // the slot of each params.js FIELDS entry
  #maxRank;

  /** `views`: hot-exports.js HotExports (its f64 view). */
  constructor(wasm, views) {
    this.#views = views;
    this.#address = wasm._convlab_block_address() >>> 3;
    this.#slot = slotsOf(wasm);
    this.#fieldSlots = FIELDS.map((name) => this.#slot[name]);
    this.#maxRank = wasm.maxRank;
  }

  // A live view every time: memory growth detaches old ones.
  get #heap() {
    return this.#views.f64;
  }

  /** `fields`: normalizeParams' values, in params.js FIELDS order. */
  write(opCode, inputShape, weightShape, biasShape, fields) {
    const heap = this.#heap;
    const at = this.#address;
    heap[at + this.#slot.op] = opCode;
    this.#writeShape(heap, at + this.#slot.inputRank, inputShape);
    this.#writeShape(heap, at + this.#slot.weightRank, weightShape);
    if (biasShape) this.#writeShape(heap, at + this.#slot.biasRank, biasShape);
    else heap[at + this.#slot.biasRank] = -1;
    const slots = this.#fieldSlots;
    for (let i = 0; i < slots.length; ++i) heap[at + slots[i]] = fields[i];
  }

  outputShape() {
    const heap = this.#heap;
    const at = this.#address;
    const rank = heap[at + this.#slot.outRank];
    const shape = new Array(rank);
    for (let i = 0; i < rank; ++i) shape[i] = heap[at + this.#slot.outDims + i];
    return shape;
  }

  /** Elements of the planned output. */
  outputCount() {
    return this.#heap[this.#address + this.#slot.outputCount];
  }

  #writeShape(heap, rankAt, shape) {
    if (shape.length > this.#maxRank) {
      // Reported by C++ with the rest of the shape rules; only the rank travels.
      heap[rankAt] = this.#maxRank + 1;
      return;
    }
    heap[rankAt] = shape.length;
    for (let i = 0; i < shape.length; ++i) {
      const d = shape[i];
      heap[rankAt + 1 + i] = typeof d === 'number' ? d : Number.NaN;
    }
  }
}

const SLOT_NAMES = ['op', 'inputRank', 'weightRank', 'biasRank', ...FIELDS, 'outRank', 'outDims', 'outputCount'];

function slotsOf(wasm) {
  const slots = {};
  for (const name of SLOT_NAMES) slots[name] = wasm[`SLOT_${name}`];
  return slots;
}
