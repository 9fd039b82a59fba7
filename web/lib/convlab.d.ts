// Types for ConvLab's public JS API (web/lib/index.js, the package's "." export).
import type { Conv1dInverse, Layer, ShapeQuery, ShapeSolution } from './design/types.js';
export type { Conv1dInverse, IntRange, InvertedConv1d, Layer, ShapeQuery, ShapeSolution } from './design/types.js';

export interface Tensor {
  shape: number[];
  data: Float32Array | ArrayLike<number>;
}

/** A tensor given as {shape, data} or as nested arrays of numbers. */
export type TensorLike = Tensor | number[] | number[][] | number[][][] | ArrayLike<number>[][] | ArrayLike<number>[];

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

/** Gradients of sum(op(input, weight, bias) * gradOutput), as torch.autograd gives them. */
export interface Gradients {
  /** Shape of the input. */
  input: Result;
  /** Shape of the weight. */
  weight: Result;
  /** Shape of the bias; null when the call has none. */
  bias: Result | null;
}

/** The op's linear map on one batch element, without bias: op(x) flattened = M · x flattened. */
export interface ConvMatrix extends Result {
  /** [C_out * L_out, C_in * L_in]; data is row-major. */
  shape: [number, number];
  /** [C_in, L_in]: column c is input channel floor(c / L_in), cell c % L_in. */
  inputShape: [number, number];
  /** [C_out, L_out]: row r is output channel floor(r / L_out), cell r % L_out. */
  outputShape: [number, number];
}

/** A ConvTranspose1d call rewritten as a stride-1 Conv1d with the same output. */
export interface EquivalentConv1d {
  /** The input with `inserted` zeros between elements, padded by padLeft / padRight (negative: cropped). */
  input: Result;
  /** (C_out, C_in/groups, K): the kernel flipped, in/out channels swapped per group. */
  weight: Result;
  /** The bias, unchanged; null when the call has none. */
  bias: Result | null;
  /** For lab.conv1d: {stride: 1, padding: 0, dilation, groups}. */
  params: { stride: 1; padding: 0; dilation: number; groups: number };
  /** lab.conv1d(input, weight, bias, params): equal to lab.convTranspose1d of the original call. */
  output: Result;
  /** stride - 1. */
  inserted: number;
  /** dilation * (K - 1) - padding. */
  padLeft: number;
  /** dilation * (K - 1) - padding + output_padding. */
  padRight: number;
}

/** What an error is about: a parameter (PyTorch's name) or a tensor. */
export type ErrorField =
  | 'op'
  | 'input'
  | 'weight'
  | 'bias'
  | 'stride'
  | 'padding'
  | 'dilation'
  | 'groups'
  | 'padding_mode'
  | 'output_padding'
  /** the input's channels vs the weight and groups */
  | 'channels'
  /** the dilated kernel vs the padded input */
  | 'kernel'
  /** the output would exceed the limits */
  | 'output'
  | 'memory'
  | 'overlap'
  | 'params'
  | 'plan'
  | 'inLength'
  | 'kernelSize'
  | 'macs'
  | 'text'
  | 'formatTensor'
  /** solveShapes: the query, its lengths, a range (or the ranges as a whole: search size, answer size) */
  | 'query'
  | 'outLength'
  | 'ranges'
  | 'ranges.kernelSize'
  | 'ranges.stride'
  | 'ranges.padding'
  | 'ranges.dilation'
  | 'ranges.outputPadding'
  /** parseLayer: the layer parameter at fault (PyTorch's name; 'text' for the text itself) */
  | 'in_channels'
  | 'out_channels'
  | 'kernel_size'
  | 'device'
  | 'dtype'
  /** formatLayer */
  | 'layer'
  | 'prefix'
  | 'inChannels'
  | 'outChannels'
  /** the analysis calls: gradOutput's shape, the matrix size, matrix's inputShape, the stuffed input */
  | 'gradOutput'
  | 'matrix'
  | 'inputShape'
  | 'equivalentConv1d';

export class ConvLabError extends Error {
  /** The parameter or tensor at fault, so a page can point at its control; null if none. */
  readonly field: ErrorField | null;
  /** From plan()/conv calls whose lengths fail (the kernel outspans the padded input, or padding
   * crops the whole output): the planned geometry (outLength ≤ 0, axis = the full axis). */
  readonly geometry?: Omit<Plan, 'inputShape' | 'weightShape' | 'biasShape' | 'outputShape'> & {
    readonly outputShape: null;
  };
}

