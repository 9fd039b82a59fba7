// The convolution API's entry (what `import ... from 'convlab'` and the page load): the
// implementation lives in conv/ (lab.js: the ConvLab class over the wasm module).
export { loadConvLab, wrapWasmModule, ConvLabError } from './conv/lab.js';
