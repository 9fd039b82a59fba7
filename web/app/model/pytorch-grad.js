// "Copy as PyTorch" for the gradient view: the autograd script that reproduces input.grad,
// weight.grad and bias.grad for the case and its grad_output, with ConvLab's answers as
// comments. Other views copy the forward program (pytorch-code.js).
import { formatTensor } from '../../lib/tensor-text.js';
import { forwardLines, pytorchCode, tensorLines } from './pytorch-code.js';
import { gradOutputOf } from './grad-output.js';

/** The program "Copy as PyTorch" copies for the model's view. */
export function codeFor(model) {
  return model.state.diagram === 'gradient' && model.lab ? gradientCode(model) : pytorchCode(model);
}

/** The autograd program, as a string (the forward program when the gradients cannot be computed). */
export function gradientCode(model) {
  const { state, params } = model;
  let grads;
  try {
    const g = gradOutputOf(model);
    const backward = model.op === 'conv1d' ? 'conv1dBackward' : 'convTranspose1dBackward';
    grads = model.lab[backward](model.x, model.w, model.b, g, params);
  } catch {
    return pytorchCode(model);
  }
  const { lines, usesModule } = forwardLines(model, { grad: true });
  const names = usesModule ? { weight: 'conv.weight', bias: 'conv.bias' } : { weight: 'w', bias: 'b' };
  if (state.gradOutput?.trim()) lines.push(...tensorLines('grad_output', state.gradOutput));
  else lines.push('grad_output = torch.ones_like(y)');
  lines.push('y.backward(grad_output)  # the gradients of (y * grad_output).sum()');
  lines.push('print(x.grad)', `print(${names.weight}.grad)`);
  if (state.biasOn) lines.push(`print(${names.bias}.grad)`);
  const comment = (title, t) => [
    '',
    `# ConvLab's ${title}:`,
    ...formatTensor(t)
      .split('\n')
      .map((l) => `# ${l}`),
  ];
  lines.push(...comment('input.grad', grads.input), ...comment('weight.grad', grads.weight));
  if (grads.bias) lines.push(...comment('bias.grad', grads.bias));
  return lines.join('\n') + '\n';
}
