// The diagram's channel pickers: batch n, out channel, in channel (each shown only when there is
// a choice).
import { h } from '../views/dom.js';
import { LIMITS } from './config.js';

function picker(label, onChange) {
  const select = h('select', { onchange: () => onChange(Number(select.value)) });
  const wrap = h('label', { class: 'picker' }, h('span', {}, label), select);
  return { wrap, select };
}

function setOptions(select, values, labelOf, selected) {
  const shown = values.length > LIMITS.maxOptions ? values.slice(0, LIMITS.maxOptions) : values;
  const more = values.length - shown.length;
  const labels = shown.map(labelOf);
  const key = `${labels.join('|')}|${more}`;
  if (select.dataset.options !== key) {
    select.replaceChildren(
      ...shown.map((value, i) => h('option', { value: String(value) }, labels[i])),
      more ? h('option', { value: '', disabled: true }, `… ${more} more not listed`) : null,
    );
    select.dataset.options = key;
  }
  select.value = String(selected);
}

export class ChannelPickers {
  /** onPick(which, value): which is 'n', 'co' or 'ci'. */
  constructor(onPick) {
    this.batch = picker('batch n', (value) => onPick('n', value));
    this.outCh = picker('out channel', (value) => onPick('co', value));
    this.inCh = picker('in channel', (value) => onPick('ci', value));
    this.root = h('div', { class: 'pickers', hidden: true }, this.batch.wrap, this.outCh.wrap, this.inCh.wrap);
  }

  /** Shows the choices the model offers, with the view's selection. */
  update(model, view) {
    const d = model.dims;
    this.batch.wrap.hidden = d.N <= 1;
    this.outCh.wrap.hidden = d.Cout <= 1;
    this.inCh.wrap.hidden = d.CinG <= 1;
    setOptions(this.batch.select, [...Array(Math.max(d.N, 1)).keys()], (n) => `n = ${n}`, view.n);
    setOptions(
      this.outCh.select,
      [...Array(d.Cout).keys()],
      (c) => `y channel ${c} (group ${model.groupOfOut(c)})`,
      view.co,
    );
    setOptions(this.inCh.select, model.inChannelsOf(view.co), (c) => `x channel ${c}`, view.ci);
    this.root.hidden = d.N <= 1 && d.Cout <= 1 && d.CinG <= 1;
  }
}
