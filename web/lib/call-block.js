// Writes a call into the wasm module's call block (cpp/include/convlab/call_block.hpp) and
// reads the planned output back. Slot numbers must match that header.
const MAX_RANK = 8;
const SLOT = {
  op: 0,
  inputRank: 1,
  inputDims: 2,
  weightRank: 10,
  weightDims: 11,
  biasRank: 19,
  biasDims: 20,
  stride: 28,
  paddingKind: 29,
  padding: 30,
  dilation: 31,
  groups: 32,
  paddingMode: 33,
  outputPadding: 34,
  outRank: 35,
  outDims: 36,
  inputCount: 39,
  weightCount: 40,
  biasCount: 41,
  outputCount: 42,
};

export class CallBlock {
  #wasm;
  #address;

  constructor(wasm) {
    this.#wasm = wasm;
    this.#address = wasm._convlab_block_address() >>> 3;
  }

  // A fresh view every time: memory growth detaches old ones.
  get #slots() {
    return this.#wasm.HEAPF64;
  }

  write(opCode, inputShape, weightShape, biasShape, params) {
    const heap = this.#slots;
    const at = this.#address;
    heap[at + SLOT.op] = opCode;
    writeShape(heap, at + SLOT.inputRank, inputShape);
    writeShape(heap, at + SLOT.weightRank, weightShape);
    if (biasShape) writeShape(heap, at + SLOT.biasRank, biasShape);
    else heap[at + SLOT.biasRank] = -1;
    heap[at + SLOT.stride] = params.stride;
    heap[at + SLOT.paddingKind] = params.paddingKind;
    heap[at + SLOT.padding] = params.padding;
    heap[at + SLOT.dilation] = params.dilation;
    heap[at + SLOT.groups] = params.groups;
    heap[at + SLOT.paddingMode] = params.paddingMode;
    heap[at + SLOT.outputPadding] = params.outputPadding;
  }

  outputShape() {
    const heap = this.#slots;
    const at = this.#address;
    const rank = heap[at + SLOT.outRank];
    const shape = new Array(rank);
    for (let i = 0; i < rank; ++i) shape[i] = heap[at + SLOT.outDims + i];
    return shape;
  }

  counts() {
    const heap = this.#slots;
    const at = this.#address;
    return {
      input: heap[at + SLOT.inputCount],
      weight: heap[at + SLOT.weightCount],
      bias: heap[at + SLOT.biasCount],
      output: heap[at + SLOT.outputCount],
    };
  }
}

function writeShape(heap, rankAt, shape) {
  if (shape.length > MAX_RANK) {
    // Reported by C++ with the rest of the shape rules; only the rank travels.
    heap[rankAt] = MAX_RANK + 1;
    return;
  }
  heap[rankAt] = shape.length;
  for (let i = 0; i < shape.length; ++i) {
    const d = shape[i];
    heap[rankAt + 1 + i] = typeof d === 'number' ? d : Number.NaN;
  }
}
