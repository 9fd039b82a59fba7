// Types of the design tools' API (lab.solveShapes, lab.invertConv1d, parseLayer): re-exported by
// ../convlab.d.ts, the package's types.
import type { Op, PaddingMode } from '../convlab.js';

/** An inclusive [min, max] range, or one number for a fixed value. */
export type IntRange = [number, number] | number;

/**
 * What lab.solveShapes searches. Ranges left out take these defaults (the solver in C++ owns them):
 * kernelSize [1, 16], stride [1, 8], dilation [1, 4], padding [0, 2^24] (any),
 * outputPadding [0, max(stride max, dilation max) - 1] (every value PyTorch allows for them).
 * Keys may also be snake_case (in_length, kernel_size, output_padding), never both spellings.
 */
export interface ShapeQuery {
  op: Op | 'Conv1d' | 'ConvTranspose1d';
  inLength: number;
  outLength: number;
  ranges?: {
    kernelSize?: IntRange;
    stride?: IntRange;
    padding?: IntRange;
    dilation?: IntRange;
    /** conv1d solutions all have 0: a range without 0 gives none. */
    outputPadding?: IntRange;
  };
}

export interface ShapeSolution {
  kernelSize: number;
  stride: number;
  /** A number: conv1d solutions use zero padding of this many cells on each side. */
  padding: number;
  dilation: number;
  /** Always 0 for conv1d. */
  outputPadding: number;
}

/** The Conv1d's settings as given, with its resolved padding. */
export interface InvertedConv1d {
  inLength: number;
  outLength: number;
  kernelSize: number;
  stride: number;
  padding: number | 'same' | 'valid';
  /** 'same' pads dilation*(kernelSize-1) cells in all, the odd one on the right. */
  padLeft: number;
  padRight: number;
  dilation: number;
  paddingMode: PaddingMode;
}

export interface Conv1dInverse {
  conv1d: InvertedConv1d;
  /** Every Conv1d input length that gives conv1d.outLength, inclusive (stride of them at most). */
  inLengths: [number, number];
  /** More than one input length gives outLength: output_padding has to choose. */
  ambiguous: boolean;
  /**
   * The ConvTranspose1d (same kernelSize, stride, dilation; padding mirrored) mapping outLength back
   * to exactly conv1d.inLength; null when none exists (lopsided padding='same'): see explanation.
   */
  convTranspose1d: ShapeSolution | null;
  /** convTranspose1d's length with outputPadding 0: outputPadding = L - baseLength gives L. */
  baseLength: number | null;
  /** The input lengths within inLengths that convTranspose1d reaches by its outputPadding. */
  recoverable: [number, number] | null;
  /** Plain words: which lengths collapse, and which outputPadding gives which length. */
  explanation: string;
}

/** A layer as PyTorch builds it from nn.Conv1d(...) / nn.ConvTranspose1d(...) text. */
export interface Layer {
  op: 'conv1d' | 'conv_transpose1d';
  inChannels: number;
  outChannels: number;
  kernelSize: number;
  stride: number;
  /** 'same' / 'valid' for conv1d only. */
  padding: number | 'same' | 'valid';
  dilation: number;
  groups: number;
  bias: boolean;
  /** Always 'zeros' for conv_transpose1d. */
  paddingMode: PaddingMode;
  /** Always 0 for conv1d. */
  outputPadding: number;
  /** PyTorch's layout: conv1d (out, in/groups, K); conv_transpose1d (in, out/groups, K). */
  weightShape: [number, number, number];
}
