// A link with values the page does not know opens the case with what it used instead and
// says so in a note (not an error: the case computes), until the next edit.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINE, start, openPlayground, byTestId, outputText, finish } from './harness.mjs';

describe(`link notes [${ENGINE}]`, () => {
  let env;
  before(async () => {
    env = await start();
  });
  after(async () => env?.close());

  test('op=conv1D opens conv_transpose1d and names the value', async () => {
    const { page, context } = await openPlayground(env, {
      hash: '#op=conv1D&input=torch.ones(1,1,4)&weight=torch.ones(1,1,3)',
    });
    const note = byTestId(page, 'link-note');
    assert.match(await note.textContent(), /op='conv1D' is not an operation.*showing conv_transpose1d instead/);
    assert.ok(await note.isVisible());
    assert.equal(await byTestId(page, 'error').isVisible(), false, 'the case computes: no error');
    assert.match(await outputText(page), /^tensor\(/);
    // An edit makes it a different case: the note goes.
    await page.evaluate(() => {
      const el = document.querySelector('conv-playground');
      el.setState({ ...el.state, stride: '2' });
    });
    await page.waitForFunction(
      () => document.querySelector('conv-playground').shadowRoot.querySelector('[data-testid=link-note]').hidden,
    );
    assert.deepEqual(await finish(context, page), []);
  });

  test('a misspelt padding_mode for conv_transpose1d is named, with the zeros it uses', async () => {
    const { page, context } = await openPlayground(env, {
      hash: '#op=conv_transpose1d&input=torch.ones(1,1,4)&weight=torch.ones(1,1,3)&padding_mode=reflekt',
    });
    assert.match(await byTestId(page, 'link-note').textContent(), /padding_mode='reflekt'.*uses 'zeros'/);
    assert.deepEqual(await finish(context, page), []);
  });
});
