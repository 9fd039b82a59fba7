// A fixed set of workers (node: worker_threads; browsers: module Web Workers), each holding its
// own ConvLab module. Creating one never throws: where workers are not allowed (file:// pages,
// a CSP without worker-src, no Worker at all) it resolves with no workers and says why.

import { workerUrl } from './worker-url.js';

const READY_TIMEOUT_MS = 20000;
// A variable, not a literal: bundlers for the browser must not try to resolve it.
const NODE_WORKERS = 'node:worker_threads';

/** @returns {Promise<{pool: WorkerPool|null, reason: string|null}>} */
export async function createWorkerPool(count) {
  let spawn;
  try {
    spawn = await workerFactory();
  } catch (e) {
    return { pool: null, reason: `workers unavailable: ${e?.message ?? e}` };
  }
  const workers = [];
  try {
    for (let i = 0; i < count; i++) workers.push(spawn());
    await Promise.all(workers.map((w) => w.ready));
  } catch (e) {
    for (const w of workers) w.terminate();
    return { pool: null, reason: `workers unavailable: ${e?.message ?? e}` };
  }
  return { pool: new WorkerPool(workers), reason: null };
}

async function workerFactory() {
  // Inside a classic-script bundle import.meta.url is empty and this throws: no workers there.
  const WORKER_URL = workerUrl();
  if (typeof process === 'object' && process.versions?.node) {
    const { Worker } = await import(NODE_WORKERS);
    return () => wrap(new Worker(WORKER_URL), true);
  }
  if (typeof Worker !== 'function') throw new Error('this environment has no Worker');
  if (typeof location === 'object' && location.protocol === 'file:') {
    throw new Error('pages opened from file:// cannot start module workers');
  }
  return () => wrap(new Worker(WORKER_URL, { type: 'module' }), false);
}

/** One worker behind a uniform interface; node workers hold the process open only while busy. */
function wrap(worker, isNode) {
  const pending = new Map();
  let nextId = 1;
  let settleReady;
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('a worker did not start in time')), READY_TIMEOUT_MS);
    settleReady = (ok, why) => {
      clearTimeout(timer);
      if (ok) resolve();
      else reject(new Error(why));
    };
  });
  const onMessage = (m) => {
    if ('ready' in m) {
      settleReady(m.ready, m.error);
      return;
    }
    const entry = pending.get(m.id);
    if (!entry) return;
    pending.delete(m.id);
    if (isNode && pending.size === 0) worker.unref();
    if (m.error) entry.reject(m.error);
    else entry.resolve(m.data);
  };
  const onError = (e) => {
    const why = e?.message ?? String(e);
    settleReady(false, why);
    for (const entry of pending.values()) entry.reject({ message: `worker failed: ${why}`, field: null });
    pending.clear();
  };
  if (isNode) {
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.unref();
  } else {
    worker.addEventListener('message', (e) => onMessage(e.data));
    worker.addEventListener('error', (e) => {
      e.preventDefault?.();
      onError(e);
    });
  }
  return {
    ready,
    run(message, transfer) {
      const id = nextId++;
      if (isNode && pending.size === 0) worker.ref();
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ ...message, id }, transfer);
      });
    },
    terminate: () => worker.terminate(),
  };
}

export class WorkerPool {
  #workers;

  constructor(workers) {
    this.#workers = workers;
  }

  get size() {
    return this.#workers.length;
  }

  /** Runs one slice on worker `index`; resolves with its output data or rejects with {message, field}. */
  run(index, message, transfer = []) {
    return this.#workers[index].run(message, transfer);
  }

  terminate() {
    for (const w of this.#workers) w.terminate();
    this.#workers = [];
  }
}
