// The worker side of the thread pool: its own (single-thread) ConvLab module; computes one slice
// per message. Runs as a node worker_threads module and as a browser module Web Worker.
import { loadConvLab } from '../convlab.js';

// A variable, not a literal: bundlers for the browser must not try to resolve it.
const NODE_WORKERS = 'node:worker_threads';

async function connect() {
  if (typeof process === 'object' && process.versions?.node) {
    const { parentPort } = await import(NODE_WORKERS);
    return { post: (m, t) => parentPort.postMessage(m, t), listen: (f) => parentPort.on('message', f) };
  }
  return { post: (m, t) => self.postMessage(m, t), listen: (f) => self.addEventListener('message', (e) => f(e.data)) };
}

const port = await connect();
try {
  const lab = await loadConvLab();
  port.listen(({ id, op, input, weight, bias, params, kernels }) => {
    try {
      if (kernels && kernels !== lab.kernels) lab.setKernels(kernels);
      const fn = op === 'conv1d' ? lab.conv1d : lab.convTranspose1d;
      const out = fn.call(lab, input, weight, bias, params);
      port.post({ id, data: out.data }, [out.data.buffer]);
    } catch (e) {
      port.post({ id, error: { message: String(e?.message ?? e), field: e?.field ?? null } });
    }
  });
  port.post({ ready: true });
} catch (e) {
  port.post({ ready: false, error: String(e?.message ?? e) });
}
