// The output-length formula, in general and with the current numbers filled in.
// (L_out itself comes from the API; the filled-in arithmetic is for reading.)

/** -> {general, filled, note} */
export function lengthFormula(model) {
  const { dims, params, isConv } = model;
  const { L, K, Lout } = dims;
  const s = params.stride;
  const d = params.dilation;
  if (isConv) {
    const pl = model.padLeft;
    const pr = model.padRight;
    const pads = pl === pr ? `2·${pl}` : `(${pl} + ${pr})`;
    let note = '';
    if (typeof params.padding === 'string') {
      note =
        params.padding === 'same'
          ? `padding='same' pads dilation·(kernel_size − 1) = ${pl + pr} cells: ${pl} on the left, ${pr} on the right.`
          : "padding='valid' means no padding.";
    }
    return {
      general: 'L_out = ⌊(L_in + 2·padding − dilation·(kernel_size − 1) − 1) / stride⌋ + 1',
      filled: `L_out = ⌊(${L} + ${pads} − ${d}·(${K}−1) − 1) / ${s}⌋ + 1 = ${Lout}`,
      note,
    };
  }
  const p = params.padding;
  const op = params.output_padding;
  return {
    general: 'L_out = (L_in − 1)·stride − 2·padding + dilation·(kernel_size − 1) + output_padding + 1',
    filled: `L_out = (${L}−1)·${s} − 2·${p} + ${d}·(${K}−1) + ${op} + 1 = ${Lout}`,
    note: '',
  };
}

/** nn.Conv1d(1, 1, kernel_size=3, padding=1, bias=False): the module these settings describe. */
export function moduleSignature(model) {
  const { dims, params, isConv, state } = model;
  const parts = [String(dims.inChannels), String(dims.outChannels), `kernel_size=${dims.K}`];
  if (params.stride !== 1) parts.push(`stride=${params.stride}`);
  if (params.padding !== 0)
    parts.push(`padding=${typeof params.padding === 'string' ? `'${params.padding}'` : params.padding}`);
  if (!isConv && params.output_padding !== 0) parts.push(`output_padding=${params.output_padding}`);
  if (params.groups !== 1) parts.push(`groups=${params.groups}`);
  if (!state.biasOn) parts.push('bias=False');
  if (params.dilation !== 1) parts.push(`dilation=${params.dilation}`);
  if (params.padding_mode !== 'zeros') parts.push(`padding_mode='${params.padding_mode}'`);
  return `nn.${isConv ? 'Conv1d' : 'ConvTranspose1d'}(${parts.join(', ')})`;
}