/** The whole geometry of one call, planned once in C++ (see ConvLab.plan). */
export interface Plan {
  readonly op: 'conv1d' | 'conv_transpose1d';
  readonly inputShape: readonly number[];
  readonly weightShape: readonly number[];
  readonly biasShape: readonly number[] | null;
  readonly outputShape: readonly number[];
  /** False for an unbatched (C, L) input: the output is unbatched too. */
  readonly batched: boolean;
  readonly batch: number;
  readonly inChannels: number;
  readonly outChannels: number;
  readonly inLength: number;
  readonly outLength: number;
  readonly kernelSize: number;
  readonly stride: number;
  readonly dilation: number;
  readonly groups: number;
  readonly inPerGroup: number;
  readonly outPerGroup: number;
  /** conv1d: cells padding adds at each end ('same' puts the odd one on the right); else 0. */
  readonly padLeft: number;
  readonly padRight: number;
  /** conv_transpose1d: cells padding crops from each end of the full output (cropRight < 0:
   * output_padding adds that many past its end); else 0. */
  readonly cropLeft: number;
  readonly cropRight: number;
  readonly outputPadding: number;
  /** conv1d: the padded input's length; conv_transpose1d: the uncropped output's. */
  readonly fullLength: number;
  /** The overlap map's axis (OverlapMap.axisLength / axisOfOutput0). */
  readonly axisLength: number;
  readonly axisOfOutput0: number;
  /** dilation·(kernel_size − 1) + 1: the cells one kernel covers. */
  readonly kernelSpan: number;
  /** Multiply-adds the call performs. */
  readonly multiplyAdds: number;
  readonly paddingMode: PaddingMode;
}

/** conv1dBackward / convTranspose1dBackward: the gradients for gradOutput, the upstream gradient of the call's output. */
export type Backward = (
  input: TensorLike,
  weight: TensorLike,
  bias: TensorLike | null,
  gradOutput: TensorLike,
  params?: ConvParams,
) => Gradients;

export interface ConvLab {
  conv1d(input: TensorLike, weight: TensorLike, bias?: TensorLike | null, params?: ConvParams): Result;
  convTranspose1d(input: TensorLike, weight: TensorLike, bias?: TensorLike | null, params?: ConvParams): Result;
  outputShape(op: Op, inputShape: number[], weightShape: number[], params?: ConvParams): number[];
  outputLength(op: Op, inLength: number, kernelSize: number, params?: ConvParams): number;
  overlap(op: Op, inLength: number, kernelSize: number, params?: ConvParams): OverlapMap;
  /** One channel's overlap map of a plan from plan(), without planning again. */
  overlap(plan: Plan): OverlapMap;
  /**
   * Plans a call once in C++ and returns its whole geometry; throws a ConvLabError (with
   * `field`) where PyTorch raises. run() and overlap() reuse the plan.
   */
  plan(op: Op, inputShape: number[], weightShape: number[], biasShape?: number[] | null, params?: ConvParams): Plan;
  /** Runs the kernels for a plan; the tensors must have the planned shapes. */
  run(plan: Plan, input: TensorLike, weight: TensorLike, bias?: TensorLike | null): Result;
  /** How many times the wasm module has planned a call (diagnostics: one per edit is the goal). */
  readonly planCalls: number;
  /**
   * Every {kernelSize, stride, padding, dilation, outputPadding} within the ranges that PyTorch
   * accepts and that maps inLength to exactly outLength; complete (a query whose search exceeds
   * 2^20 kernelSize x stride x dilation combinations, or whose answer exceeds 65536 solutions,
   * throws instead). Sorted simplest first: dilation; taps reaching every stride phase
   * (gcd(stride, dilation) = 1 and kernelSize >= stride) before not; padding + outputPadding;
   * kernelSize; stride; padding; outputPadding (all ascending).
   */
  solveShapes(query: ShapeQuery): ShapeSolution[];
  /** The ConvTranspose1d that gives a Conv1d's input length back, and why output_padding must choose. */
  invertConv1d(inLength: number, kernelSize: number, params?: ConvParams): Conv1dInverse;
  /** Throws if gradOutput's shape is not the conv1d output's shape (the message names both). */
  conv1dBackward: Backward;
  convTranspose1dBackward: Backward;
  /** inputShape [C_in, L] or [1, C_in, L]; throws beyond 2^22 entries. */
  matrix(op: Op, inputShape: number[], weight: TensorLike, params?: ConvParams): ConvMatrix;
  /** ConvTranspose1d params; throws where convTranspose1d would, or if the stuffed input exceeds 2^26 elements. */
  equivalentConv1d(
    input: TensorLike,
    weight: TensorLike,
    bias?: TensorLike | null,
    params?: ConvParams,
  ): EquivalentConv1d;
  /** Calls of at most `macs` multiply-adds use the scalar reference (default 256); 0 forces SIMD. */
  setTinyLimit(macs: number): void;
  /** e.g. "xsimd sse4.1 (WASM SIMD128)", plus " + relaxed SIMD kernels" when those run. */
  readonly buildInfo: string;
  /** The kernels large calls run on: relaxed SIMD where the engine has it (the default there). */
  readonly kernels: 'relaxed-simd' | 'simd' | 'scalar';
  /** 'simd': the WASM SIMD128 kernels (the same bits everywhere); 'relaxed-simd': fused multiply-adds where available. */
  setKernels(kernels: 'simd' | 'relaxed-simd'): void;
  /** Bytes of WASM linear memory. */
  readonly memoryBytes: number;
}

