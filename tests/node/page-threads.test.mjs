// The playground's threaded path (web/app/element/threaded-compute.js) over node's worker_threads:
// a large case is deferred, computed on the pool and its model built from that result — every
// output bit equal to the one-thread evaluation; small cases compute at once on one thread; a
// state that stopped being current is never computed; errors are the evaluator's as before.
import { test } from 'node:test';
import assert from 'node:assert/strict';

// node 20 has no navigator: the page's thread count comes from navigator.hardwareConcurrency.
if (!globalThis.navigator) globalThis.navigator = { hardwareConcurrency: 2 };

const { loadConvLab } = await import('../../web/lib/convlab.js');
const { CaseEvaluator } = await import('../../web/app/model/evaluate.js');
const { completeState } = await import('../../web/app/model/state.js');
const { CaseRunner, THREADED_MACS, pageThreadsSettled } = await import('../../web/app/element/threaded-compute.js');

const lab = await loadConvLab();
const seeded = (shape, seed) => `torch.randn(${shape}, generator=torch.Generator().manual_seed(${seed}))`;
const bits = (t) => Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength);
const newRunner = () => new CaseRunner(lab, (facade) => new CaseEvaluator(facade));
const oneThread = (state) => new CaseEvaluator(lab).evaluate(state);

const LARGE = [
  [
    'conv1d, bias, channels split',
    {
      op: 'conv1d',
      input: seeded('1, 32, 4096', 1),
      weight: seeded('64, 32, 3', 2),
      biasOn: true,
      bias: seeded('64', 3),
      padding: '1',
    },
  ],
  [
    'conv1d, batch split',
    { op: 'conv1d', input: seeded('4, 16, 4096', 4), weight: seeded('32, 16, 5', 5), stride: '2' },
  ],
  [
    'conv1d depthwise',
    { op: 'conv1d', input: seeded('1, 128, 2048', 6), weight: seeded('128, 1, 65', 7), groups: '128', padding: 'same' },
  ],
  [
    'conv_transpose1d',
    {
      op: 'conv_transpose1d',
      input: seeded('1, 64, 512', 8),
      weight: seeded('64, 32, 16', 9),
      stride: '8',
      padding: '4',
    },
  ],
];

test('the first large case computes here and starts the pool; the next ones go to the threads', async () => {
  const state = completeState(LARGE[0][1]);
  const runner = newRunner();
  const first = runner.evaluate(state, () => true);
  assert.equal(first.threads, 1);
  assert.equal(first.result.model.printed, oneThread(state).model.printed);
  assert.equal(runner.threadsFallback, null);
  const page = await pageThreadsSettled();
  assert.equal(page.threads, 2);
  assert.ok(runner.evaluate(state, () => true).pending);
});

for (const [name, partial] of LARGE) {
  test(`a large case computes on several threads, bit-identical to one thread: ${name}`, async () => {
    const state = completeState(partial);
    const want = oneThread(state);
    assert.ok(want.ok, want.error?.message);
    assert.ok(want.model.geometry.multiplyAdds >= THREADED_MACS);
    const run = newRunner().evaluate(state, () => true);
    assert.ok(run.pending, 'deferred to the threads');
    const finish = await run.pending;
    const { result, threads } = finish();
    assert.equal(threads, 2);
    assert.ok(result.ok, result.error?.message);
    assert.deepEqual(result.model.y.shape, want.model.y.shape);
    assert.ok(bits(result.model.y).equals(bits(want.model.y)), 'every output bit equals one thread');
    assert.equal(result.model.printed, want.model.printed);
  });
}

test('small cases compute at once, on one thread; the threshold is the multiply-adds', async () => {
  const runner = newRunner();
  const small = completeState({ op: 'conv1d', input: 'torch.ones(1, 1, 7)', weight: 'torch.ones(1, 1, 3)' });
  const run = runner.evaluate(small, () => true);
  assert.equal(run.threads, 1);
  assert.equal(run.result.model.printed, 'tensor([[[3., 3., 3., 3., 3.]]])');
  // 64 x 64 x 1 tap x 4095 outputs: 4,096 multiply-adds short of the threshold; 4096 outputs reach it.
  const at = (length) =>
    completeState({ op: 'conv1d', input: seeded(`1, 64, ${length}`, 1), weight: seeded('64, 64, 1', 2) });
  assert.equal(oneThread(at(4095)).model.geometry.multiplyAdds, THREADED_MACS - 64 * 64);
  assert.equal(runner.evaluate(at(4095), () => true).threads, 1);
  const reached = runner.evaluate(at(4096), () => true);
  assert.equal((await reached.pending)().threads, 2);
  assert.equal(runner.threadsFallback, null);
});

test('a state no longer current is not computed; the next one is', async () => {
  const runner = newRunner();
  const a = completeState(LARGE[0][1]);
  const b = completeState({ ...LARGE[0][1], input: seeded('1, 32, 4096', 11) });
  let current = 'a';
  const first = runner.evaluate(a, () => current === 'a');
  current = 'b';
  const second = runner.evaluate(b, () => current === 'b');
  assert.equal(await first.pending, null, 'superseded before it ran: no work, no finisher');
  const { result } = (await second.pending)();
  assert.ok(bits(result.model.y).equals(bits(oneThread(b).model.y)));
});

test('errors are the evaluator’s, at once, for large cases too', () => {
  const runner = newRunner();
  const bad = completeState({ ...LARGE[0][1], weight: seeded('64, 31, 3', 2) });
  const run = runner.evaluate(bad, () => true);
  assert.equal(run.pending, undefined);
  assert.equal(run.result.ok, false);
  assert.deepEqual(run.result.error, oneThread(bad).error);
});
