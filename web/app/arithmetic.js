// The sentence under the diagram: what an output cell adds up (y[4] = 1·w[4] + 1·w[0] = 2),
// or where an input element lands. Values come from the model (the API's output).
import { fmtNum } from './num-format.js';

const MAX_TERMS = 6;

function yLabel(model, n, co, o) {
  if (model.simple) return `y[${o}]`;
  return model.dims.batched ? `y[${n}, ${co}, ${o}]` : `y[${co}, ${o}]`;
}

function xLabel(model, n, ci, i) {
  if (model.simple) return `x[${i}]`;
  return model.dims.batched ? `x[${n}, ${ci}, ${i}]` : `x[${ci}, ${i}]`;
}

function wLabel(model, ci, co, k) {
  return model.simple ? `w[${k}]` : `w[${model.wIndex(ci, co, k).join(', ')}]`;
}

function joinTerms(terms) {
  // terms: [{coef: number|null, text}] -> "1·w[4] + 1·w[0]" with minus signs pulled out
  let out = '';
  terms.forEach((t, j) => {
    let text = t.text;
    let negative = false;
    if (t.coef !== null) {
      const c = fmtNum(t.coef);
      negative = c.startsWith('-');
      text = `${negative ? c.slice(1) : c}·${t.text}`;
    }
    if (j === 0) out = negative ? `−${text}` : text;
    else out += negative ? ` − ${text}` : ` + ${text}`;
  });
  return out;
}

function clipTerms(terms) {
  if (terms.length <= MAX_TERMS + 1) return terms;
  return [...terms.slice(0, MAX_TERMS), { coef: null, text: `… (${terms.length - MAX_TERMS} more terms)` }];
}

/** Contributions to axis cell `a` (or output o) for out channel co: [{ci, e, xv, wv}]. */
export function contributions(model, n, co, entries) {
  const out = [];
  for (const ci of model.inChannelsOf(co)) {
    for (const e of entries) {
      const xv = e.input >= 0 ? model.xAt(n, ci, e.input) : 0;
      out.push({ ci, e, xv, wv: model.wAt(ci, co, e.tap) });
    }
  }
  return out;
}

/** {main, detail} for output cell o of batch n, out channel co. */
export function explainOutput(model, n, co, o) {
  const contrib = contributions(model, n, co, model.byOutput[o]);
  const value = model.yAt(n, co, o);
  const terms = contrib.map((c) => ({ coef: c.xv, text: wLabel(model, c.ci, co, c.e.tap) }));
  if (model.b) terms.push({ coef: null, text: `b[${co}]` });
  const label = yLabel(model, n, co, o);
  if (terms.length === 0) {
    return {
      main: `${label} = 0`,
      detail: 'No input element reaches this cell (the stride is wider than the kernel), so it stays 0.',
    };
  }
  const main = `${label} = ${joinTerms(clipTerms(terms))} = ${fmtNum(value)}`;
  const numeric = contrib.map((c) => ({ coef: c.xv, text: c.wv < 0 ? `(${fmtNum(c.wv)})` : fmtNum(c.wv) }));
  if (model.b) numeric.push({ coef: null, text: fmtNum(model.bAt(co)) });
  const sources = contrib
    .slice(0, MAX_TERMS)
    .map((c) =>
      c.e.input >= 0
        ? `${xLabel(model, n, c.ci, c.e.input)}${model.isConv && model.overlap.axisKind[c.e.axis] === 'padding' ? ' (padding copy)' : ''}`
        : 'zero padding',
    );
  const detail = `= ${joinTerms(clipTerms(numeric))}   ·   from ${sources.join(', ')}${contrib.length > MAX_TERMS ? ', …' : ''}`;
  return { main, detail };
}

/** Transposed conv: a cropped axis cell a. */
export function explainCropped(model, n, co, a) {
  const contrib = contributions(model, n, co, model.byAxis[a]);
  const sum = contrib.reduce((acc, c) => acc + c.xv * c.wv, 0);
  const terms = contrib.map((c) => ({ coef: c.xv, text: wLabel(model, c.ci, co, c.e.tap) }));
  const kind = model.overlap.axisKind[a];
  const where = a < model.overlap.axisOfOutput0 ? 'left' : 'right';
  return {
    main: `cropped cell ${a} = ${terms.length ? joinTerms(clipTerms(terms)) : '0'} = ${fmtNum(Math.fround(sum))} — not in y`,
    detail:
      kind === 'padding'
        ? `padding=${model.params.padding} cuts ${model.params.padding} cells off each end of the full output; this one is on the ${where}.`
        : '',
  };
}

/** Where input element i (of in channel ci) goes, for out channel co. */
export function explainInput(model, n, ci, co, i) {
  const xv = model.xAt(n, ci, i);
  const label = `${xLabel(model, n, ci, i)} = ${fmtNum(xv)}`;
  const entries = model.byInput[i];
  if (model.isConv) {
    const reads = entries.filter((e) => model.overlap.axisKind[e.axis] === 'kept');
    const copies = entries.filter((e) => model.overlap.axisKind[e.axis] !== 'kept');
    const list = reads.map((e) => `${yLabel(model, n, co, e.output)} (${wLabel(model, ci, co, e.tap)})`);
    const main = list.length
      ? `${label} is read by ${clipList(list)}`
      : `${label} is read by no output cell (the stride skips it)`;
    const copied = [...new Set(copies.map((e) => e.axis))];
    const detail = copied.length
      ? `Its ${model.params.padding_mode} padding copies (padded cells ${copied.join(', ')}) are read ${copies.length} more time${copies.length === 1 ? '' : 's'}.`
      : `${reads.length} window${reads.length === 1 ? '' : 's'} read it.`;
    return { main, detail };
  }
  const kept = entries.filter((e) => e.output >= 0);
  const cropped = entries.filter((e) => e.output < 0);
  const list = kept.map((e) => `${yLabel(model, n, co, e.output)} (+${fmtNum(xv)}·${wLabel(model, ci, co, e.tap)})`);
  const main = list.length ? `${label} lands on ${clipList(list)}` : `${label} lands only on cropped cells`;
  const detail = cropped.length
    ? `${cropped.length === 1 ? 'Its tap' : 'Its taps'} ${cropped.map((e) => wLabel(model, ci, co, e.tap)).join(', ')} ${cropped.length === 1 ? 'lands' : 'land'} on cells that padding crops.`
    : `Its scaled kernel x·w starts at ${i}·stride = ${i * model.params.stride} on the full output axis.`;
  return { main, detail };
}

/** Conv1d: a padding cell of the padded input. */
export function explainPadding(model, n, ci, co, a) {
  const src = model.overlap.axisSource[a];
  const reads = model.byAxis[a].filter((e) => e.output >= 0);
  const list = reads.map((e) => `${yLabel(model, n, co, e.output)} (${wLabel(model, ci, co, e.tap)})`);
  const what =
    src < 0
      ? `padded cell ${a} is zero padding`
      : `padded cell ${a} copies ${xLabel(model, n, ci, src)} = ${fmtNum(model.xAt(n, ci, src))} (${model.params.padding_mode})`;
  return { main: list.length ? `${what}; read by ${clipList(list)}` : `${what}; no window reads it`, detail: '' };
}

function clipList(list, max = 6) {
  return list.length > max ? `${list.slice(0, max).join(', ')}, … (${list.length} cells)` : list.join(', ');
}
