// ConvLab's tensor text helpers: the playground's tensor entry and output view.
//
//   parseTensor(text)     -> {shape, data: Float32Array}   (tensor-parse.js)
//   formatTensor(tensor)  -> the string PyTorch 1.13.1 prints (tensor-format.js)
//
// Pure ES modules with no dependencies; they run in node and in browsers.

export { parseTensor, TensorParseError, LIMITS } from './text/tensor-parse.js';
export { formatTensor } from './text/tensor-format.js';
export { TorchGenerator, torchRandn, torchRand } from './text/torch-random.js';
export { formatFixed, formatExp } from './text/py-float-format.js';
