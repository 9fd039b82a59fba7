// Engines whose node needs a V8 flag: node 20 runs relaxed SIMD only with this one (Chrome 114+
// and Firefox 146+ have it by default). children.mjs starts those engines (and the relaxed peak)
// with it; the report names it.
export const NODE_FLAGS = Object.freeze({ 'convlab-relaxed': Object.freeze(['--experimental-wasm-relaxed-simd']) });
