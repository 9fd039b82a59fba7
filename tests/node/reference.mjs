// Plain-JS PyTorch formulas for the property tests: float64 sums, every padding mode.
// Returns null where PyTorch raises (the tests then expect a ConvLabError).

function source(j, length, mode) {
  if (j >= 0 && j < length) return j;
  if (mode === 'zeros') return -1;
  if (mode === 'reflect') return j < 0 ? -j : 2 * (length - 1) - j;
  if (mode === 'replicate') return j < 0 ? 0 : length - 1;
  return j < 0 ? j + length : j - length; // circular
}

export function conv1dReference(input, weight, bias, p) {
  const batched = input.shape.length === 3;
  const [N, C, L] = batched ? input.shape : [1, ...input.shape];
  const [Cout, Cig, K] = weight.shape;
  const { stride: s, dilation: d, groups: G, mode } = p;
  if (Cig * G !== C || Cout % G !== 0 || L === 0 || K === 0 || Cout === 0 || Cig === 0) return null;
  const span = d * (K - 1);
  let left = p.padding,
    right = p.padding;
  if (p.padding === 'same') {
    if (s !== 1) return null;
    left = Math.floor(span / 2);
    right = span - left;
  } else if (p.padding === 'valid') left = right = 0;
  if (mode === 'reflect' && Math.max(left, right) >= L) return null;
  if (mode === 'circular' && Math.max(left, right) > L) return null;
  const padded = L + left + right;
  if (padded < span + 1) return null;
  const Lout = Math.floor((padded - span - 1) / s) + 1;
  const out = new Float64Array(N * Cout * Lout);
  const cog = Cout / G;
  for (let n = 0; n < N; n++)
    for (let oc = 0; oc < Cout; oc++) {
      const g = Math.floor(oc / cog);
      for (let o = 0; o < Lout; o++) {
        let acc = bias ? bias[oc] : 0;
        for (let ic = 0; ic < Cig; ic++)
          for (let k = 0; k < K; k++) {
            const j = source(o * s + k * d - left, L, mode);
            if (j >= 0) acc += input.data[(n * C + g * Cig + ic) * L + j] * weight.data[(oc * Cig + ic) * K + k];
          }
        out[(n * Cout + oc) * Lout + o] = acc;
      }
    }
  return { shape: batched ? [N, Cout, Lout] : [Cout, Lout], data: out };
}

export function convTranspose1dReference(input, weight, bias, p) {
  const batched = input.shape.length === 3;
  const [N, C, L] = batched ? input.shape : [1, ...input.shape];
  const [Cin, Cog, K] = weight.shape;
  const { stride: s, dilation: d, groups: G, padding: pad, outputPadding: op } = p;
  if (Cin !== C || Cin === 0 || Cin % G !== 0 || Cog === 0 || L === 0 || K === 0) return null;
  if (op >= s && op >= d) return null;
  const full = (L - 1) * s + d * (K - 1) + 1;
  const Lout = full - 2 * pad + op;
  if (Lout < 1) return null;
  const Cout = Cog * G;
  const cig = Cin / G;
  const out = new Float64Array(N * Cout * Lout);
  for (let n = 0; n < N; n++)
    for (let oc = 0; oc < Cout; oc++)
      for (let o = 0; o < Lout; o++) out[(n * Cout + oc) * Lout + o] = bias ? bias[oc] : 0;
  for (let n = 0; n < N; n++)
    for (let ic = 0; ic < Cin; ic++) {
      const g = Math.floor(ic / cig);
      for (let i = 0; i < L; i++)
        for (let co = 0; co < Cog; co++)
          for (let k = 0; k < K; k++) {
            const o = i * s + k * d - pad;
            if (o >= 0 && o < Lout) {
              out[(n * Cout + g * Cog + co) * Lout + o] +=
                input.data[(n * C + ic) * L + i] * weight.data[(ic * Cog + co) * K + k];
            }
          }
    }
  return { shape: batched ? [N, Cout, Lout] : [Cout, Lout], data: out };
}
