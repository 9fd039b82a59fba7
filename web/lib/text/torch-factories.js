// Deterministic float32 factories with PyTorch 1.13.1 CPU rounding: arange, linspace.
//
// Torch fills these with cpu_serial_kernel_vec: 16 elements at a time through
// Vectorized<float>::arange(base, step) (lane k = base + k*step), the tail one element
// at a time. The two paths round differently, so we follow the same split.
// (Exact for up to 32768 elements, where torch uses a single thread: beyond that the
// block boundaries depend on its thread count.)

import { fmaf } from './torch-random.js';

const f32 = Math.fround;
const LANES = 8;
const BLOCK = 2 * LANES; // the vectorized loop handles two vectors per step

/**
 * torch.arange(start, end, step) values for a float32 result (RangeFactoriesKernel.cpp):
 * the accumulator type is double, so the scalar path is f32(start + step*i) and a
 * vector lane is f32(f32(start + step*base) + k*step).
 */
export function arangeFloat32(start, step, n) {
  const out = new Float32Array(n);
  const vectorEnd = n - (n % BLOCK);
  for (let i = 0; i < vectorEnd; i += LANES) {
    const base = f32(start + step * i);
    for (let k = 0; k < LANES; k++) out[i + k] = f32(base + k * step);
  }
  for (let i = vectorEnd; i < n; i++) out[i] = f32(start + step * i);
  return out;
}

/** The length torch.arange gives: ceil((end - start) / step), computed in double. */
export function arangeLength(start, end, step) {
  return Math.ceil((end - start) / step);
}

/**
 * torch.linspace(start, end, steps) as float32 (RangeFactoriesKernel.cpp): step is
 * computed in float; the first half counts up from start, the second half down from
 * end, so both endpoints are exact. In the build torch ships, GCC fuses the scalar
 * `start + step*idx` into an FMA but not the vector lanes (checked against torch).
 */
export function linspaceFloat32(startIn, endIn, steps) {
  const out = new Float32Array(steps);
  if (steps === 0) return out;
  const start = f32(startIn);
  const end = f32(endIn);
  if (steps === 1) {
    out[0] = start;
    return out;
  }
  const step = f32(f32(end - start) / (steps - 1));
  const halfway = Math.floor(steps / 2);
  const at = (idx) => (idx < halfway ? fmaf(step, idx, start) : fmaf(-step, steps - idx - 1, end));
  const vectorEnd = steps - (steps % BLOCK);
  for (let i = 0; i < vectorEnd; i += LANES) {
    const base = at(i);
    for (let k = 0; k < LANES; k++) out[i + k] = f32(base + f32(k * step)); // lanes are not fused
  }
  for (let i = vectorEnd; i < steps; i++) out[i] = at(i);
  return out;
}
