// <conv-playground>: the whole playground as one custom element (Shadow DOM, no globals). This
// file is its lifecycle and attributes; the parts live in model/, views/ and diagram/.
//
// Configure it with
//   - the `state` attribute: a query string such as "op=conv1d&input=torch.ones(1,1,7)&…"
//     (the URL-hash format of model/state.js), or the `state` property / setState(partial);
//   - `sync-hash` (boolean attribute): read the state from location.hash and keep the hash
//     up to date as the user edits (the playground page uses this; embeds leave it off);
//   - `link-base`: the page "copy link" points at (default: this page);
//   - the case as separate attributes: `op`, `input`, `weight`, `bias`, and every parameter
//     under its attribute name (web/lib/ops.js: `stride`, `output-padding`, `padding-mode`, …;
//     underscored names work too); they override `state`;
//   - `diagram` (`overlap` | `equivalent` | `matrix` | `gradient` | `steps`): the diagram card's
//     view (the URL hash's `diagram=`), and `grad-output`: the gradient view's grad_output;
//   - `controls` (`full` | `params` | `none`), `view` (`all` or any of `output formula values
//     code diagram`), `loading` (`lazy`: initialise when first scrolled near the viewport;
//     `eager`: at once; the single-file embed defaults to lazy, this module to eager).
// Events: `statechange` (detail: the state) on every edit; `render` (detail: {ok, ms, threads,
// threadsFallback}) after every result shown. Large cases compute on several threads where the
// page allows workers (threaded-compute.js); a result for a state no longer shown is dropped.
import { loadConvLab } from '../../lib/convlab.js';
import { CaseEvaluator } from '../model/evaluate.js';
import { codeFor } from '../model/pytorch-grad.js';
import {
  CASE_ATTRIBUTES,
  DEFAULT_STATE,
  attributesToState,
  completeState,
  extraQuery,
  stateToQuery,
} from '../model/state.js';
import { h } from '../views/dom.js';
import { applyLayout, buildShell, nameRegions } from '../views/shell.js';
import { renderModel, showError, showNotes, showTensorMeta } from '../views/result.js';
import { LAZY_BY_DEFAULT, WEB_ROOT } from './bundle-config.js';
import { HashSync } from './hash-sync.js';
import { copyText } from './clipboard.js';
import { styleShadowRoot } from './styles.js';
import { unwatchViewport, watchViewport } from './viewport.js';
import { CaseRunner } from './threaded-compute.js';

// web/, where "Embed" links to (in the bundle import.meta.url is the script's own URL).
const ASSET_BASE = new URL(WEB_ROOT, import.meta.url).href;
const EMBED_URLS = { scriptUrl: `${ASSET_BASE}dist/conv-playground.js`, embedUrl: `${ASSET_BASE}embed.html` };
const LAYOUT_ATTRIBUTES = ['controls', 'view', 'link-base'];

export class ConvPlayground extends HTMLElement {
  static observedAttributes = ['state', ...Object.keys(CASE_ATTRIBUTES), ...LAYOUT_ATTRIBUTES];

