// Loads the PyTorch golden files (tests/golden/FORMAT.md) for the node tests.
import { readFileSync } from 'node:fs';

const dir = new URL('../golden/', import.meta.url);

const NON_FINITE = { nan: Number.NaN, inf: Infinity, '-inf': -Infinity };

export function tensor(json) {
  if (!json) return null;
  return { shape: json.shape, data: Float32Array.from(json.data, (v) => (typeof v === 'string' ? NON_FINITE[v] : v)) };
}

export function loadCases(file) {
  return JSON.parse(readFileSync(new URL(file, dir), 'utf8')).cases;
}

/** Runs a golden case through the API, PyTorch's parameter names as they are in the file. */
export function runCase(lab, c) {
  const call = c.op === 'conv1d' ? lab.conv1d.bind(lab) : lab.convTranspose1d.bind(lab);
  const params = { ...c.params };
  if (c.op === 'conv1d') delete params.output_padding;
  return call(tensor(c.input), tensor(c.weight), tensor(c.bias), params);
}

/** Max |a - b| allowed: float32 rounding of sums as large as the inputs allow. */
export function tolerance(c) {
  const max = (t) => (t ? t.data.reduce((m, v) => (Number.isFinite(v) ? Math.max(m, Math.abs(v)) : m), 0) : 0);
  const bound = max(c.input) * max(c.weight) * c.weight.data.length + max(c.bias) + max(c.expected);
  return 2e-6 * Math.max(1, bound);
}

export function assertClose(assert, got, want, tol, label) {
  assert.deepEqual(got.shape, want.shape, `${label}: shape`);
  for (let i = 0; i < want.data.length; ++i) {
    const a = got.data[i];
    const b = want.data[i];
    if (Number.isNaN(b)) {
      assert.ok(Number.isNaN(a), `${label}: element ${i} should be NaN, got ${a}`);
    } else if (a !== b && !(Math.abs(a - b) <= tol)) {
      assert.fail(`${label}: element ${i}: got ${a}, want ${b} (tol ${tol})`);
    }
  }
}
