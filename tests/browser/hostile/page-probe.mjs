// What a hostile test reads from the playground page and does to it: the shown state, the
// check that no payload ran or reached the DOM, a paste, a pasted link, and the JS API's output
// for a state (the oracle the shown output is checked against).
import assert from 'node:assert/strict';
import { FIELDS } from './payloads.mjs';

/** What the page shows: error (when visible), output, stale flag, the field values. */
export function view(page) {
  return page.evaluate((names) => {
    const el = document.querySelector('conv-playground');
    const root = el.shadowRoot;
    const error = root.querySelector('[role=alert][data-testid=error]');
    const fields = {};
    const placeholders = {};
    for (const name of names) {
      const control = root.querySelector(`[data-testid=${name}]`);
      fields[name] = control.value;
      placeholders[name] = control.getAttribute('placeholder') ?? '';
    }
    fields.op = root.querySelector('[data-testid=op-conv1d]').checked ? 'conv1d' : 'conv_transpose1d';
    fields.biasOn = root.querySelector('[data-testid=bias-on]').checked;
    return {
      error: error && !error.hidden ? error.textContent : '',
      errorChildren: error ? error.children.length : -1,
      invalid: [...root.querySelectorAll('[aria-invalid=true]')].map((n) => n.dataset.testid),
      output: root.querySelector('[data-testid=output-tensor]').textContent,
      stale: root.querySelector('.result-body')?.dataset.stale === 'true',
      fields,
      placeholders,
      state: el.state,
    };
  }, FIELDS);
}

/**
 * Nothing from a payload ran or reached the DOM: no window.__pwned, no dialog, no img /
 * iframe / object / embed / frame, no script but the page's own, no on* attribute and no
 * javascript: URL anywhere in the document or the element's shadow root.
 */
export async function assertSafe(page, where) {
  const found = await page.evaluate(() => {
    const bad = [];
    const root = document.querySelector('conv-playground').shadowRoot;
    for (const scope of [document, root]) {
      for (const el of scope.querySelectorAll('*')) {
        const tag = el.localName;
        if (
          ['img', 'iframe', 'object', 'embed', 'frame', 'frameset', 'base', 'meta'].includes(tag) &&
          !(tag === 'meta' && el.closest('head'))
        ) {
          bad.push(`<${tag}> in ${scope === root ? 'shadow root' : 'document'}`);
        }
        // The page's own module, and the test driver's recorder where the engine needs one (WebKit).
        if (tag === 'script' && (scope === root || !/\/app\/entries\/page\.js$|\/__driver\/init\.js$/.test(el.src)))
          bad.push(`<script src="${el.src}">${el.textContent.slice(0, 40)}`);
        for (const a of el.attributes) {
          if (/^on/i.test(a.name)) bad.push(`<${tag} ${a.name}=…>`);
          if (
            /^(href|src|action|formaction|xlink:href|data|srcdoc)$/i.test(a.name) &&
            /^\s*(javascript|data|vbscript):/i.test(a.value)
          ) {
            bad.push(`<${tag} ${a.name}="${a.value.slice(0, 40)}">`);
          }
        }
      }
    }
    return { bad, pwned: window.__pwned ?? null, parentPwned: window.top.__pwned ?? null };
  });
  assert.equal(found.pwned, null, `${where}: a payload ran (window.__pwned set)`);
  assert.equal(found.parentPwned, null, `${where}: a payload ran (top.__pwned set)`);
  assert.deepEqual(found.bad, [], `${where}: payload markup reached the DOM`);
  assert.deepEqual(await page.dialogs(), [], `${where}: a dialog opened`);
}

/** Sets a field's value as a paste would (one input event), in the page. */
export function paste(page, field, value) {
  return page.evaluate(
    ([field, value]) => {
      const el = document.querySelector('conv-playground').shadowRoot.querySelector(`[data-testid=${field}]`);
      el.value = value;
      el.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertFromPaste' }));
    },
    [field, value],
  );
}

/** Sets location.hash the way pasting a link into the address bar does (see longestTask). */
export function navigateHash(page, hash) {
  return page.evaluate((h) => {
    window.__markNavigation();
    location.hash = h;
  }, hash);
}

/** The printed output the JS API gives for a state (PyTorch's defaults for the rest). */
export function apiOutput(page, state) {
  return page.evaluate(async (s) => {
    const { parseTensor, formatTensor } = await import('./lib/tensor-text.js');
    const { loadConvLab } = await import('./lib/convlab.js');
    const lab = await loadConvLab();
    const x = parseTensor(s.input);
    const w = parseTensor(s.weight);
    const b = s.biasOn ? parseTensor(s.bias) : null;
    const pad = s.padding.trim().replace(/^'(.*)'$/, '$1');
    const params = {
      stride: Number(s.stride),
      padding: pad === 'same' || pad === 'valid' ? pad : Number(pad),
      dilation: Number(s.dilation),
      groups: Number(s.groups),
    };
    if (s.op === 'conv1d') params.padding_mode = s.padding_mode;
    else params.output_padding = Number(s.output_padding);
    return formatTensor(s.op === 'conv1d' ? lab.conv1d(x, w, b, params) : lab.convTranspose1d(x, w, b, params));
  }, state);
}
