// The module that runs is the SIMD build: its code holds f32x4 arithmetic, the scalar twin's doesn't.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

function embeddedWasm(file) {
  const text = readFileSync(new URL(`../../web/lib/wasm/${file}`, import.meta.url), 'utf8');
  const match = text.match(/data:application\/octet-stream;base64,([A-Za-z0-9+/=]+)/);
  assert.ok(match, `${file} does not embed its wasm`);
  return Buffer.from(match[1], 'base64');
}

// The code section's bytes (id 10), so data segments cannot fake a match.
function codeSection(wasm) {
  let at = 8;
  while (at < wasm.length) {
    const id = wasm[at++];
    let size = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = wasm[at++];
      size |= (byte & 0x7f) << shift;
      if (!(byte & 0x80)) break;
    }
    if (id === 10) return wasm.subarray(at, at + size);
    at += size;
  }
  return Buffer.alloc(0);
}

// SIMD opcodes are 0xfd + LEB128: f32x4.add = 228 (e4 01), f32x4.mul = 230 (e6 01).
function count(code, bytes) {
  let n = 0;
  for (let i = code.indexOf(Buffer.from(bytes)); i >= 0; i = code.indexOf(Buffer.from(bytes), i + 1)) n += 1;
  return n;
}

test('the ES module and the classic script run f32x4 kernels', () => {
  for (const file of ['convlab-wasm.mjs', 'convlab-wasm-classic.js']) {
    const code = codeSection(embeddedWasm(file));
    assert.ok(count(code, [0xfd, 0xe6, 0x01]) >= 4, `${file}: too few f32x4.mul`);
    assert.ok(count(code, [0xfd, 0xe4, 0x01]) >= 4, `${file}: too few f32x4.add`);
  }
});

test('the no-SIMD build has no f32x4 arithmetic (so the check above can fail)', () => {
  const code = codeSection(embeddedWasm('convlab-wasm-scalar.mjs'));
  assert.equal(count(code, [0xfd, 0xe6, 0x01]), 0);
});
