// The design functions' wire format (cpp/bindings/design_exports.cpp): numbers in and out through
// one static block of doubles, solutions as int32 5-tuples, messages as UTF-8 bytes. Slot numbers
// must match that file.
const RESULT = 16; // invertConv1d writes its results from this slot on
const INVERSE_FIELDS = [
  'outLength',
  'padLeft',
  'padRight',
  'minInLength',
  'maxInLength',
  'hasTranspose',
  'stride',
  'padding',
  'dilation',
  'outputPadding',
  'baseLength',
  'minRecoverable',
  'maxRecoverable',
];

const utf8 = new TextDecoder();

// which 0: the message (or invertConv1d's reason); 1: the field the error is about.
function designText(wasm, which = 0) {
  const at = wasm._convlab_design_text(which);
  return utf8.decode(wasm.HEAPU8.subarray(at, at + wasm._convlab_design_text_length(which)));
}

function writeBlock(wasm, numbers) {
  const at = wasm._convlab_design_block() >>> 3;
  wasm.HEAPF64.set(numbers, at); // a fresh view: memory growth detaches old ones
  return at;
}

/** Solutions as a flat Int32Array of (kernelSize, stride, padding, dilation, outputPadding), or {error}. */
export function callSolveShapes(wasm, numbers) {
  writeBlock(wasm, numbers);
  const count = wasm._convlab_solve_shapes();
  if (count < 0) return { error: designText(wasm), field: designText(wasm, 1) };
  const at = wasm._convlab_design_solutions() >>> 2;
  return { solutions: wasm.HEAP32.slice(at, at + count * 5) };
}

/** invertConv1d's numbers by name plus its text (the reason when there is no transpose), or {error}. */
export function callInvertConv1d(wasm, numbers) {
  const at = writeBlock(wasm, numbers);
  if (wasm._convlab_invert_conv1d() !== 0) return { error: designText(wasm), field: designText(wasm, 1) };
  const heap = wasm.HEAPF64;
  const out = { text: designText(wasm) };
  INVERSE_FIELDS.forEach((name, i) => (out[name] = heap[at + RESULT + i]));
  return out;
}
