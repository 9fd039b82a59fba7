// The page under attack (issue 6, item 7), in each engine (ENGINE): rapid edits (keystrokes with no
// delay, many input events in one task, across microtasks and tasks, preset clicks between
// keystrokes, edits before the WASM has loaded): the output shown always belongs to the state shown.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { ENGINE, waitReady } from './harness.mjs';
import { underAttack } from './hostile/setup.mjs';
import { apiOutput, view } from './hostile/page-probe.mjs';
import { BASE, hashOf } from './hostile/payloads.mjs';

const NOTEBOOK = JSON.parse(await readFile(new URL('../golden/notebook.json', import.meta.url), 'utf8'));
const MAX_FIELD_CHARS = 32768; // web/app/model/state.js

describe(`the page under attack: rapid edits [${ENGINE}]`, () => {
  const { open } = underAttack();

  /** The state the controls show, and the output: they must agree with the API. */
  async function assertConsistent(page, where) {
    const v = await view(page);
    for (const [k, val] of Object.entries(v.fields)) {
      if (typeof v.state[k] === 'string' && v.state[k].length > MAX_FIELD_CHARS) {
        // Too long to show: the field is empty and says why.
        assert.equal(val, '', `${where}: ${k} shows over-long text`);
        assert.match(v.placeholders[k], /characters, over the limit/, `${where}: ${k} placeholder`);
      } else assert.equal(v.state[k], val, `${where}: state.${k} differs from the field`);
    }
    if (v.error) {
      assert.equal(v.stale, true, `${where}: an error with a result not marked stale`);
      return v;
    }
    assert.equal(v.stale, false, `${where}: a valid state with a result marked stale`);
    assert.equal(v.output, await apiOutput(page, v.state), `${where}: the output belongs to another state`);
    return v;
  }

  test('rapid edits: fast keystrokes never leave an older result on screen', async () => {
    const { page, context, problems } = await open(hashOf(BASE));
    const field = (name) => page.locator(`conv-playground [data-testid="${name}"]`);
    const sequences = [
      ['input', 'torch.arange(12.).reshape(1, 1, 12)'],
      ['weight', 'torch.tensor([[[1., -2., 3.]]])'],
      ['stride', '3'],
      ['padding', '1'],
      ['output_padding', '2'],
      ['dilation', '2'],
      ['input', 'torch.randn(1, 1, 9, generator=torch.Generator().manual_seed(7))'],
      ['stride', '12'],
    ];
    for (const [name, text] of sequences) {
      await field(name).fill('');
      await field(name).pressSequentially(text, { delay: 0 });
      // At once, before any timer: the output is the final state's.
      const v = await assertConsistent(page, `typed ${name}=${text}`);
      assert.equal(v.fields[name], text);
      // And after the hash write.
      await page.waitForTimeout(250);
      await assertConsistent(page, `typed ${name}=${text}, later`);
    }
    // Backspacing quickly through a value (through invalid states) and retyping.
    await field('stride').focus();
    for (let i = 0; i < 4; i++) await page.keyboard.press('Backspace', { delay: 0 });
    await page.keyboard.type('5', { delay: 0 });
    const v = await assertConsistent(page, 'backspaces + retype');
    assert.equal(v.fields.stride, '5');
    // ArrowUp held down: many steps in a row.
    for (let i = 0; i < 20; i++) await page.keyboard.press('ArrowUp', { delay: 0 });
    assert.equal((await assertConsistent(page, 'ArrowUp x 20')).fields.stride, '25');
    assert.deepEqual(await problems(), []);
    await context.close();
  });

  test('rapid edits: many input events in one task, across microtasks and across tasks', async () => {
    const { page, context, problems } = await open(hashOf(BASE));
    const values = [
      'torch.ones(1, 1, 3)',
      'torch.ones(1, 1,',
      'torch.arange(5.).reshape(1, 1, 5)',
      'x',
      'torch.tensor([[[2., 0.5, -1., 4.]]])',
    ];
    for (const mode of ['one task', 'microtasks', 'tasks', 'animation frames']) {
      for (const order of [values, [...values].reverse()]) {
        const result = await page.evaluate(
          async ([mode, order]) => {
            const root = document.querySelector('conv-playground').shadowRoot;
            const input = root.querySelector('[data-testid=input]');
            const stride = root.querySelector('[data-testid=stride]');
            const fire = (el, value) => {
              el.value = value;
              el.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText' }));
            };
            const wait = {
              'one task': () => undefined,
              microtasks: () => Promise.resolve(),
              tasks: () => new Promise((r) => setTimeout(r, 0)),
              'animation frames': () => new Promise((r) => requestAnimationFrame(r)),
            }[mode];
            const outputs = [];
            for (const [i, value] of order.entries()) {
              fire(input, value);
              fire(stride, String(1 + (i % 3)));
              const w = wait();
              if (w) await w;
              outputs.push(root.querySelector('[data-testid=output-tensor]').textContent);
            }
            return outputs;
          },
          [mode, order],
        );
        assert.equal(result.length, order.length);
        const v = await assertConsistent(page, `${mode}, last input ${order.at(-1)}`);
        assert.equal(v.fields.input, order.at(-1));
        assert.equal(v.fields.stride, String(1 + ((order.length - 1) % 3)));
      }
    }
    assert.deepEqual(await problems(), []);
    await context.close();
  });

  test('rapid edits: preset clicks between keystrokes', async () => {
    const { page, context, problems } = await open(hashOf(BASE));
    const field = (name) => page.locator(`conv-playground [data-testid="${name}"]`);
    const presets = page.locator('.preset');
    const count = await presets.count();
    assert.ok(count >= 12);
    for (let i = 0; i < 8; i++) {
      await presets.nth((i * 5) % count).click();
      await field('stride').fill('');
      await field('stride').pressSequentially(String(2 + (i % 3)), { delay: 0 });
      await field('padding').pressSequentially('1', { delay: 0 });
      // The preset's hashchange must not undo the keystrokes that followed the click.
      await page.waitForTimeout(i % 2 ? 0 : 260);
      const v = await assertConsistent(page, `preset ${(i * 5) % count} + typing`);
      assert.equal(v.fields.stride, String(2 + (i % 3)), `preset ${(i * 5) % count}: the typed stride was lost`);
    }
    // Click, type and click again within one task: the last preset wins, whatever happens to
    // the keystroke between them, and what is shown is consistent.
    await page.evaluate(() => {
      const buttons = document.querySelectorAll('.preset');
      const stride = document.querySelector('conv-playground').shadowRoot.querySelector('[data-testid=stride]');
      buttons[1].click();
      stride.value = '7';
      stride.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
      buttons[3].click();
    });
    await page.waitForTimeout(300);
    const title = await presets.nth(3).textContent();
    const golden = NOTEBOOK.cases.find((c) => c.title === title);
    const v = await assertConsistent(page, 'click, type, click in one task');
    if (golden) assert.equal(v.output, golden.printed);
    // Back and Forward through the preset history while typing.
    await page.goBack();
    await field('groups').pressSequentially('1', { delay: 0 });
    await page.waitForTimeout(50);
    await assertConsistent(page, 'Back + typing');
    await page.goForward();
    await page.waitForTimeout(300);
    await assertConsistent(page, 'Forward');
    assert.deepEqual(await problems(), []);
    await context.close();
  });

  test('rapid edits before the WebAssembly module has loaded: the first result is the last state', async () => {
    // Hold WebAssembly instantiation back until the test releases it, so the edits come first.
    const holdWasm = () => {
      window.__wasmGate = new Promise((r) => (window.__openWasmGate = r));
      for (const name of ['instantiate', 'instantiateStreaming']) {
        const original = WebAssembly[name];
        WebAssembly[name] = async function (...args) {
          await window.__wasmGate;
          return original.apply(this, args);
        };
      }
    };
    const { page, context, problems } = await open(hashOf(BASE), { wait: false, init: [holdWasm] });
    await page.waitForFunction(() =>
      document.querySelector('conv-playground')?.shadowRoot?.querySelector('[data-testid=input]'),
    );
    const release = () => page.evaluate(() => window.__openWasmGate());
    const field = (name) => page.locator(`conv-playground [data-testid="${name}"]`);
    await field('input').fill('torch.arange(6.).reshape(1, 1, 6)');
    await field('stride').fill('2');
    await field('weight').fill('torch.ones(1, 1,');
    await field('weight').pressSequentially(' 3)', { delay: 0 });
    assert.equal(
      await page.evaluate(
        () =>
          document.querySelector('conv-playground').shadowRoot.querySelector('[data-testid=output-tensor]').textContent,
      ),
      '',
    );
    await release();
    await waitReady(page);
    const v = await assertConsistent(page, 'after the module loaded');
    assert.equal(v.fields.input, 'torch.arange(6.).reshape(1, 1, 6)');
    assert.equal(v.fields.stride, '2');
    assert.deepEqual(await problems(), []);
    await context.close();
  });
});
