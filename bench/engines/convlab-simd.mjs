// ConvLab, the WASM SIMD128 build, through its public JS API (PyTorch layouts, no conversion).
import { runConvLabEngine } from '../engine-harness.mjs';

runConvLabEngine({ name: 'convlab-simd' });
