// The geometry of one call: output shape, channels and groups, the padding split, the diagram's
// axis and the multiply-adds. Every number the page shows about shapes comes from here.

/**
 * @typedef {object} Geometry
 * @property {number[]} outShape   the output's shape (from the C++ plan)
 * @property {boolean} batched     (N, C, L) rather than (C, L)
 * @property {number} N            batch size (1 when unbatched)
 * @property {number} L            input length
 * @property {number} K            kernel_size
 * @property {number} Lout         output length
 * @property {number} groups
 * @property {number} inChannels
 * @property {number} outChannels
 * @property {number} inPerGroup   in_channels / groups
 * @property {number} outPerGroup  out_channels / groups
 * @property {number} padLeft      conv1d: cells added on the left ('same' puts the odd one on the right)
 * @property {number} padRight     conv1d: cells added on the right (conv_transpose1d: 0)
 * @property {number} axisLength   conv1d: the padded input; conv_transpose1d: the uncropped output
 * @property {number} fullLength   conv1d: the padded input; conv_transpose1d: the full output before the crop
 * @property {number} kernelSpan   dilation·(kernel_size − 1) + 1: the cells one kernel covers
 * @property {number} stride
 * @property {number} dilation
 * @property {number} cropLeft     conv_transpose1d: cells padding crops from each end (0 for conv1d)
 * @property {number} cropRight    conv_transpose1d: cropLeft − output_padding
 * @property {number} outputPadding
 * @property {number} multiplyAdds the call's multiply-adds
 */

/**
 * THE ADAPTER to the C++ plan: lab.plan() plans the call once in C++ and returns its whole
 * geometry; this maps it to the fields the page reads (Geometry above), keeping the plan itself
 * for lab.run() and lab.overlap(), which reuse it without planning again. Throws the API's
 * ConvLabError (with its field) for an invalid case.
 * @returns {Geometry & {plan: object}}
 */
export function planGeometry(lab, op, inputShape, weightShape, biasShape, params) {
  return fromPlan(lab.plan(op, inputShape, weightShape, biasShape, params));
}

/** The Geometry fields of a plan (or of a ConvLabError's geometry, whose lengths failed). */
export function fromPlan(plan) {
  return {
    plan,
    outShape: plan.outputShape,
    batched: plan.batched,
    N: plan.batch,
    L: plan.inLength,
    K: plan.kernelSize,
    Lout: plan.outLength,
    groups: plan.groups,
    inChannels: plan.inChannels,
    outChannels: plan.outChannels,
    inPerGroup: plan.inPerGroup,
    outPerGroup: plan.outPerGroup,
    padLeft: plan.padLeft,
    padRight: plan.padRight,
    axisLength: plan.axisLength,
    fullLength: plan.fullLength,
    kernelSpan: plan.kernelSpan,
    stride: plan.stride,
    dilation: plan.dilation,
    cropLeft: plan.cropLeft,
    cropRight: plan.cropRight,
    outputPadding: plan.outputPadding,
    multiplyAdds: plan.multiplyAdds,
  };
}

/** The geometry's cache key: what it depends on (not the tensors' values). */
export function geometryKey(op, inputShape, weightShape, biasShape, params) {
  return JSON.stringify([op, inputShape, weightShape, biasShape, params]);
}
