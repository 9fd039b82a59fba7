// Runs a snippet against a fresh ConvLab in a child process, so a case that could break the
// shared wasm instance (heap corruption, an abort) cannot take the other tests with it.
import { execFileSync } from 'node:child_process';

const api = new URL('../../web/lib/convlab.js', import.meta.url).href;

/**
 * `body` is an async function body with `lab`, `ConvLabError` and `ones(...shape)` in scope;
 * whatever it returns comes back JSON-decoded. A crash comes back as {crashed: stderr}.
 */
export function isolated(body) {
  const source = `
    import { loadConvLab, ConvLabError } from ${JSON.stringify(api)};
    const lab = await loadConvLab();
    const ones = (...shape) => ({ shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(1) });
    const outcome = (f) => { try { const r = f(); return { ok: Array.from(r.data ?? r) }; }
      catch (e) { return { error: e instanceof ConvLabError ? 'ConvLabError' : String(e?.name), message: String(e?.message) }; } };
    const result = await (async () => { ${body} })();
    process.stdout.write(JSON.stringify(result));
  `;
  try {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', source], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return JSON.parse(out);
  } catch (e) {
    return { crashed: String(e.stderr || e.message).slice(0, 2000) };
  }
}
