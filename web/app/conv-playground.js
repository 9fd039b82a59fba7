// <conv-playground>: the whole playground as one custom element (Shadow DOM, no globals).
//
// Configure it with
//   - the `state` attribute: a query string such as "op=conv1d&input=torch.ones(1,1,7)&…"
//     (the URL-hash format of state.js), or the `state` property / setState(partial);
//   - `sync-hash` (boolean attribute): read the state from location.hash and keep the hash
//     up to date as the user edits (the playground page uses this; embeds leave it off);
//   - `link-base`: the page "copy link" points at (default: this page);
//   - the case as separate attributes with the URL state's names (README "Embed it"): `op`,
//     `input`, `weight`, `bias`, `stride`, `padding`, `dilation`, `groups`, `output-padding`,
//     `padding-mode` (underscored names work too); they override `state`;
//   - `controls` (`full` | `params` | `none`), `view` (`all` or any of `output formula values
//     code diagram`), `loading` (`lazy`: initialise when first scrolled near the viewport;
//     `eager`: at once; the single-file embed defaults to lazy, this module to eager).
// Events: `statechange` (detail: the state) on every edit; `render` (detail: {ok, ms}) after
// every recompute.
import { loadConvLab } from '../lib/convlab.js';
import { Controls } from './controls.js';
import { Evaluator } from './compute.js';
import { OverlapDiagram } from './diagram.js';
import { OutputGrid } from './output-view.js';
import { lengthFormula, moduleSignature } from './formula.js';
import { pytorchCode } from './pytorch-code.js';
import {
  completeState,
  queryToState,
  sameState,
  stateToHash,
  stateToQuery,
  DEFAULT_STATE,
  MAX_HASH_CHARS,
  OPS,
} from './state.js';
import { INLINE_CSS, LAZY_BY_DEFAULT } from './bundle-config.js';
import { EmbedPanel } from './embed-code.js';
import { h } from './dom.js';
import { fmtShape } from './num-format.js';

const STYLE_URL = new URL('./playground.css', import.meta.url).href;
const HASH_DELAY_MS = 200;
// web/, seen from web/app/ (the page) or web/dist/ (the bundled embed): what "Embed" links to.
const ASSET_BASE = new URL('../', import.meta.url).href;
const EMBED_URLS = { scriptUrl: `${ASSET_BASE}dist/conv-playground.js`, embedUrl: `${ASSET_BASE}embed.html` };

/** Attribute -> URL-state key. Later entries win, so `output-padding` beats `output_padding`. */
const CASE_ATTRIBUTES = {
  op: 'op',
  input: 'input',
  weight: 'weight',
  bias: 'bias',
  stride: 'stride',
  padding: 'padding',
  dilation: 'dilation',
  groups: 'groups',
  output_padding: 'output_padding',
  'output-padding': 'output_padding',
  padding_mode: 'padding_mode',
  'padding-mode': 'padding_mode',
};
const VIEW_PARTS = ['output', 'formula', 'values', 'code', 'diagram'];

// The bundled embed carries its CSS as text: one constructed stylesheet shared by every
// instance (allowed by a CSP without 'unsafe-inline', unlike a <style> element).
let inlineSheet = null;
function adoptInlineStyles(root) {
  if ('adoptedStyleSheets' in ShadowRoot.prototype && 'replaceSync' in CSSStyleSheet.prototype) {
    if (!inlineSheet) {
      inlineSheet = new CSSStyleSheet();
      inlineSheet.replaceSync(INLINE_CSS);
    }
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, inlineSheet];
  } else {
    root.append(h('style', {}, INLINE_CSS));
  }
}

// One IntersectionObserver for every instance: lazy initialisation and off-screen pausing.
let viewport = null;
function watchViewport(el, onChange) {
  if (typeof IntersectionObserver !== 'function') return false;
  viewport ??= new IntersectionObserver(
    (entries) => {
      for (const e of entries) viewport.callbacks.get(e.target)?.(e.isIntersecting);
    },
    { rootMargin: '200px 0px' },
  );
  viewport.callbacks ??= new WeakMap();
  viewport.callbacks.set(el, onChange);
  viewport.observe(el);
  return true;
}
function unwatchViewport(el) {
  viewport?.unobserve(el);
}

export class ConvPlayground extends HTMLElement {
  static observedAttributes = ['state', ...Object.keys(CASE_ATTRIBUTES), 'controls', 'view', 'link-base'];

