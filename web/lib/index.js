// Package entry: the convolution API, the tensor text helpers and the layer text helpers.
export { loadConvLab, ConvLabError } from './convlab.js';
export { parseTensor, formatTensor, TensorParseError } from './tensor-text.js';
export { parseLayer } from './design/parse-layer.js';
export { formatLayer } from './design/format-layer.js';
