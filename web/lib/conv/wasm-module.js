// Creates the Emscripten module (cpp/bindings) from the bytes its SINGLE_FILE build carries,
// and decodes base64 for it and for the relaxed-SIMD side module (relaxed-kernels.js).
import createWasmModule from '../wasm/convlab-wasm.mjs';

/** Bytes of a base64 text (atob gives one char per byte), or null where there is no atob. */
export function decodeBase64(text) {
  if (typeof atob !== 'function') return null;
  const chars = atob(text);
  const bytes = new Uint8Array(chars.length);
  for (let i = 0; i < chars.length; i++) bytes[i] = chars.charCodeAt(i);
  return bytes;
}

/**
 * The wasm bytes Emscripten's SINGLE_FILE module carries as base64, read from the factory's
 * own source text (null where there are none: the bundle brings its own loader). Left to
 * itself the module fetch()es that data: URL, which a Content-Security-Policy without
 * connect-src data: blocks and reports (it then falls back to decoding it).
 */
function embeddedWasm(factory) {
  const found = /data:application\/octet-stream;base64,([A-Za-z0-9+/=]+)/.exec(
    Function.prototype.toString.call(factory),
  );
  return found ? decodeBase64(found[1]) : null;
}

/** Creates the Emscripten module, handing it the wasm through its instantiateWasm hook. */
export function createModule() {
  const bytes = embeddedWasm(createWasmModule);
  if (!bytes) return createWasmModule();
  return new Promise((resolve, reject) => {
    createWasmModule({
      instantiateWasm(imports, receive) {
        WebAssembly.instantiate(bytes, imports)
          .then((result) => receive(result.instance, result.module))
          .catch(reject);
        return {};
      },
    }).then(resolve, reject);
  });
}
