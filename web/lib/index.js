// Package entry: the convolution API and the tensor text helpers.
export { loadConvLab, ConvLabError } from './convlab.js';
export { parseTensor, formatTensor, TensorParseError } from './tensor-text.js';
