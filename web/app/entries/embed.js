// The embed's entry (scripts/bundle.mjs bundles it into web/dist/conv-playground.js, one classic
// script, and web/dist/conv-playground.mjs, an ES module): defines <conv-playground> (once,
// however often a page loads the script) and re-exports the JS API, which the element uses too,
// so a page needs no second copy of the WASM module.
export { ConvPlayground } from '../element/conv-playground.js';
export { loadConvLab, ConvLabError } from '../../lib/convlab.js';
export { parseTensor, formatTensor, TensorParseError } from '../../lib/tensor-text.js';