  #state = completeState(DEFAULT_STATE);
  #built = false;
  #evaluator = null;
  #model = null;
  #ui = {};
  #onHash = () => this.#loadHash();
  #onHide = () => this.#writeHash();
  #hashTimer = 0;
  #syncedHash = ''; // location.hash as of our last read or write
  #copyTimer = 0;
  #attrError = null; // an attribute no state can hold (an unknown op), shown as the error
  #onScreen = false;
  #stateSetEarly = false; // setState() before a lazy element was built: it wins over attributes

  /** ms spent in the last recompute + redraw. */
  lastUpdateMs = 0;

  constructor() {
    super();
    this.attachShadow({ mode: 'open' });
  }

  /** A copy of the current state (text fields as typed). */
  get state() {
    return { ...this.#state };
  }

  set state(value) {
    this.setState(value);
  }

  /** Replaces the state (missing parameters take PyTorch's defaults) and recomputes. */
  setState(partial) {
    this.#state = completeState({ ...partial });
    this.#attrError = null;
    this.#stateSetEarly = !this.#built;
    if (this.#built) {
      this.#ui.controls.write(this.#state);
      this.#update();
    }
  }

  /** Moves keyboard focus to the first control (the operation switch). */
  focus(options) {
    const first =
      this.shadowRoot.querySelector('input[name=op]:checked') ??
      this.shadowRoot.querySelector('input, textarea, button');
    if (first) first.focus(options);
    else super.focus(options);
  }

  /** The link "copy link" copies. */
  get shareUrl() {
    const base = this.getAttribute('link-base') || location.href.split('#')[0];
    return `${base}#${stateToQuery(this.#state)}`;
  }

  /** Runnable PyTorch code for the last good result ('' before the first one). */
  get pytorchCode() {
    return this.#model ? pytorchCode(this.#model) : '';
  }

  /** True while the element is outside the viewport (and its CSS animations are paused). */
  get offscreen() {
    return !this.#onScreen;
  }

  attributeChangedCallback(name, old, value) {
    if (old === value || !this.#built) return; // before the first build, attributes are read then
    if (name === 'controls' || name === 'view' || name === 'link-base') this.#applyLayout();
    else if (!this.#usesHash()) this.#applyAttributes();
  }

  connectedCallback() {
    if (this.hasAttribute('sync-hash')) {
      window.addEventListener('hashchange', this.#onHash);
      window.addEventListener('pagehide', this.#onHide);
    }
    const watched = watchViewport(this, (visible) => this.#onViewport(visible));
    if (!watched) this.#onScreen = true;
    if (this.#built) return;
    const loading = this.getAttribute('loading');
    const lazy = watched && !this.#usesHash() && (loading === 'lazy' || (LAZY_BY_DEFAULT && loading !== 'eager'));
    if (!lazy) this.#init();
    else if (!this.shadowRoot.firstChild) {
      const placeholder = h('div', { 'aria-busy': 'true' });
      placeholder.style.minHeight = '12em'; // keeps the page from jumping much when it fills in
      this.shadowRoot.append(placeholder);
    }
  }

  #onViewport(visible) {
    this.#onScreen = visible;
    if (visible && !this.#built) this.#init();
    this.#ui.pg?.classList.toggle('offscreen', !visible);
  }

  /** The case the attributes describe (null when none is set), and an error for an unknown op. */
  #fromAttributes() {
    const q = new URLSearchParams(String(this.getAttribute('state') ?? '').replace(/^[#?]/, ''));
    let any = this.hasAttribute('state');
    for (const [attr, key] of Object.entries(CASE_ATTRIBUTES)) {
      if (!this.hasAttribute(attr)) continue;
      q.set(key, this.getAttribute(attr));
      any = true;
    }
    if (!any) return null;
    const op = q.get('op');
    const error =
      op !== null && !OPS.includes(op)
        ? `op="${op}" is not an operation ConvLab computes: use op="conv1d" (nn.Conv1d) or op="conv_transpose1d" (nn.ConvTranspose1d).`
        : null;
    return { state: queryToState(q.toString()) ?? completeState(), error };
  }

  #applyAttributes() {
    const found = this.#fromAttributes();
    if (!found) return;
    this.#state = found.state;
    this.#attrError = found.error;
    this.#ui.controls.write(this.#state);
    this.#update();
  }

  /** controls, view and which buttons an embed shows. */
  #applyLayout() {
    const ui = this.#ui;
    const controls = this.getAttribute('controls');
    ui.controlsCard.hidden = controls === 'none';
    ui.build.hidden = controls === 'none' || controls === 'params'; // a figure in a post: no credits line
    for (const part of ui.controls.root.querySelectorAll(':scope > .op, :scope > .tensors, :scope > .derived')) {
      part.hidden = controls === 'params';
    }
    const view = new Set(
      String(this.getAttribute('view') ?? 'all')
        .toLowerCase()
        .split(/[\s,]+/)
        .filter(Boolean),
    );
    const all = view.has('all') || !VIEW_PARTS.some((part) => view.has(part));
    const show = (part) => all || view.has(part);
    ui.printed.hidden = !show('output');
    ui.formulaBox.hidden = !show('formula');
    ui.valuesHead.hidden = !show('values');
    ui.grid.root.hidden = !show('values');
    ui.codeBox.hidden = !show('code');
    ui.diagramCard.hidden = !show('diagram');
    // Links only make sense where a URL can carry the case: the page, or a given link-base.
    const page = this.#usesHash();
    ui.copyLink.hidden = !(page || this.hasAttribute('link-base'));
    ui.embedButton.hidden = !page || controls === 'none' || controls === 'params';
    if (ui.embedButton.hidden) this.#toggleEmbed(false);
  }

  #toggleEmbed(open = !this.#ui.embed.open) {
    const ui = this.#ui;
    ui.embed.root.hidden = !open;
    ui.embedButton.setAttribute('aria-expanded', String(open));
    if (open) ui.embed.update(this.#state);
  }

  #init() {
    this.#built = true;
    this.shadowRoot.replaceChildren();
    this.#build();
    this.#syncedHash = location.hash;
    const fromHash = this.#usesHash() ? queryToState(location.hash) : null;
    const fromAttr = fromHash || this.#stateSetEarly ? null : this.#fromAttributes();
    this.#state = fromHash ?? fromAttr?.state ?? this.#state;
    this.#attrError = fromAttr?.error ?? null;
    this.#ui.pg.classList.toggle('offscreen', !this.#onScreen);
    this.#applyLayout();
    this.#ui.controls.write(this.#state);
    this.#update();
    loadConvLab().then(
      (lab) => {
        this.#evaluator = new Evaluator(lab);
        this.#ui.buildInfo.textContent = lab.buildInfo;
        this.#update();
      },
      (err) => this.#showError(`Could not load the WebAssembly module: ${err?.message ?? err}`, null),
    );
  }

  disconnectedCallback() {
    unwatchViewport(this);
    this.#writeHash();
    window.removeEventListener('hashchange', this.#onHash);
    window.removeEventListener('pagehide', this.#onHide);
  }

  #usesHash() {
    return this.hasAttribute('sync-hash');
  }

  #loadHash() {
    clearTimeout(this.#hashTimer);
    this.#syncedHash = location.hash;
    const state = queryToState(location.hash);
    if (state && !sameState(state, this.#state)) this.setState(state);
  }

  #build() {
    const root = this.shadowRoot;
    const ui = this.#ui;
    let link = null;
    if (typeof INLINE_CSS === 'string') adoptInlineStyles(root);
    else link = h('link', { rel: 'stylesheet', href: STYLE_URL });
    const pg = h('div', { class: 'pg', style: link ? { visibility: 'hidden' } : null });
    link?.addEventListener('load', () => (pg.style.visibility = ''));
    link?.addEventListener('error', () => (pg.style.visibility = ''));
    ui.pg = pg;

    ui.controls = new Controls((state) => {
      this.#state = completeState(state);
      this.#attrError = null;
      this.#update();
    });
    ui.grid = new OutputGrid();
    ui.diagram = new OverlapDiagram();

    ui.shapes = h('p', { class: 'shapes' }, 'Loading the WebAssembly module…');
    ui.signature = h('code', { 'data-testid': 'signature' });
    ui.status = h(
      'div',
      { class: 'status-ok', 'data-testid': 'status' },
      ui.shapes,
      h('p', { class: 'signature' }, ui.signature),
    );
    ui.error = h('div', { class: 'error', role: 'alert', 'data-testid': 'error' });
    ui.printed = h('pre', {
      class: 'printed',
      'data-testid': 'output-tensor',
      tabindex: '0',
      role: 'group', // a focusable scroll region needs a role that takes a name (not a bare <pre>)
      'aria-label': 'Output as PyTorch prints it',
    });
    ui.formulaGeneral = h('p', { class: 'formula-general' });
    ui.formula = h('p', { class: 'formula-filled', 'data-testid': 'formula' });
    ui.formulaNote = h('p', { class: 'formula-note' });
    ui.code = h('pre', { class: 'code', 'data-testid': 'pytorch-code', tabindex: '0' });
    ui.copyStatus = h('span', { class: 'copy-status', 'aria-live': 'polite' });
    ui.buildInfo = h('span', {});
    ui.embed = new EmbedPanel({ ...EMBED_URLS, copy: (text, what) => this.#copy(text, what) });
    ui.embedButton = h(
      'button',
      {
        type: 'button',
        class: 'btn',
        'data-testid': 'copy-embed',
        'aria-expanded': 'false',
        'aria-controls': 'embed-panel',
        onclick: () => this.#toggleEmbed(),
      },
      'Embed',
    );
    const copyLink = h(
      'button',
      {
        type: 'button',
        class: 'btn',
        'data-testid': 'copy-link',
        onclick: () => {
          this.#writeHash(); // the address bar agrees with the copied link at once
          this.#copy(this.shareUrl, 'Link');
        },
      },
      'Copy link',
    );
    ui.copyLink = copyLink;
    const copyCode = h(
      'button',
      {
        type: 'button',
        class: 'btn primary',
        'data-testid': 'copy-pytorch',
        onclick: () => this.#copy(this.pytorchCode, 'PyTorch code'),
      },
      'Copy as PyTorch',
    );
    ui.result = h(
      'div',
      { class: 'result-body' },
      ui.printed,
      (ui.formulaBox = h(
        'div',
        { class: 'formula' },
        h('h3', {}, 'Output length'),
        ui.formulaGeneral,
        ui.formula,
        ui.formulaNote,
      )),
      (ui.valuesHead = h('h3', {}, 'Values by channel')),
      ui.grid.root,
      (ui.codeBox = h('details', { class: 'code-box' }, h('summary', {}, 'PyTorch code for this result'), ui.code)),
    );
    ui.diagramCard = h(
      'section',
      { class: 'card diagram-card', 'aria-labelledby': 'h-diagram' },
      h('div', { class: 'card-head' }, h('h2', { id: 'h-diagram' }, 'Overlap diagram')),
      ui.diagram.root,
    );
    ui.controlsCard = h(
      'section',
      { class: 'card controls-card', 'aria-labelledby': 'h-controls' },
      h('div', { class: 'card-head' }, h('h2', { id: 'h-controls' }, 'Tensors and parameters')),
      ui.controls.root,
    );
    pg.append(
      ui.controlsCard,
      h(
        'section',
        { class: 'card result-card', 'aria-labelledby': 'h-result' },
        h(
          'div',
          { class: 'card-head' },
          h('h2', { id: 'h-result' }, 'Result'),
          h('div', { class: 'actions' }, ui.copyStatus, ui.embedButton, copyLink, copyCode),
        ),
        ui.embed.root,
        h('div', { class: 'status' }, ui.status, ui.error),
        ui.result,
      ),
      ui.diagramCard,
      (ui.build = h('p', { class: 'build' }, 'Computed by ConvLab: ', ui.buildInfo)),
    );
    // Several figures on one page: each one's regions carry its own name (the element's
    // aria-label, else its <figure>'s caption), so landmarks stay distinguishable.
    const name =
      this.getAttribute('aria-label') ??
      this.closest('figure')?.querySelector('figcaption')?.textContent.replace(/\s+/g, ' ').trim().slice(0, 80);
    if (name) {
      for (const card of pg.querySelectorAll(':scope > section[aria-labelledby]')) {
        const title = pg.querySelector(`#${card.getAttribute('aria-labelledby')}`)?.textContent ?? '';
        card.removeAttribute('aria-labelledby');
        card.setAttribute('aria-label', `${title}: ${name}`);
      }
    }
    root.append(...(link ? [link, pg] : [pg]));
  }

  // history.replaceState is slow in some browsers (and rate-limited), so the hash follows
  // the edits a moment later instead of on every keystroke.
  #scheduleHash() {
    if (!this.#usesHash()) return;
    clearTimeout(this.#hashTimer);
    this.#hashTimer = setTimeout(() => this.#writeHash(), HASH_DELAY_MS);
  }

  #writeHash() {
    clearTimeout(this.#hashTimer);
    if (!this.#usesHash()) return;
    // Someone navigated (a preset link, Back) since we last synced: their hashchange is on
    // its way and must win over this older edit.
    if (location.hash !== this.#syncedHash) return;
    // A case too long for the address bar (a pasted megabyte) is dropped from a short URL; a URL
    // that long (a link opened) is kept: replacing it alone blocks the page for 0.1 s.
    const hash = stateToHash(this.#state);
    const current = location.hash;
    if (hash === null ? current && current.length <= MAX_HASH_CHARS : current !== hash) {
      history.replaceState(history.state, '', hash ?? location.pathname + location.search);
    }
    this.#syncedHash = location.hash;
  }

  #update() {
    const state = this.#state;
    this.#scheduleHash();
    this.dispatchEvent(new CustomEvent('statechange', { detail: this.state, bubbles: true, composed: true }));
    const ui = this.#ui;
    ui.controls.setOp(state.op);
    if (ui.embed.open) ui.embed.update(state);
    if (!this.#evaluator) return;
    const t0 = performance.now();
    const result = this.#attrError
      ? { ok: false, error: { message: this.#attrError, field: null } }
      : this.#evaluator.evaluate(state);
    this.#showTensorMeta(state);
    if (result.ok) {
      this.#render(result.model);
      this.#showError(null, null);
    } else {
      this.#showError(result.error.message, result.error.field);
    }
    this.lastUpdateMs = performance.now() - t0;
    this.dispatchEvent(new CustomEvent('render', { detail: { ok: result.ok, ms: this.lastUpdateMs } }));
  }

  #showTensorMeta(state) {
    const c = this.#ui.controls;
    for (const field of ['input', 'weight', 'bias']) {
      if (field === 'bias' && !state.biasOn) {
        c.setMeta('bias', 'off: bias=False');
        continue;
      }
      const p = this.#evaluator.peek(field);
      if (!p || p.text !== state[field]) c.setMeta(field, '');
      else if (p.error) c.setMeta(field, `⚠ ${p.error.message.replace(/^\w+: /, '')}`);
      else c.setMeta(field, `shape ${fmtShape(p.tensor.shape)}`);
    }
    // in_channels / out_channels / kernel_size follow from the weight's shape (and groups),
    // even while something else is still invalid.
    const wp = this.#evaluator.peek('weight');
    const shape = wp && wp.text === state.weight && wp.tensor ? wp.tensor.shape : null;
    if (shape && shape.length === 3) {
      const g = /^\s*\d+\s*$/.test(state.groups) ? Number(state.groups) : NaN;
      const times = (n) => (Number.isFinite(g) ? String(n * g) : `${n}·groups`);
      const [inCh, outCh] =
        state.op === 'conv1d' ? [times(shape[1]), String(shape[0])] : [String(shape[0]), times(shape[1])];
      c.derived.textContent = `in_channels = ${inCh} · out_channels = ${outCh} · kernel_size = ${shape[2]}  (from the weight's shape ${fmtShape(shape)})`;
    } else {
      c.derived.textContent =
        'in_channels, out_channels and kernel_size come from the weight, shaped (·, ·, kernel_size)';
    }
  }

  #render(model) {
    const ui = this.#ui;
    this.#model = model;
    ui.printed.textContent = model.printed;
    const f = lengthFormula(model);
    ui.formulaGeneral.textContent = f.general;
    ui.formula.textContent = f.filled;
    ui.formulaNote.textContent = f.note;
    ui.formulaNote.hidden = !f.note;
    ui.signature.textContent = moduleSignature(model);
    const { x, w, y } = model;
    ui.shapes.replaceChildren(
      h('span', { class: 'ok-mark', 'aria-hidden': 'true' }, '✓'),
      ` input ${fmtShape(x.shape)} · weight ${fmtShape(w.shape)}${model.b ? ` · bias ${fmtShape(model.b.shape)}` : ''} → output `,
      h('strong', { 'data-testid': 'output-shape' }, fmtShape(y.shape)),
    );
    ui.grid.render(model);
    ui.code.textContent = pytorchCode(model);
    ui.diagram.render(model);
  }

  #showError(message, field) {
    const ui = this.#ui;
    const bad = Boolean(message);
    ui.error.textContent = message ?? '';
    ui.error.hidden = !bad;
    ui.status.hidden = bad;
    ui.controls.markInvalid(bad ? field : null);
    const stale = bad && this.#model !== null;
    for (const node of [ui.result, ui.diagramCard]) {
      node.classList.toggle('stale', stale);
      if (stale) node.dataset.stale = 'true';
      else delete node.dataset.stale;
    }
  }

  async #copy(text, what) {
    const ui = this.#ui;
    if (!text) return;
    let ok = false;
    try {
      await navigator.clipboard.writeText(text);
      ok = true;
    } catch {
      const area = h('textarea', { class: 'visually-hidden', 'aria-hidden': 'true' });
      area.value = text;
      this.shadowRoot.append(area);
      area.select();
      try {
        ok = document.execCommand('copy');
      } catch {
        ok = false;
      }
      area.remove();
    }
    ui.copyStatus.textContent = ok ? `${what} copied` : `Could not copy: select the text and copy it by hand`;
    clearTimeout(this.#copyTimer);
    this.#copyTimer = setTimeout(() => (ui.copyStatus.textContent = ''), 2500);
  }
}

if (!customElements.get('conv-playground')) customElements.define('conv-playground', ConvPlayground);
