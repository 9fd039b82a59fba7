// The kernels a browser computes on: the relaxed-SIMD side module exactly where this engine
// validates it (Chromium and Firefox do, WebKitGTK does not), SIMD128 otherwise, and both
// equal to a float64 reference up to float rounding, in the engine itself.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINE, start } from './harness.mjs';

const env = await start();
after(() => env.close());

test(`the lab runs relaxed SIMD exactly where the engine validates it, and both kernel sets agree [${ENGINE}]`, async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${env.url}embed.html`);
  const report = await page.evaluate(async () => {
    const { loadConvLab } = await import('/lib/convlab.js');
    const { default: base64 } = await import('/lib/wasm/convlab-relaxed.mjs');
    const lab = await loadConvLab();
    const validates = WebAssembly.validate(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
    const kernels = lab.kernels;
    // Conv1d, batch 1, zeros padding, float64 sums: the reference both kernel sets must match.
    const reference = (x, w, cin, cout, k, len, stride, pad, groups) => {
      const outLen = Math.floor((len + 2 * pad - k) / stride) + 1;
      const out = new Float64Array(cout * outLen);
      const cig = cin / groups;
      for (let co = 0; co < cout; co++)
        for (let o = 0; o < outLen; o++) {
          let sum = 0;
          const g = Math.floor(co / (cout / groups));
          for (let c = 0; c < cig; c++)
            for (let t = 0; t < k; t++) {
              const j = o * stride + t - pad;
              if (j >= 0 && j < len) sum += w[(co * cig + c) * k + t] * x[(g * cig + c) * len + j];
            }
          out[co * outLen + o] = sum;
        }
      return out;
    };
    let seed = 7;
    const values = (n) =>
      Float32Array.from({ length: n }, () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 31 - 1);
    const worst = {};
    lab.setTinyLimit(0);
    for (const [cin, cout, k, len, stride, pad, groups] of [
      [16, 13, 3, 257, 1, 1, 1],
      [8, 12, 8, 300, 4, 2, 1],
      [24, 24, 31, 200, 1, 15, 24],
    ]) {
      const x = values(cin * len);
      const w = values((cout * cin * k) / groups);
      const want = reference(x, w, cin, cout, k, len, stride, pad, groups);
      for (const set of validates ? ['relaxed-simd', 'simd'] : ['simd']) {
        lab.setKernels(set);
        const got = lab.conv1d({ shape: [1, cin, len], data: x }, { shape: [cout, cin / groups, k], data: w }, null, {
          stride,
          padding: pad,
          groups,
        }).data;
        for (let i = 0; i < want.length; i++) worst[set] = Math.max(worst[set] ?? 0, Math.abs(got[i] - want[i]));
      }
    }
    lab.setTinyLimit(256);
    lab.setKernels(kernels);
    return { validates, kernels, worst, buildInfo: lab.buildInfo };
  });
  await context.close();
  assert.equal(report.kernels, report.validates ? 'relaxed-simd' : 'simd', JSON.stringify(report));
  if (ENGINE !== 'webkit') assert.ok(report.validates, `${ENGINE} is expected to have relaxed SIMD`);
  for (const [set, d] of Object.entries(report.worst)) assert.ok(d <= 1e-5, `${set}: max abs diff ${d}`);
});
