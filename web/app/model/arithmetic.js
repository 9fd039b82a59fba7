// The sentences under the diagram, in the parts every view shares: labels, sums of terms, and
// what an output cell adds up (y[4] = 1·w[4] + 1·w[0] = 2). Each view (web/app/diagram/views/)
// explains its own cells with these. Values come from the model (the API's output).
import { fmtNum } from './num-format.js';

const MAX_TERMS = 6;

export function yLabel(model, n, co, o) {
  if (model.simple) return `y[${o}]`;
  return model.dims.batched ? `y[${n}, ${co}, ${o}]` : `y[${co}, ${o}]`;
}

export function xLabel(model, n, ci, i) {
  if (model.simple) return `x[${i}]`;
  return model.dims.batched ? `x[${n}, ${ci}, ${i}]` : `x[${ci}, ${i}]`;
}

export function wLabel(model, ci, co, k) {
  return model.simple ? `w[${k}]` : `w[${model.wIndex(ci, co, k).join(', ')}]`;
}

export function joinTerms(terms) {
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

export function clipTerms(terms) {
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

/** Output cell o's sum per in channel: [{ci, sum}] (float32, as the kernels add). */
export function channelParts(model, n, co, o) {
  const parts = new Map(model.inChannelsOf(co).map((ci) => [ci, 0]));
  for (const c of contributions(model, n, co, model.byOutput[o])) {
    parts.set(c.ci, Math.fround(parts.get(c.ci) + Math.fround(c.xv * c.wv)));
  }
  return [...parts].map(([ci, sum]) => ({ ci, sum }));
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
        ? `${xLabel(model, n, c.ci, c.e.input)}${model.overlap.axisKind[c.e.axis] === 'padding' ? ' (padding copy)' : ''}`
        : 'zero padding',
    );
  const from = `from ${sources.join(', ')}${contrib.length > MAX_TERMS ? ', …' : ''}`;
  if (model.dims.CinG > 1) {
    // Every number adds up: the parts per x channel (each one row of Σ in the diagram), then y.
    const parts = channelParts(model, n, co, o).map((p) => ({ coef: null, text: `${fmtNum(p.sum)} (x ch ${p.ci})` }));
    if (model.b) parts.push({ coef: null, text: `${fmtNum(model.bAt(co))} (b)` });
    return { main, detail: `= ${joinTerms(parts)} = ${fmtNum(value)}   ·   ${from}` };
  }
  const detail = `= ${joinTerms(clipTerms(numeric))}   ·   ${from}`;
  return { main, detail };
}

export function clipList(list, max = 6) {
  return list.length > max ? `${list.slice(0, max).join(', ')}, … (${list.length} cells)` : list.join(', ');
}