  #state = completeState(DEFAULT_STATE);
  #built = false;
  #runner = null; // computes a state, on several threads when it is large (threaded-compute.js)
  #generation = 0; // bumped on every recompute: an older threaded result is dropped
  #model = null;
  #ui = null;
  #hash = new HashSync(
    () => this.#state,
    (state) => this.setState(state),
  );
  #copyTimer = 0;
  #attrError = null; // an attribute no state can hold (an unknown op), shown as the error
  #onScreen = false;
  #stateSetEarly = false; // setState() before a lazy element was built: it wins over attributes

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
    const tools = this.#usesHash() ? extraQuery(location.hash) : ''; // the page's design tools' keys
    return `${base}#${stateToQuery(this.#state)}${tools}`;
  }

  /** Runnable PyTorch code for the last good result ('' before the first one). */
  get pytorchCode() {
    return this.#model ? codeFor(this.#model) : '';
  }

  /** True while the element is outside the viewport (and its CSS animations are paused). */
  get offscreen() {
    return !this.#onScreen;
  }

  attributeChangedCallback(name, old, value) {
    if (old === value || !this.#built) return; // before the first build, attributes are read then
    if (LAYOUT_ATTRIBUTES.includes(name)) this.#applyLayout();
    else if (!this.#usesHash()) this.#applyAttributes();
  }

  connectedCallback() {
    if (this.#usesHash()) this.#hash.listen();
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

  disconnectedCallback() {
    unwatchViewport(this);
    if (this.#usesHash()) this.#hash.write();
    this.#hash.unlisten();
  }

  #onViewport(visible) {
    this.#onScreen = visible;
    if (visible && !this.#built) this.#init();
    this.#ui?.pg.classList.toggle('offscreen', !visible);
  }

  #usesHash() {
    return this.hasAttribute('sync-hash');
  }

  #fromAttributes() {
    return attributesToState((name) => this.getAttribute(name));
  }

  #applyAttributes() {
    const found = this.#fromAttributes();
    if (!found) return;
    this.#state = found.state;
    this.#attrError = found.error;
    this.#ui.controls.write(this.#state);
    this.#update();
  }

  #applyLayout() {
    const page = this.#usesHash();
    const linkBase = this.hasAttribute('link-base');
    const controls = this.getAttribute('controls');
    applyLayout(this.#ui, { controls, view: this.getAttribute('view'), page, linkBase });
    if (this.#ui.embedButton.hidden) this.#toggleEmbed(false);
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
    this.#ui = buildShell(
      {
        edit: (state) => {
          const navigated = this.#usesHash() ? this.#hash.catchUp() : null;
          if (navigated) {
            // The form still shows the case before the navigation, except for what was just typed.
            const typed = Object.keys(state).filter((key) => state[key] !== this.#state[key]);
            state = { ...navigated, ...Object.fromEntries(typed.map((key) => [key, state[key]])) };
            this.#state = completeState(state);
            this.#ui.controls.write(this.#state);
          }
          this.#state = completeState({ ...this.#state, ...state });
          this.#attrError = null;
          this.#update();
        },
        view: (partial) => {
          this.#state = completeState({ ...this.#state, ...partial });
          if (partial.op) this.#ui.controls.write(this.#state);
          this.#update();
        },
        toggleEmbed: () => this.#toggleEmbed(),
        copyLink: () => {
          if (this.#usesHash()) this.#hash.write(); // the address bar agrees with the copied link at once
          this.#copy(this.shareUrl, 'Link');
        },
        copyCode: () => this.#copy(this.pytorchCode, 'PyTorch code'),
        copy: (text, what) => this.#copy(text, what),
      },
      EMBED_URLS,
    );
    nameRegions(
      this.#ui,
      this.getAttribute('aria-label') ??
        this.closest('figure')?.querySelector('figcaption')?.textContent.replace(/\s+/g, ' ').trim().slice(0, 80),
    );
    this.shadowRoot.append(...styleShadowRoot(this.shadowRoot, this.#ui.pg), this.#ui.pg);
    const fromHash = this.#usesHash() ? this.#hash.read() : null;
    const fromAttr = fromHash || this.#stateSetEarly ? null : this.#fromAttributes();
    this.#state = fromHash ?? fromAttr?.state ?? this.#state;
    this.#attrError = fromAttr?.error ?? null;
    this.#ui.pg.classList.toggle('offscreen', !this.#onScreen);
    this.#applyLayout();
    this.#ui.controls.write(this.#state);
    this.#update();
    loadConvLab().then(
      (lab) => {
        this.#runner = new CaseRunner(lab, (facade) => new CaseEvaluator(facade));
        // "xsimd sse4.1 (WASM SIMD128)" names the C++ library and the native target it was
        // written for; what runs here is WebAssembly.
        const simd = lab.buildInfo.startsWith('xsimd');
        this.#ui.buildInfo.textContent = simd
          ? 'WebAssembly SIMD kernels (128-bit vectors, written with xsimd)'
          : 'WebAssembly kernels (scalar, no SIMD)';
        this.#ui.buildInfo.title = lab.buildInfo;
        this.#update();
      },
      (err) => showError(this.#ui, `Could not load the WebAssembly module: ${err?.message ?? err}`, null, false),
    );
  }

  #update() {
    const state = this.#state;
    if (this.#usesHash()) this.#hash.schedule();
    this.dispatchEvent(new CustomEvent('statechange', { detail: this.state, bubbles: true, composed: true }));
    const ui = this.#ui;
    ui.controls.setOp(state.op);
    if (ui.embed.open) ui.embed.update(state);
    if (!this.#runner) return;
    const generation = ++this.#generation;
    const t0 = performance.now();
    if (this.#attrError) {
      showTensorMeta(ui, this.#runner.evaluator, state);
      this.#computing(false);
      this.#show(state, { ok: false, error: { message: this.#attrError, field: null } }, 1, t0);
      return;
    }
    const run = this.#runner.evaluate(state, () => generation === this.#generation);
    showTensorMeta(ui, this.#runner.evaluator, state);
    if (!run.pending) {
      this.#computing(false);
      this.#show(state, run.result, run.threads, t0);
      return;
    }
    // The last good result stays on screen, dimmed, until this one arrives (or a newer edit).
    this.#computing(true);
    run.pending.then((finish) => {
      if (!finish || generation !== this.#generation) return;
      const { result, threads } = finish();
      this.#computing(false);
      this.#show(state, result, threads, t0);
    });
  }

  #computing(on) {
    for (const node of [this.#ui.result, this.#ui.diagramCard]) node.classList.toggle('computing', on);
    if (on) this.#ui.result.setAttribute('aria-busy', 'true');
    else this.#ui.result.removeAttribute('aria-busy');
  }

  #show(state, result, threads, t0) {
    const ui = this.#ui;
    if (result.ok) {
      this.#model = result.model;
      renderModel(ui, result.model);
      showError(ui, null, null, true);
      showNotes(ui, this.#hash.notesFor(state));
    } else {
      const { message, field, geometry } = result.error;
      showError(ui, message, field, this.#model !== null);
      // What the failed plan still knows is drawn (the axis and what exceeds it); without it a
      // first, invalid case shows the message where the diagram would be.
      if (geometry || this.#model === null) {
        ui.diagram.renderFailure(state.op, geometry ?? null, message);
        ui.diagramCard.classList.remove('stale');
        delete ui.diagramCard.dataset.stale;
      }
      showNotes(ui, []);
    }
    const ms = performance.now() - t0;
    const threadsFallback = this.#runner.threadsFallback;
    this.dispatchEvent(new CustomEvent('render', { detail: { ok: result.ok, ms, threads, threadsFallback } }));
  }

  async #copy(text, what) {
    if (!text) return;
    const ok = await copyText(this.shadowRoot, text);
    const status = this.#ui.copyStatus;
    status.textContent = ok ? `${what} copied` : `Could not copy: select the text and copy it by hand`;
    clearTimeout(this.#copyTimer);
    this.#copyTimer = setTimeout(() => (status.textContent = ''), 2500);
  }
}

if (!customElements.get('conv-playground')) customElements.define('conv-playground', ConvPlayground);
