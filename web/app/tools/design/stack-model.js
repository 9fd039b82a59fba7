// A layer stack (layer= repeated in the URL, with the input): each layer parsed by parseLayer,
// planned and run by the API in turn; a failure stops the stack at its layer. Compound overlap
// and receptive fields are composed from the API's per-layer overlap maps. No DOM.
import { parseLayer } from '../../../lib/design/parse-layer.js';
import { formatLayer } from '../../../lib/design/format-layer.js';
import { parseTensor, formatTensor } from '../../../lib/tensor-text.js';
import { paramsFor } from '../../../lib/ops.js';

export const MAX_LAYERS = 12;
const MAX_MAP_CELLS = 65536; // per layer: L × kernel_size and the overlap axis, as the playground
const MAX_ELEMENTS = 1 << 19;

/** The weight text of layer i (0-based): ones, or randn seeded with i. */
export function weightText(shape, weights, i) {
  const dims = shape.join(', ');
  return weights === 'randn'
    ? `torch.randn(${dims}, generator=torch.Generator().manual_seed(${i}))`
    : `torch.ones(${dims})`;
}

/**
 * -> {input, inputError, layers: [{text, layer, params, inShape, outShape, output, map, error}],
 *     output (the last good tensor), complete (every layer ran)}
 */
export function runStack(lab, inputText, layerTexts, weights = 'ones') {
  const result = { input: null, inputError: null, layers: [], output: null, complete: false };
  try {
    result.input = parseTensor(inputText, { maxElements: MAX_ELEMENTS });
  } catch (e) {
    result.inputError = `input: ${e?.message ?? e}`;
    return result;
  }
  let x = result.input;
  let ok = true;
  layerTexts.slice(0, MAX_LAYERS).forEach((text, i) => {
    const row = {
      text,
      layer: null,
      params: null,
      inShape: x?.shape ?? null,
      outShape: null,
      output: null,
      map: null,
      error: null,
    };
    result.layers.push(row);
    if (!ok) return; // an earlier layer failed: this one has no input
    try {
      row.layer = parseLayer(text);
      row.params = paramsFor(row.layer.op, row.layer);
      const w = parseTensor(weightText(row.layer.weightShape, weights, i));
      const b = row.layer.bias
        ? { shape: [row.layer.outChannels], data: new Float32Array(row.layer.outChannels) }
        : null;
      const plan = lab.plan(row.layer.op, x.shape, w.shape, b ? b.shape : null, row.params);
      if (plan.outputShape.reduce((a, c) => a * c, 1) > MAX_ELEMENTS) {
        throw new Error(
          `the output ${plan.outputShape.join('×')} is over the page's limit of ${MAX_ELEMENTS} elements`,
        );
      }
      row.output = lab.run(plan, x, w, b);
      row.outShape = row.output.shape;
      const mappable = plan.inLength * plan.kernelSize <= MAX_MAP_CELLS && plan.axisLength <= MAX_MAP_CELLS;
      row.map = mappable ? lab.overlap(plan) : null;
      x = row.output;
    } catch (e) {
      row.error = e?.message ?? String(e);
      ok = false;
    }
  });
  const ran = result.layers.filter((r) => r.output);
  result.output = ran.length ? ran[ran.length - 1].output : null;
  result.complete = ok && ran.length === result.layers.length && ran.length > 0;
  return result;
}

/** Every layer's overlap map, or null when one is missing (too big) or the stack failed. */
const mapsOf = (stack) => (stack.complete && stack.layers.every((r) => r.map) ? stack.layers.map((r) => r.map) : null);

/**
 * How many input-to-output paths (one channel, one tap per layer) reach each final output cell:
 * the checkerboard across layers. Composed from the overlap maps' entries; null if unavailable.
 */
export function compoundCounts(stack) {
  const maps = mapsOf(stack);
  if (!maps) return null;
  let counts = new Array(maps[0].inLength).fill(1);
  for (const map of maps) {
    const next = new Array(map.outLength).fill(0);
    for (const e of map.entries) if (e.output >= 0 && e.input >= 0) next[e.output] += counts[e.input];
    counts = next;
  }
  return counts;
}

/**
 * The stack input cells final output cell `cell` depends on, with how many paths reach it from
 * each: [{input, paths}] sorted by input. null if unavailable.
 */
export function receptiveField(stack, cell) {
  const maps = mapsOf(stack);
  if (!maps) return null;
  let paths = new Map([[cell, 1]]);
  for (const map of [...maps].reverse()) {
    const prev = new Map();
    for (const e of map.entries) {
      const n = paths.get(e.output);
      if (n && e.input >= 0) prev.set(e.input, (prev.get(e.input) ?? 0) + n);
    }
    paths = prev;
  }
  return [...paths.entries()].sort((a, b) => a[0] - b[0]).map(([input, n]) => ({ input, paths: n }));
}

/** An nn.Sequential with the page's weights (ones or seeded randn, zero bias) that reproduces the final output. */
export function stackCode(stack, inputText, weights) {
  const layers = stack.layers.filter((r) => r.layer);
  const lines = [
    'import torch',
    'import torch.nn as nn',
    '',
    'model = nn.Sequential(',
    ...layers.map((r) => `    ${formatLayer(r.layer)},`),
    ')',
    'with torch.no_grad():',
    '    for i, layer in enumerate(model):',
    weights === 'randn'
      ? '        layer.weight.copy_(torch.randn(layer.weight.shape, generator=torch.Generator().manual_seed(i)))'
      : '        layer.weight.fill_(1.0)',
    '        if layer.bias is not None:',
    '            layer.bias.zero_()',
    '',
    'torch.manual_seed(0)  # ConvLab draws unseeded random tensors from seed 0',
    `x = ${inputText.trim()}`,
    'with torch.no_grad():',
    '    y = model(x)',
    'print(y)',
  ];
  if (stack.output) lines.push(`# ConvLab: ${formatTensor(stack.output).split('\n').join('\n#         ')}`);
  return lines.join('\n');
}
