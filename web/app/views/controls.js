// The form: operation, tensors (as text), and every parameter with its PyTorch name and
// default. Reads and writes the state object; knows nothing about computing.
import { h } from './dom.js';
import { MAX_FIELD_CHARS } from '../model/state.js';
import { fmtCount } from '../model/num-format.js';
import { OPS, OP_NAMES, PARAMS, PARAM_NAMES } from '../../lib/ops.js';

const clip = (text, max = 60) => (text.length > max ? `${text.slice(0, max)}…` : text);

const TENSOR_HINT = {
  input: Object.fromEntries(OP_NAMES.map((op) => [op, OPS[op].input])),
  weight: Object.fromEntries(OP_NAMES.map((op) => [op, OPS[op].weight.layout])),
};

export class Controls {
  constructor(onChange) {
    this.onChange = onChange;
    this.fields = {};
    this.meta = {};
    this.fieldErrors = {}; // field -> the message about it, shown next to it
    this.oversize = {}; // field -> text over MAX_FIELD_CHARS: in the state, not in the field
    this.placeholders = {};
    const fire = () => this.onChange(this.read());

    // Operation: a two-way radio group (arrow keys switch, as for any radio group).
    const opRadio = (value, label) => {
      const input = h('input', { type: 'radio', name: 'op', id: `op-${value}`, value, 'data-testid': `op-${value}` });
      this.fields[`op-${value}`] = input;
      return [input, h('label', { for: `op-${value}` }, label)];
    };
    const op = h(
      'fieldset',
      { class: 'op' },
      h('legend', {}, 'Operation'),
      h('div', { class: 'seg' }, ...OP_NAMES.map((name) => opRadio(name, OPS[name].module))),
    );

    const tensor = (name, example) => {
      const area = h('textarea', {
        id: `f-${name}`,
        rows: 2,
        spellcheck: 'false',
        autocomplete: 'off',
        autocapitalize: 'off',
        autocorrect: 'off',
        'data-testid': name,
        'aria-describedby': `m-${name}`,
        placeholder: example,
      });
      this.fields[name] = area;
      this.meta[name] = h('p', { class: 'meta', id: `m-${name}` }, '\u00a0');
      this.fieldErrors[name] = h('p', { class: 'field-error', id: `e-${name}`, 'data-testid': `error-${name}` });
      area.setAttribute('aria-describedby', `m-${name} e-${name}`);
      return area;
    };
    this.hints = {
      input: h('span', { class: 'hint' }),
      weight: h('span', { class: 'hint' }),
    };
    this.fields.biasOn = h('input', { type: 'checkbox', id: 'f-biasOn', 'data-testid': 'bias-on' });
    const tensors = h(
      'div',
      { class: 'tensors' },
      h(
        'div',
        { class: 'field' },
        h('div', { class: 'field-head' }, h('label', { for: 'f-input' }, 'input'), this.hints.input),
        tensor('input', 'torch.ones(1, 1, 7)'),
        this.meta.input,
        this.fieldErrors.input,
      ),
      h(
        'div',
        { class: 'field' },
        h('div', { class: 'field-head' }, h('label', { for: 'f-weight' }, 'weight'), this.hints.weight),
        tensor('weight', 'torch.ones(1, 1, 3)'),
        this.meta.weight,
        this.fieldErrors.weight,
      ),
      h(
        'div',
        { class: 'field' },
        h(
          'div',
          { class: 'field-head' },
          h('span', { class: 'check' }, this.fields.biasOn, h('label', { for: 'f-biasOn' }, 'bias')),
          h('label', { for: 'f-bias', class: 'hint' }, 'values (out_channels,) · off = bias=False'),
        ),
        tensor('bias', 'torch.zeros(1)'),
        this.meta.bias,
        this.fieldErrors.bias,
      ),
    );
    this.derived = h('p', { class: 'derived', 'data-testid': 'derived' }, '\u00a0');

    const params = h('div', { class: 'params' });
    this.paramWraps = {};
    for (const p of PARAMS) {
      const id = `f-${p.name}`;
      let control;
      if (p.kind === 'mode') {
        control = h(
          'select',
          { id, 'data-testid': p.name, 'aria-describedby': `d-${p.name} e-${p.name}` },
          ...p.choices.map((m) => h('option', { value: m }, m)),
        );
      } else {
        control = h('input', {
          id,
          type: 'text',
          inputmode: p.kind === 'padding' ? 'text' : 'numeric',
          autocomplete: 'off',
          spellcheck: 'false',
          'data-testid': p.name,
          'aria-describedby': `d-${p.name} e-${p.name}`,
        });
        control.addEventListener('keydown', (e) => this.#step(e, control, p.min));
      }
      this.fields[p.name] = control;
      const wrap = h(
        'div',
        { class: 'param' },
        h('label', { for: id }, p.name),
        control,
        h('span', { class: 'hint', id: `d-${p.name}` }, p.hint),
        (this.fieldErrors[p.name] = h('p', {
          class: 'field-error',
          id: `e-${p.name}`,
          'data-testid': `error-${p.name}`,
        })),
      );
      if (p.ops.length < OP_NAMES.length) wrap.dataset.only = p.ops.join(' ');
      this.paramWraps[p.name] = wrap;
      params.append(wrap);
    }

    this.root = h(
      'div',
      { class: 'controls' },
      op,
      tensors,
      this.derived,
      h(
        'fieldset',
        { class: 'params-set' },
        h('legend', {}, 'Parameters ', h('span', { class: 'hint' }, 'PyTorch names and defaults')),
        params,
      ),
    );
    this.root.addEventListener('input', (e) => {
      const name = e.target?.dataset?.testid;
      if (this.fields[name] === e.target && e.target.tagName !== 'SELECT') this.#show(name, e.target.value);
      fire();
    });
    this.fields.biasOn.addEventListener('input', () => {
      this.fields.bias.disabled = !this.fields.biasOn.checked;
    });
  }

  /** ArrowUp/ArrowDown step a whole-number field, like a number input. */
  #step(e, input, min) {
    if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
    const t = input.value.trim();
    if (!/^[+-]?\d*$/.test(t)) return;
    e.preventDefault();
    const next = Math.max(min, (t === '' || t === '+' || t === '-' ? min : Number(t)) + (e.key === 'ArrowUp' ? 1 : -1));
    input.value = String(next);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }

