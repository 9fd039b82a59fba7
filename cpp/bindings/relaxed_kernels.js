// Emscripten JS library: the import through which the WASM module calls the relaxed-SIMD side
// module (cpp/src/simd/relaxed_door.cpp -> correlate_relaxed.cpp). The JS loader
// (web/lib/conv/relaxed-kernels.js) instantiates the side module on this module's memory,
// which relaxedMemory hands out, and sets relaxedCorrelate to its export.
/* global mergeInto, LibraryManager, Module -- Emscripten's library scope (not an ES module) */
mergeInto(LibraryManager.library, {
  convlab_relaxed_correlate__postset: "Module['relaxedMemory'] = function () { return wasmMemory; };",
  convlab_relaxed_correlate: function (call) {
    Module['relaxedCorrelate'](call);
  },
});
