// Large cases on several threads. The CaseEvaluator (model/evaluate.js) is synchronous: it
// parses, plans, checks the page's limits, computes with lab.run() and builds the model. For a
// case of at least THREADED_MACS multiply-adds the element runs it twice around an await:
//   1. evaluate() with the gate armed: lab.run() records its arguments instead of computing and
//      aborts the evaluation (everything before it — parsing, planning, limits — ran as usual);
//   2. the recorded call runs on the page's threaded lab (web/lib/threads: bit-identical to one
//      thread);
//   3. evaluate() again with the result handed to the gate: the evaluator reuses its parses and
//      plan, so lab.run() receives the very same objects and gets that result back.
// Smaller cases, and every case where workers are not allowed, compute synchronously as before.
// The pool starts with the first large case, which computes synchronously meanwhile: no edit
// waits for workers to start.
import { loadConvLab } from '../../lib/convlab.js';
import { THREAD_POOL } from './bundle-config.js';
import { readParams } from '../model/fields.js';

/**
 * Cases of at least this many multiply-adds compute on several threads (16,777,216, half the
 * page's limit). A threaded call costs about 0.45 ms more than its share of the work (the input
 * cloned to each worker, the output slices back, a worker waking up: bench/page-threads.mjs, in
 * Chromium, the minimum at 2^21.6), so with a free second core it pays off from about 1 ms of
 * work, ~2^23 multiply-adds at the kernels' ~10 G/s; 2^24 leaves a margin. (On the shared
 * 2-core machine it was measured on, load 4 to 18, no second core was free and the pool did
 * not beat one thread at any size the page allows: see the README.)
 */
export const THREADED_MACS = 1 << 24;

/** At most this many threads (the calling thread included), whatever the device has. */
export const MAX_PAGE_THREADS = 4;

const NO_POOL = THREAD_POOL ? null : 'workers unavailable: the single-file embed has no thread pool';

let shared = null; // one pool per page, shared by every element, started by the first large case
let settled = null; // what it resolved with, once it has

/** -> Promise<{lab: threaded lab | null, threads, reason: string | null}> (never rejects). */
function pageThreads() {
  shared ??= (async () => {
    const cores = globalThis.navigator?.hardwareConcurrency ?? 1;
    const wanted = Math.min(MAX_PAGE_THREADS, cores);
    if (wanted < 2)
      return { lab: null, threads: 1, reason: `this device reports ${cores} core${cores === 1 ? '' : 's'}` };
    try {
      const lab = await loadConvLab({ threads: wanted });
      if (lab.threads > 1) return { lab, threads: lab.threads, reason: null };
      const reason = lab.threadsFallback;
      lab.close();
      return { lab: null, threads: 1, reason };
    } catch (e) {
      return { lab: null, threads: 1, reason: `workers unavailable: ${e?.message ?? e}` };
    }
  })().then((page) => (settled = page));
  return shared;
}

// Thrown out of lab.run() to stop the first pass (the evaluator turns it into an ignored error).
const DEFERRED = Object.freeze({ message: 'deferred to the threads', field: null });

/**
 * The lab the evaluator computes with: the page's single-thread lab, except that run() can
 * defer a large call (armed) or return a result computed elsewhere for exactly its arguments.
 */
class ComputeGate {
  #lab;
  #armed = false;
  #deferred = null;
  #provided = null;
  facade;

  constructor(lab) {
    this.#lab = lab;
    const run = (plan, x, w, b = null) => this.#run(plan, x, w, b);
    this.facade = new Proxy(lab, {
      get(target, key) {
        if (key === 'run') return run;
        const value = Reflect.get(target, key);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }

  /** Runs fn with large calls deferred -> {value, deferred: {plan, x, w, b} | null}. */
  deferring(fn) {
    this.#armed = true;
    this.#deferred = null;
    try {
      return { value: fn(), deferred: this.#deferred };
    } finally {
      this.#armed = false;
      this.#deferred = null;
    }
  }

  /** Runs fn with `y` as the result of the call `job` (any other call computes here). */
  providing(job, y, fn) {
    this.#provided = { ...job, y };
    try {
      return fn();
    } finally {
      this.#provided = null;
    }
  }

  #run(plan, x, w, b) {
    const p = this.#provided;
    if (p && p.plan === plan && p.x === x && p.w === w && p.b === b) return p.y;
    if (this.#armed && plan.multiplyAdds >= THREADED_MACS) {
      this.#deferred = { plan, x, w, b };
      throw DEFERRED;
    }
    return this.#lab.run(plan, x, w, b);
  }
}

/**
 * The element's computations: evaluate(state) -> {result, threads} at once, or {pending} (a
 * promise of a finisher) for a large case when the page may use threads.
 */
export class CaseRunner {
  #gate;
  #evaluator;
  #queue = Promise.resolve(); // the threaded call in flight (settled: none)

  /** makeEvaluator(lab) -> a CaseEvaluator over that lab. */
  constructor(lab, makeEvaluator) {
    this.#gate = new ComputeGate(lab);
    this.#evaluator = makeEvaluator(this.#gate.facade);
  }

  get evaluator() {
    return this.#evaluator;
  }

  /** Why results are computed on one thread only (null while threads are allowed or untried). */
  get threadsFallback() {
    return NO_POOL ?? settled?.reason ?? null;
  }

  /**
   * -> {result, threads: 1} computed now, or {pending: Promise<finish | null>} where finish() ->
   * {result, threads} builds the model for the state; null (and no work done) when isCurrent()
   * turned false first. One threaded call runs at a time: a state superseded while it waits is
   * never computed. The first large case starts the pool and computes here.
   */
  evaluate(state, isCurrent) {
    if (this.threadsFallback !== null) return { result: this.#evaluator.evaluate(state), threads: 1 };
    const { value, deferred } = this.#gate.deferring(() => this.#evaluator.evaluate(state));
    if (!deferred) return { result: value, threads: 1 };
    if (!settled) {
      // The first large case: start the pool, compute this one here.
      pageThreads();
      return { result: this.#evaluator.evaluate(state), threads: 1 };
    }
    const turn = this.#queue.then(() => (isCurrent() ? this.#threaded(state, deferred) : null));
    this.#queue = turn.catch(() => null);
    return { pending: turn };
  }

  async #threaded(state, job) {
    const args = [job.x, job.w, job.b, readParams(state)];
    const op = state.op === 'conv1d' ? 'conv1d' : 'convTranspose1d';
    const threads = settled.lab.threadsFor(op, ...args);
    let y;
    try {
      y = await settled.lab[op](...args);
    } catch {
      // A worker failed (or the call did): compute here, where an error is reported as usual.
      return () => ({ result: this.#evaluator.evaluate(state), threads: 1 });
    }
    return () => ({ result: this.#gate.providing(job, y, () => this.#evaluator.evaluate(state)), threads });
  }
}

/** Resolves once the page's pool has started or failed to (tests and benchmarks wait on it). */
export function pageThreadsSettled() {
  return shared ?? Promise.resolve(null);
}
