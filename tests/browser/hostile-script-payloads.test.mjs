// The page under attack (issue 6, item 6), in each engine (ENGINE): script payloads (<img onerror>,
// javascript: URLs, "><svg onload>, </textarea><script>) in every URL-hash parameter and typed into
// every text field: nothing runs, no dialog opens, no element of the payload reaches the DOM
// (document or the element's shadow root), the text shows as text, and the links and snippets the
// page builds carry it only as data. (The other attacks: hostile-*.test.mjs.)
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINE, waitReady } from './harness.mjs';
import { underAttack } from './hostile/setup.mjs';
import { assertSafe, view } from './hostile/page-probe.mjs';
import { BASE, BASE_OUTPUT, HASH_PARAMS, PARAMS, SCRIPT_PAYLOADS, TEXT_FIELDS, hashOf } from './hostile/payloads.mjs';

describe(`the page under attack: script payloads [${ENGINE}]`, () => {
  const env = underAttack();
  const { open } = env;

  test('script payloads in every URL-hash parameter stay text: nothing runs, nothing is parsed as HTML', async () => {
    for (const param of HASH_PARAMS) {
      // First payload on a fresh page load (the initial read of the hash) ...
      const first = { ...BASE, [param]: SCRIPT_PAYLOADS[0] };
      const { page, context, problems } = await open(hashOf(first));
      for (const [i, payload] of SCRIPT_PAYLOADS.entries()) {
        const where = `hash ${param}=${payload}`;
        // ... the others through hashchange, as a pasted link or Back would.
        if (i > 0) {
          await page.evaluate((h) => (location.hash = h), hashOf({ ...BASE, [param]: payload }));
          await page.waitForFunction(
            ([p, v]) => {
              const s = document.querySelector('conv-playground').state;
              return p === 'bias' ? s.biasOn && s.bias === v : p === 'op' || s[p] === v;
            },
            [param, payload],
          );
        }
        await page.waitForTimeout(20);
        const v = await view(page);
        await assertSafe(page, where);
        assert.equal(v.errorChildren, 0, `${where}: the error message has child elements`);
        if (param === 'op') {
          // Not an operation: the page keeps its default operation and computes.
          assert.equal(v.fields.op, 'conv_transpose1d', where);
          assert.equal(v.output, BASE_OUTPUT, where);
          assert.equal(v.error, '', where);
          continue;
        }
        if (param === 'padding_mode') {
          // conv_transpose1d has no padding_mode: the case computes with 'zeros' and a note names
          // the link's value (issue 9; tests/browser/link-notes.test.mjs), as text.
          const note = await page.evaluate(
            () =>
              document.querySelector('conv-playground').shadowRoot.querySelector('[data-testid=link-note]').textContent,
          );
          assert.ok(note.includes('padding_mode='), `${where}: the note does not name padding_mode: ${note}`);
          assert.equal(v.output, BASE_OUTPUT, where);
          continue;
        }
        // The field shows the payload, character for character, as its value.
        assert.equal(v.fields[param], payload, `${where}: field value`);
        if (param === 'bias') assert.equal(v.fields.biasOn, true, where);
        // A clear message naming the field, marked on the field; the old result marked stale.
        assert.ok(v.error.includes(param), `${where}: error does not name ${param}: ${v.error}`);
        assert.deepEqual(v.invalid, [param], `${where}: aria-invalid`);
        // No result on a page opened with the payload; otherwise the last one, marked stale.
        if (v.output !== '') assert.equal(v.stale, true, `${where}: old result not marked stale`);
        if (i === 0) assert.equal(v.output, '', `${where}: a result for an invalid state`);
        // Where the message quotes the value, it quotes it as text.
        if (PARAMS.includes(param)) {
          assert.ok(
            v.error.includes(payload.slice(0, 20)),
            `${where}: the message does not quote the value: ${v.error}`,
          );
        }
        // The select shows an unknown padding_mode as an option's text, not as markup.
        if (param === 'padding_mode') {
          const option = await page.evaluate(() => {
            const o = document.querySelector('conv-playground').shadowRoot.querySelector('[data-testid=padding_mode]')
              .selectedOptions[0];
            return { text: o.textContent, value: o.value, kids: o.children.length };
          });
          assert.equal(option.value, payload, `${where}: option value`);
          assert.ok(
            payload.startsWith(option.text.replace(/…$/, '')) && option.kids === 0,
            `${where}: option ${JSON.stringify(option)}`,
          );
        }
      }
      // Back to a valid case: the page recovers.
      await page.evaluate((h) => (location.hash = h), hashOf(BASE));
      await page.waitForFunction(
        (o) =>
          document.querySelector('conv-playground').shadowRoot.querySelector('[data-testid=output-tensor]')
            .textContent === o &&
          !document.querySelector('conv-playground').shadowRoot.querySelector('[data-testid=error]').textContent,
        BASE_OUTPUT,
      );
      await assertSafe(page, `hash ${param}, after recovery`);
      assert.deepEqual(await problems(), [], `hash ${param}: console errors`);
      await context.close();
    }
  });

  test('script payloads typed into every text field stay text: nothing runs, nothing is parsed as HTML', async () => {
    const { page, context, problems } = await open(hashOf(BASE));
    const field = (name) => page.locator(`conv-playground [data-testid="${name}"]`);
    await field('bias-on').check();
    for (const name of TEXT_FIELDS) {
      for (const [i, payload] of SCRIPT_PAYLOADS.entries()) {
        const where = `typed into ${name}: ${payload}`;
        if (i === 0) {
          // Real keystrokes, one by one.
          await field(name).fill('');
          await field(name).pressSequentially(payload, { delay: 0 });
        } else {
          await field(name).fill(payload);
        }
        const v = await view(page);
        await assertSafe(page, where);
        assert.equal(v.fields[name], payload, `${where}: field value`);
        assert.equal(v.state[name], payload, `${where}: state`);
        assert.ok(v.error.includes(name), `${where}: error does not name ${name}: ${v.error}`);
        assert.equal(v.errorChildren, 0, `${where}: error has child elements`);
        assert.deepEqual(v.invalid, [name], `${where}: aria-invalid`);
        assert.equal(v.stale, true, `${where}: stale`);
      }
      // Back to the valid value: recovered.
      await field(name).fill(
        name === 'bias' ? 'torch.full((1,), 0.5)' : { ...BASE, dilation: '1', groups: '1', output_padding: '0' }[name],
      );
      const v = await view(page);
      assert.equal(v.error, '', `after ${name}: ${v.error}`);
      assert.equal(
        v.output,
        'tensor([[[1.5000, 1.5000, 2.5000, 2.5000, 2.5000, 2.5000, 1.5000, 1.5000]]])',
        `after ${name}`,
      );
    }
    // The URL written back carries the text encoded; reading it again gives the same text.
    await field('input').fill(SCRIPT_PAYLOADS[3]);
    await page.waitForFunction(
      (p) => new URLSearchParams(location.hash.slice(1)).get('input') === p,
      SCRIPT_PAYLOADS[3],
    );
    const hash = await page.evaluate(() => location.hash);
    assert.ok(!/[<>"\s]/.test(hash), `raw markup in the hash: ${hash}`);
    assert.equal(new URLSearchParams(hash.slice(1)).get('input'), SCRIPT_PAYLOADS[3]);
    const again = await context.newPage();
    await again.goto(await page.url());
    await waitReady(again);
    assert.equal((await view(again)).fields.input, SCRIPT_PAYLOADS[3]);
    await assertSafe(again, 'reopened from the written URL');
    assert.deepEqual(await problems(), []);
    await context.close();
  });

  test('hashes that are themselves payloads open the default case and run nothing', async () => {
    for (const raw of [
      '#javascript:window.__pwned=1;alert(1)',
      '#"><svg onload=window.__pwned=1>',
      '#<img src=x onerror=window.__pwned=1>',
      '#input=<img src=x onerror=window.__pwned=1>&weight=</textarea><script>window.__pwned=1</script>',
      `#input=${encodeURIComponent('"><svg/onload=alert(1)>')}&op=<svg onload=alert(1)>&padding_mode=<img src=x onerror=alert(1)>`,
    ]) {
      const { page, context, problems } = await open(raw);
      const v = await view(page);
      await assertSafe(page, `hash ${raw}`);
      assert.equal(v.errorChildren, 0);
      assert.ok(v.output || v.error, `hash ${raw}: neither output nor error`);
      assert.deepEqual(await problems(), [], `hash ${raw}`);
      await context.close();
    }
  });

  test('links and snippets the page builds carry payloads only as data (copy link, embed code, embed page)', async () => {
    const state = {
      op: 'conv1d',
      input: SCRIPT_PAYLOADS[0],
      weight: SCRIPT_PAYLOADS[1],
      bias: SCRIPT_PAYLOADS[2],
      stride: SCRIPT_PAYLOADS[3],
      padding: SCRIPT_PAYLOADS[4],
      dilation: 'javascript:alert(1)',
      groups: '"><svg onload=alert(1)>',
      padding_mode: '</textarea><script>alert(1)</script>',
    };
    const { page, context, problems, dialogs } = await open(hashOf(state));

    // Copy link: this page's http URL, the payloads only inside its fragment.
    const link = await page.evaluate(() => document.querySelector('conv-playground').shareUrl);
    const url = new URL(link);
    assert.equal(url.protocol, 'http:');
    assert.equal(`${url.origin}${url.pathname}`, `${env.server.url}index.html`);
    const back = Object.fromEntries(new URLSearchParams(url.hash.slice(1)));
    for (const key of Object.keys(state)) assert.equal(back[key], state[key], `link ${key}`);
    assert.ok(!/[<>"\s]/.test(link), `unescaped markup in the link: ${link}`);

    // Embed code: pasted into a page, the snippets make exactly a script, the element with the
    // payloads as attribute values, or one iframe; nothing else.
    await page.locator('conv-playground [data-testid=copy-embed]').click();
    const parsed = await page.evaluate(() => {
      const root = document.querySelector('conv-playground').shadowRoot;
      const out = {};
      for (const kind of ['tag', 'iframe']) {
        const text = root.querySelector(`[data-testid=embed-${kind}]`).value;
        const doc = new DOMParser().parseFromString(`<!doctype html><body>${text}`, 'text/html');
        out[kind] = [...doc.body.querySelectorAll('*')].map((el) => ({
          tag: el.localName,
          attrs: Object.fromEntries([...el.attributes].map((a) => [a.name, a.value])),
          text: el.textContent,
        }));
      }
      return out;
    });
    assert.deepEqual(
      parsed.tag.map((e) => e.tag),
      ['script', 'conv-playground'],
      `tag snippet elements: ${JSON.stringify(parsed.tag)}`,
    );
    assert.equal(new URL(parsed.tag[0].attrs.src).protocol, 'http:');
    assert.equal(parsed.tag[0].text, '');
    const attrs = parsed.tag[1].attrs;
    for (const [key, value] of Object.entries(state))
      assert.equal(attrs[key.replace('_', '-')] ?? attrs[key], value, `snippet attribute ${key}`);
    for (const name of Object.keys(attrs)) assert.ok(!/^on/i.test(name), `snippet attribute ${name}`);
    assert.deepEqual(
      parsed.iframe.map((e) => e.tag),
      ['iframe'],
      `iframe snippet elements: ${JSON.stringify(parsed.iframe)}`,
    );
    const frameSrc = new URL(parsed.iframe[0].attrs.src);
    assert.equal(frameSrc.protocol, 'http:');
    assert.equal(`${frameSrc.origin}${frameSrc.pathname}`, `${env.server.url}embed.html`);
    const frameState = Object.fromEntries(new URLSearchParams(frameSrc.hash.slice(1)));
    for (const key of Object.keys(state)) assert.equal(frameState[key], state[key], `iframe src ${key}`);
    for (const name of Object.keys(parsed.iframe[0].attrs))
      assert.ok(!/^on|^srcdoc$/i.test(name), `iframe attribute ${name}`);
    await assertSafe(page, 'embed panel open');
    const shown = (await view(page)).state;
    for (const key of Object.keys(state)) assert.equal(shown[key], state[key], `state ${key}`);
    assert.equal(shown.biasOn, true);

    // The iframe page itself, opened with the payloads: its "Open in ConvLab" link points at
    // the full playground over http with the payloads in the fragment.
    const frame = await context.newPage();
    await frame.goto(parsed.iframe[0].attrs.src);
    await waitReady(frame);
    const openFull = await frame.evaluate(() => document.querySelector('[data-testid=open-full]').href);
    const full = new URL(openFull);
    assert.equal(full.protocol, 'http:');
    assert.equal(`${full.origin}${full.pathname}`, `${env.server.url}index.html`);
    assert.equal(new URLSearchParams(full.hash.slice(1)).get('input'), state.input);
    const frameFound = await frame.evaluate(() => ({
      pwned: window.__pwned ?? null,
      bad: [
        ...document.querySelectorAll('img, iframe, svg, object, embed'),
        ...document.querySelector('conv-playground').shadowRoot.querySelectorAll('img, iframe, object, embed, script'),
      ].length,
    }));
    assert.deepEqual(frameFound, { pwned: null, bad: 0 });
    assert.deepEqual([...(await dialogs()), ...(await frame.dialogs())], []);
    assert.deepEqual([...(await problems()), ...(await frame.problems())], []);
    await context.close();
  });
});
