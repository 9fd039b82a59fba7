// The exports and heap views every conv call touches, held in a small object of their own.
// Emscripten's module object carries about 90 properties, so V8 keeps it as a hash dictionary
// and every `wasm._convlab_run` or `wasm.HEAPF32` is a lookup by name: about 80 ns of a tiny
// call's 0.93 µs (measured, node 20).
export class HotExports {
  plan;
  reserve;
  tensorBuffer;
  run;
  #wasm;
  #f32;
  #f64;
  #raw = false;

  constructor(wasm) {
    this.#wasm = wasm;
    this.#f32 = wasm.HEAPF32;
    this.#f64 = wasm.HEAPF64;
    this.#fetch();
  }

  /** wasm memory as float32, taken again once memory growth has detached it (length 0). */
  get f32() {
    if (this.#f32.length === 0) this.#f32 = this.#wasm.HEAPF32;
    return this.#f32;
  }

  /** wasm memory as float64 (the call block), taken again after growth like f32. */
  get f64() {
    if (this.#f64.length === 0) this.#f64 = this.#wasm.HEAPF64;
    return this.#f64;
  }

  /**
   * Called once a call has gone through every export: Emscripten's wrapper of an export puts
   * the raw export in its place on its first call, so fetching them again skips the wrapper.
   */
  settle() {
    if (this.#raw) return;
    this.#fetch();
    this.#raw = true;
  }

  #fetch() {
    const wasm = this.#wasm;
    this.plan = wasm._convlab_plan;
    this.reserve = wasm._convlab_reserve;
    this.tensorBuffer = wasm._convlab_tensor_buffer;
    this.run = wasm._convlab_run;
  }
}