/** Loads the WASM module once; later calls return the same promise. */
export interface LoadOptions {
  /**
   * Threads that compute large calls (1 to 64; default 1: the synchronous API). Above 1, node
   * uses worker_threads and browsers module Web Workers, each with its own wasm module; results
   * are bit-identical to one thread. Where workers are not allowed (file:// pages, a CSP
   * without worker-src) the lab runs on the calling thread and says why in `threadsFallback`.
   */
  threads?: number;
}

/**
 * A lab over several threads: conv1d and convTranspose1d return promises (large calls are split
 * by samples, output channels or groups; small ones run on the calling thread); every other
 * method is ConvLab's synchronous one.
 */
export interface ThreadedConvLab extends Omit<ConvLab, 'conv1d' | 'convTranspose1d'> {
  conv1d(input: TensorLike, weight: TensorLike, bias?: TensorLike | null, params?: ConvParams): Promise<Result>;
  convTranspose1d(
    input: TensorLike,
    weight: TensorLike,
    bias?: TensorLike | null,
    params?: ConvParams,
  ): Promise<Result>;
  /** Threads that compute, the calling thread included (1 when workers were not allowed). */
  readonly threads: number;
  /** The `threads` asked for. */
  readonly threadsRequested: number;
  /** Why fewer threads run than requested, or null. */
  readonly threadsFallback: string | null;
  /** How many threads such a call would compute on (1: the calling thread alone), without running or checking it. */
  threadsFor(
    op: 'conv1d' | 'convTranspose1d',
    input: TensorLike,
    weight: TensorLike,
    bias?: TensorLike | null,
    params?: ConvParams,
  ): number;
  /** Stops the workers (later calls run on the calling thread). */
  close(): void;
}

export function loadConvLab(options?: { threads?: 1 }): Promise<ConvLab>;
export function loadConvLab(options: LoadOptions): Promise<ConvLab | ThreadedConvLab>;

export class TensorParseError extends ConvLabError {
  /** 0-based character offset of the problem in the text. */
  position: number;
}

/** Parses PyTorch-style tensor text: literals, torch.ones/zeros/full/arange/linspace/rand/randn, .reshape. */
export function parseTensor(text: string, limits?: { maxChars?: number; maxElements?: number }): Result;

/** Prints a float32 tensor exactly as PyTorch 1.13.1's str(tensor); throws a ConvLabError for a malformed one. */
export function formatTensor(tensor: Tensor): string;

/**
 * Reads pasted layer text: nn.Conv1d(...), torch.nn.ConvTranspose1d(...), bare Conv1d(...),
 * PyTorch's repr and print(model) lines; positional arguments in PyTorch's order and keywords.
 * Throws a ConvLabError wherever PyTorch raises building the layer or calling it on any input.
 */
export function parseLayer(text: string): Layer;

/** A layer as PyTorch code: channels positional, kernel_size and every non-default parameter. */
export function formatLayer(
  layer: Partial<Layer> & Pick<Layer, 'op' | 'inChannels' | 'outChannels' | 'kernelSize'>,
  options?: { prefix?: string },
): string;
