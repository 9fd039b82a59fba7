// Types for ConvLab's public JS API (web/lib/index.js, the package's "." export).

export interface Tensor {
  shape: number[];
  data: Float32Array | ArrayLike<number>;
}

/** A tensor given as {shape, data} or as nested arrays of numbers. */
export type TensorLike = Tensor | number[] | number[][] | number[][][];

export interface Result {
  shape: number[];
  data: Float32Array;
}

export type PaddingMode = 'zeros' | 'reflect' | 'replicate' | 'circular';
export type Op = 'conv1d' | 'conv_transpose1d' | 'convTranspose1d';
type IntOrTuple = number | [number];

/** PyTorch's parameter names and defaults; camelCase or snake_case. */
export interface ConvParams {
  stride?: IntOrTuple;
  /** A number, or 'same' / 'valid' (conv1d only). */
  padding?: IntOrTuple | 'same' | 'valid';
  dilation?: IntOrTuple;
  groups?: number;
  /** conv1d only. */
  paddingMode?: PaddingMode;
  padding_mode?: PaddingMode;
  /** conv_transpose1d only. */
  outputPadding?: IntOrTuple;
  output_padding?: IntOrTuple;
}

export type AxisKind = 'kept' | 'padding' | 'output_padding';

export interface OverlapEntry {
  /** Output cell, or -1 for a cell that padding crops (conv_transpose1d). */
  output: number;
  /** conv1d: padded position read; conv_transpose1d: uncropped position written. */
  axis: number;
  /** conv1d: input element copied (-1 = zero padding); conv_transpose1d: input element. */
  input: number;
  /** Kernel tap k. */
  tap: number;
}

export interface OverlapMap {
  op: 'conv1d' | 'conv_transpose1d';
  inLength: number;
  kernelSize: number;
  outLength: number;
  /** conv1d: padded input length; conv_transpose1d: uncropped output plus output_padding cells. */
  axisLength: number;
  /** conv_transpose1d: output cell o sits at axis o + axisOfOutput0 (= padding). */
  axisOfOutput0: number;
  /** conv1d: input index each axis cell holds (-1: zero); transposed: output index (-1: cropped). */
  axisSource: number[];
  axisKind: AxisKind[];
  /** How many (input, tap) products touch each axis cell. */
  axisCount: number[];
  /** Ordered by output cell, then tap. */
  entries: OverlapEntry[];
}

export class ConvLabError extends Error {}

export interface ConvLab {
  conv1d(input: TensorLike, weight: TensorLike, bias?: TensorLike | null, params?: ConvParams): Result;
  convTranspose1d(input: TensorLike, weight: TensorLike, bias?: TensorLike | null, params?: ConvParams): Result;
  outputShape(op: Op, inputShape: number[], weightShape: number[], params?: ConvParams): number[];
  outputLength(op: Op, inLength: number, kernelSize: number, params?: ConvParams): number;
  overlap(op: Op, inLength: number, kernelSize: number, params?: ConvParams): OverlapMap;
  /** Calls of at most `macs` multiply-adds use the scalar reference (default 256); 0 forces SIMD. */
  setTinyLimit(macs: number): void;
  /** e.g. "xsimd sse4.1 (WASM SIMD128)". */
  readonly buildInfo: string;
  /** Bytes of WASM linear memory. */
  readonly memoryBytes: number;
}

/** Loads the WASM module once; later calls return the same promise. */
export function loadConvLab(): Promise<ConvLab>;

export class TensorParseError extends Error {
  /** 0-based character offset of the problem in the text. */
  position: number;
}

/** Parses PyTorch-style tensor text: literals, torch.ones/zeros/full/arange/linspace/rand/randn, .reshape. */
export function parseTensor(text: string, limits?: { maxChars?: number; maxElements?: number }): Result;

/** Prints a float32 tensor exactly as PyTorch 1.13.1's str(tensor). */
export function formatTensor(tensor: Tensor): string;
