// Entry of the classic-script embed (web/dist/conv-playground.js): everything stays inside the
// bundle's closure except one namespaced global, `ConvLab`, which a second copy of the script
// leaves alone (the first copy's element and WASM module stay the ones in use).
import * as api from './embed.js';

if (!globalThis.ConvLab) {
  Object.defineProperty(globalThis, 'ConvLab', {
    value: Object.freeze({ ...api }),
    configurable: true,
    writable: true,
  });
}
