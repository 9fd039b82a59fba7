// The gradient view's grad_output: the tensor typed in the `grad_output` state key, or ones
// shaped like the output when it is empty (PyTorch's y.sum().backward()).
import { parseTensor } from '../../lib/tensor-text.js';
import { PAGE_LIMITS } from './evaluate.js';

/** grad_output for the model; throws a ConvLabError for text that does not parse. */
export function gradOutputOf(model) {
  const text = model.state.gradOutput?.trim();
  if (!text) return { shape: model.y.shape, data: new Float32Array(model.y.data.length).fill(1) };
  return parseTensor(text, { maxElements: PAGE_LIMITS.elements });
}
