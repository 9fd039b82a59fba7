// A one-node ONNX model (Conv or ConvTranspose) written with a tiny protobuf encoder: only the
// fields of onnx.proto that such a model needs. Field numbers are onnx.proto's.
// Repeated scalars are written unpacked (proto2's default; every parser also accepts it).

class Writer {
  constructor() {
    this.bytes = [];
  }
  varint(v) {
    if (!Number.isSafeInteger(v) || v < 0) throw new Error(`varint: ${v} is not a non-negative safe integer`);
    while (v > 127) {
      this.bytes.push((v % 128) | 128);
      v = Math.floor(v / 128);
    }
    this.bytes.push(v);
    return this;
  }
  tag(field, wireType) {
    return this.varint(field * 8 + wireType);
  }
  int(field, v) {
    return this.tag(field, 0).varint(v);
  }
  ints(field, values) {
    for (const v of values) this.int(field, v);
    return this;
  }
  raw(field, u8) {
    this.tag(field, 2).varint(u8.length);
    for (const b of u8) this.bytes.push(b);
    return this;
  }
  string(field, s) {
    return this.raw(field, new TextEncoder().encode(s));
  }
  message(field, w) {
    return this.raw(field, w.finish());
  }
  finish() {
    return Uint8Array.from(this.bytes);
  }
}

const FLOAT = 1; // TensorProto.DataType.FLOAT
const ATTR_INT = 2,
  ATTR_INTS = 7; // AttributeProto.AttributeType

function attribute(name, value) {
  const w = new Writer().string(1, name); // name
  if (Array.isArray(value))
    w.ints(8, value).int(20, ATTR_INTS); // ints, type
  else w.int(3, value).int(20, ATTR_INT); // i, type
  return w;
}

function tensorProto(name, dims, data) {
  const w = new Writer().ints(1, dims).int(2, FLOAT).string(8, name); // dims, data_type, name
  const le = new Uint8Array(data.length * 4);
  const view = new DataView(le.buffer);
  for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i], true);
  return w.raw(9, le); // raw_data (little-endian)
}

function valueInfo(name, dims) {
  const shape = new Writer();
  for (const d of dims) shape.message(1, new Writer().int(1, d)); // TensorShapeProto.dim { dim_value }
  const tensorType = new Writer().int(1, FLOAT).message(2, shape); // TypeProto.Tensor { elem_type, shape }
  const type = new Writer().message(1, tensorType); // TypeProto { tensor_type }
  return new Writer().string(1, name).message(2, type); // ValueInfoProto { name, type }
}

/**
 * Builds the serialized ModelProto of a single Conv / ConvTranspose node:
 *   Y = op(X, W [, B]) with W (and B) as initializers.
 * spec: { op: 'Conv'|'ConvTranspose', inputShape, weightShape, weight: Float32Array,
 *         bias?: Float32Array, outputShape, attributes: { name: int | int[] } }
 */
export function buildConvModel(spec) {
  const node = new Writer().string(1, 'X').string(1, 'W');
  if (spec.bias) node.string(1, 'B');
  node.string(2, 'Y').string(3, spec.op.toLowerCase()).string(4, spec.op);
  for (const [name, value] of Object.entries(spec.attributes)) node.message(5, attribute(name, value));

  const graph = new Writer().message(1, node).string(2, 'convlab_bench');
  graph.message(5, tensorProto('W', spec.weightShape, spec.weight));
  if (spec.bias) graph.message(5, tensorProto('B', [spec.bias.length], spec.bias));
  graph.message(11, valueInfo('X', spec.inputShape));
  graph.message(12, valueInfo('Y', spec.outputShape));

  const opset = new Writer().string(1, '').int(2, 17); // OperatorSetIdProto { domain: "", version: 17 }
  return new Writer()
    .int(1, 8) // ir_version 8 (ONNX 1.10+), enough for opset 17
    .string(2, 'convlab-bench') // producer_name
    .message(7, graph)
    .message(8, opset)
    .finish();
}