  /**
   * Puts text in a text field, or, when it is over MAX_FIELD_CHARS, keeps it out of the field
   * (which then shows why in its placeholder): the state keeps it and the page explains.
   */
  #show(name, text) {
    const control = this.fields[name];
    this.placeholders[name] ??= control.getAttribute('placeholder') ?? '';
    if (text.length > MAX_FIELD_CHARS) {
      this.oversize[name] = text;
      if (control.value !== '') control.value = '';
      control.placeholder = `${fmtCount(text.length)} characters, over the limit of ${fmtCount(MAX_FIELD_CHARS)}: not shown. Type or paste something shorter.`;
    } else {
      delete this.oversize[name];
      if (control.value !== text) control.value = text;
      if (control.placeholder !== this.placeholders[name]) control.placeholder = this.placeholders[name];
    }
  }

  #text(name) {
    return this.oversize[name] ?? this.fields[name].value;
  }

  read() {
    const f = this.fields;
    const state = {
      op: OP_NAMES.find((name) => f[`op-${name}`].checked) ?? OP_NAMES[0],
      input: this.#text('input'),
      weight: this.#text('weight'),
      biasOn: f.biasOn.checked,
      bias: this.#text('bias'),
    };
    for (const name of PARAM_NAMES) state[name] = this.#text(name);
    return state;
  }

  write(state) {
    const f = this.fields;
    for (const name of OP_NAMES) f[`op-${name}`].checked = state.op === name;
    for (const name of ['input', 'weight', 'bias']) this.#show(name, state[name]);
    f.biasOn.checked = state.biasOn;
    f.bias.disabled = !state.biasOn;
    for (const p of PARAMS) {
      const name = p.name;
      const control = f[name];
      if (p.kind === 'mode') {
        // A value from a link that is not an option: show it (shortened) so the error makes
        // sense; the one shown before goes.
        for (const option of [...control.options]) {
          if (!p.choices.includes(option.value) && option.value !== state[name]) option.remove();
        }
        if (![...control.options].some((o) => o.value === state[name]))
          control.append(h('option', { value: state[name] }, clip(state[name])));
        if (control.value !== state[name]) control.value = state[name];
      } else {
        this.#show(name, state[name]);
      }
    }
    this.setOp(state.op);
  }

  setOp(op) {
    this.hints.input.textContent = TENSOR_HINT.input[op];
    this.hints.weight.textContent = TENSOR_HINT.weight[op];
    for (const [name, wrap] of Object.entries(this.paramWraps)) {
      const inactive = Boolean(wrap.dataset.only) && !wrap.dataset.only.split(' ').includes(op);
      wrap.classList.toggle('inactive', inactive);
      // Not this op's parameter: not editable, not in the tab order (its value is kept).
      this.fields[name].disabled = inactive;
      wrap.title = inactive ? `${name} is not a parameter of ${OPS[op].module}` : '';
    }
  }

  /**
   * Marks the field an error is about (or none) and puts the message next to it (a tensor's
   * under its shape line, a parameter's under its hint), so on a phone it is where the eye is.
   */
  markInvalid(field, message = '') {
    for (const [name, control] of Object.entries(this.fields)) {
      if (name.startsWith('op-') || name === 'biasOn') continue;
      const at = name === field;
      if (at) control.setAttribute('aria-invalid', 'true');
      else control.removeAttribute('aria-invalid');
      const box = this.fieldErrors[name];
      if (!box) continue;
      // A tensor's parse message is already on its meta line.
      const shown = at && message && !this.meta[name]?.textContent.includes(message.replace(/^\w+: /, ''));
      box.textContent = shown ? message : '';
    }
  }

  setMeta(name, text) {
    this.meta[name].textContent = text || '\u00a0';
  }
}
