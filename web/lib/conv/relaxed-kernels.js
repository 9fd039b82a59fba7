// The relaxed-SIMD side module (cpp/src/simd/correlate_relaxed.cpp): the micro-kernels with
// f32x4.relaxed_madd, one fused multiply-add where the CPU has FMA. An engine without relaxed
// SIMD (node 20 without --experimental-wasm-relaxed-simd, Safari) cannot even validate it, so
// it is a second module, chosen here by WebAssembly.validate and instantiated on the main
// module's memory; the main module calls it through its convlab_relaxed_correlate import.
import RELAXED_WASM_BASE64 from '../wasm/convlab-relaxed.mjs';
import { ConvLabError } from '../errors.js';
import { kindOf } from './tensor-input.js';
import { decodeBase64 } from './wasm-module.js';

let compiled; // WebAssembly.Module, null where the engine rejects it; undefined: not tried yet

function relaxedModule() {
  if (compiled !== undefined) return compiled;
  compiled = null;
  // Empty in the single-file embed (scripts/bundle.mjs leaves the side module out).
  const bytes = RELAXED_WASM_BASE64 ? decodeBase64(RELAXED_WASM_BASE64) : null;
  if (bytes && typeof WebAssembly?.validate === 'function' && WebAssembly.validate(bytes))
    compiled = new WebAssembly.Module(bytes); // ~4 KB: sync is fine
  return compiled;
}

/**
 * Installs the side module into an Emscripten module of convlab-wasm.mjs where the engine has
 * relaxed SIMD; returns the module with `relaxedInstalled` true or false, the one record of
 * it (C++ knows only whether calls use it now).
 */
export function installRelaxedKernels(wasm) {
  wasm.relaxedInstalled = false;
  const module = typeof wasm.relaxedMemory === 'function' ? relaxedModule() : null;
  if (!module) return wasm;
  // Position-independent, no data, no table entries: it needs only memory and a stack.
  const instance = new WebAssembly.Instance(module, {
    env: {
      memory: wasm.relaxedMemory(),
      __stack_pointer: new WebAssembly.Global({ value: 'i32', mutable: true }, wasm._convlab_side_stack_top()),
      __memory_base: new WebAssembly.Global({ value: 'i32', mutable: false }, 0),
      __table_base: new WebAssembly.Global({ value: 'i32', mutable: false }, 0),
      __indirect_function_table: new WebAssembly.Table({ element: 'anyfunc', initial: 0 }),
    },
  });
  wasm.relaxedCorrelate = instance.exports.convlab_relaxed_correlate;
  wasm.relaxedInstalled = wasm._convlab_use_relaxed_kernels(1) === 1;
  return wasm;
}

/** The kernels large calls run on: 'relaxed-simd', 'simd' (WASM SIMD128) or 'scalar'. */
export function kernelsOf(wasm) {
  const name = wasm.kernelName();
  return name === 'sse4.1' ? 'simd' : name;
}

/** lab.setKernels: 'simd' anywhere, 'relaxed-simd' where installRelaxedKernels installed it. */
export function setKernels(wasm, kernels) {
  if (kernels === 'simd' || (kernels === 'relaxed-simd' && wasm.relaxedInstalled === true)) {
    if (wasm.relaxedInstalled !== undefined) wasm._convlab_use_relaxed_kernels(kernels === 'simd' ? 0 : 1);
    return;
  }
  const why =
    kernels === 'relaxed-simd'
      ? 'this engine has no relaxed SIMD (Chrome 114+, Firefox 146+; node with --experimental-wasm-relaxed-simd)'
      : `expected 'simd' or 'relaxed-simd', got ${kindOf(kernels)}`;
  throw new ConvLabError(`setKernels: ${why}.`, { field: 'kernels' });
}
