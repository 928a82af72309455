import { policyWeightShapes, type PolicySpec, type PolicyWeights } from '../learn/policy-spec.js';
import { ProtoWriter } from './protobuf-writer.js';

/**
 * The policy network as an ONNX model (IR version 8, default opset 13), written with the small
 * protobuf encoder so that no ONNX package is needed. The graph is the same computation as
 * `referenceForward` in policy-spec.ts:
 *
 *   observation [N, obsSize] → (Gemm → Tanh) per hidden layer → h
 *   policy_raw = Gemm(h)                         [N, actions × heads]
 *   one head:  logits = policy_raw
 *   two heads: m = Slice(observation, market_type column)   [N, 1]
 *              logits = m · policy_raw[:, actions:] + (1 − m) · policy_raw[:, :actions]
 *   probabilities = Softmax(logits, axis −1)     [N, actions]   (output)
 *   value = Gemm(h)                              [N, 1]         (output)
 *
 * The outputs are probabilities, not logits: a confident trained policy's logits reach |10| and
 * more, where two float32 implementations (onnxruntime, tfjs) differ by ~1e-5 on their own, while
 * probabilities stay in [0, 1]. The value is in the trainer's normalised return scale (see
 * ppo-trainer.ts, ReturnNormalizer).
 *
 * Weights are initializers with raw float32 little-endian data. The batch dimension is symbolic
 * ('N'), so one file serves any batch size.
 */

export const ONNX_IR_VERSION = 8;
export const ONNX_OPSET = 13;
export const ONNX_INPUT = 'observation';
/** Internal node (not an output): the selected head's logits. */
export const ONNX_LOGITS = 'logits';
export const ONNX_PROBABILITIES = 'probabilities';
export const ONNX_VALUE = 'value';

/** onnx.proto field numbers of the messages written here. */
const Model = {
  irVersion: 1,
  producerName: 2,
  producerVersion: 3,
  modelVersion: 5,
  docString: 6,
  graph: 7,
  opsetImport: 8,
};
const OperatorSet = { domain: 1, version: 2 };
const Graph = { node: 1, name: 2, initializer: 5, input: 11, output: 12 };
const Node = { input: 1, output: 2, name: 3, opType: 4, attribute: 5 };
const Attribute = { name: 1, i: 3, type: 20 };
const ATTRIBUTE_INT = 2;
const Tensor = { dims: 1, dataType: 2, name: 8, rawData: 9 };
const ValueInfo = { name: 1, type: 2 };
const TypeProto = { tensorType: 1 };
const TensorType = { elemType: 1, shape: 2 };
const Shape = { dim: 1 };
const Dim = { value: 1, param: 2 };
const DTYPE_FLOAT = 1;
const DTYPE_INT64 = 7;

interface NodeDef {
  op: string;
  inputs: string[];
  output: string;
  /** The only attribute any node here needs (Softmax's axis). */
  axis?: number;
}

export interface OnnxExportOptions {
  /** ModelProto.doc_string, e.g. the model's name and lineage summary. */
  docString?: string;
  /** ModelProto.producer_version (default: empty). */
  producerVersion?: string;
  /** ModelProto.model_version (int64), e.g. the registration time in ms. */
  modelVersion?: number;
}

/** Encodes the policy as an ONNX ModelProto. Throws when a weight is missing or has the wrong shape. */
export function exportPolicyOnnx(
  spec: PolicySpec,
  weights: PolicyWeights,
  options: OnnxExportOptions = {},
): Uint8Array {
  const shapes = policyWeightShapes(spec);
  for (const [name, shape] of Object.entries(shapes)) {
    const w = weights[name];
    if (!w) throw new Error(`ONNX export: weight "${name}" is missing`);
    const size = shape.reduce((a, b) => a * b, 1);
    if (w.shape.join('x') !== shape.join('x') || w.data.length !== size)
      throw new Error(
        `ONNX export: weight "${name}" has shape [${w.shape.join(', ')}] (${w.data.length} values), the spec needs [${shape.join(', ')}]`,
      );
  }

  const nodes: NodeDef[] = [];
  const initializers: { name: string; dims: number[]; dtype: 'float' | 'int64'; data: ArrayLike<number> }[] =
    [];
  for (const [name, shape] of Object.entries(shapes))
    initializers.push({ name, dims: shape, dtype: 'float', data: weights[name].data });

  let h = ONNX_INPUT;
  spec.hidden.forEach((_, k) => {
    nodes.push({
      op: 'Gemm',
      inputs: [h, `encoder/${k}/kernel`, `encoder/${k}/bias`],
      output: `encoder/${k}/dense`,
    });
    nodes.push({ op: 'Tanh', inputs: [`encoder/${k}/dense`], output: `encoder/${k}/out` });
    h = `encoder/${k}/out`;
  });
  const A = spec.actions;
  if (!spec.perMarketHeads) {
    nodes.push({ op: 'Gemm', inputs: [h, 'policy/kernel', 'policy/bias'], output: ONNX_LOGITS });
  } else {
    const slice = (name: string, start: number, end: number) =>
      initializers.push(
        { name: `${name}/starts`, dims: [1], dtype: 'int64', data: [start] },
        { name: `${name}/ends`, dims: [1], dtype: 'int64', data: [end] },
        { name: `${name}/axes`, dims: [1], dtype: 'int64', data: [1] },
      );
    slice('policy/stock', 0, A);
    slice('policy/crypto', A, 2 * A);
    slice('market_type', spec.marketTypeIndex, spec.marketTypeIndex + 1);
    initializers.push({ name: 'one', dims: [], dtype: 'float', data: [1] });
    const sliceNode = (input: string, name: string): NodeDef => ({
      op: 'Slice',
      inputs: [input, `${name}/starts`, `${name}/ends`, `${name}/axes`],
      output: name,
    });
    nodes.push(
      { op: 'Gemm', inputs: [h, 'policy/kernel', 'policy/bias'], output: 'policy/raw' },
      sliceNode('policy/raw', 'policy/stock'),
      sliceNode('policy/raw', 'policy/crypto'),
      sliceNode(ONNX_INPUT, 'market_type'),
      { op: 'Sub', inputs: ['one', 'market_type'], output: 'market_type/stock_weight' },
      { op: 'Mul', inputs: ['market_type', 'policy/crypto'], output: 'policy/crypto_part' },
      { op: 'Mul', inputs: ['market_type/stock_weight', 'policy/stock'], output: 'policy/stock_part' },
      { op: 'Add', inputs: ['policy/crypto_part', 'policy/stock_part'], output: ONNX_LOGITS },
    );
  }
  nodes.push({ op: 'Softmax', inputs: [ONNX_LOGITS], output: ONNX_PROBABILITIES, axis: -1 });
  nodes.push({ op: 'Gemm', inputs: [h, 'value/kernel', 'value/bias'], output: ONNX_VALUE });

  const graph = new ProtoWriter();
  nodes.forEach((n, i) =>
    graph.message(Graph.node, (w) => {
      for (const input of n.inputs) w.string(Node.input, input);
      // Gemm's defaults (alpha = beta = 1, no transposes) are what the [in, out] kernels need: no attributes.
      w.string(Node.output, n.output)
        .string(Node.name, `${n.op.toLowerCase()}_${i}`)
        .string(Node.opType, n.op);
      if (n.axis !== undefined) {
        const axis = n.axis;
        w.message(Node.attribute, (a) =>
          a.string(Attribute.name, 'axis').int(Attribute.i, axis).int(Attribute.type, ATTRIBUTE_INT),
        );
      }
    }),
  );
  graph.string(Graph.name, 'tradelab_policy');
  for (const t of initializers)
    graph.message(Graph.initializer, (w) => writeTensor(w, t.name, t.dims, t.dtype, t.data));
  graph.message(Graph.input, (w) => writeValueInfo(w, ONNX_INPUT, ['N', spec.obsSize]));
  graph.message(Graph.output, (w) => writeValueInfo(w, ONNX_PROBABILITIES, ['N', A]));
  graph.message(Graph.output, (w) => writeValueInfo(w, ONNX_VALUE, ['N', 1]));

  const model = new ProtoWriter()
    .int(Model.irVersion, ONNX_IR_VERSION)
    .string(Model.producerName, 'tradelab')
    .string(Model.producerVersion, options.producerVersion ?? '');
  if (options.modelVersion !== undefined) model.int(Model.modelVersion, options.modelVersion);
  if (options.docString) model.string(Model.docString, options.docString);
  model.bytes(Model.graph, graph.finish());
  model.message(Model.opsetImport, (w) =>
    w.string(OperatorSet.domain, '').int(OperatorSet.version, ONNX_OPSET),
  );
  return model.finish();
}

function writeTensor(
  w: ProtoWriter,
  name: string,
  dims: number[],
  dtype: 'float' | 'int64',
  data: ArrayLike<number>,
): void {
  if (dims.length > 0) w.packedInts(Tensor.dims, dims);
  w.int(Tensor.dataType, dtype === 'float' ? DTYPE_FLOAT : DTYPE_INT64);
  w.string(Tensor.name, name);
  const width = dtype === 'float' ? 4 : 8;
  const raw = new Uint8Array(data.length * width);
  const view = new DataView(raw.buffer);
  for (let i = 0; i < data.length; i++) {
    // ONNX raw_data is little-endian whatever the host is.
    if (dtype === 'float') view.setFloat32(i * 4, data[i], true);
    else view.setBigInt64(i * 8, BigInt(data[i]), true);
  }
  w.bytes(Tensor.rawData, raw);
}

/** A float32 tensor input/output; string dims are symbolic (dim_param). */
function writeValueInfo(w: ProtoWriter, name: string, dims: (number | string)[]): void {
  w.string(ValueInfo.name, name);
  w.message(ValueInfo.type, (t) =>
    t.message(TypeProto.tensorType, (tt) =>
      tt.int(TensorType.elemType, DTYPE_FLOAT).message(TensorType.shape, (s) => {
        for (const d of dims)
          s.message(Shape.dim, (dim) =>
            typeof d === 'string' ? dim.string(Dim.param, d) : dim.int(Dim.value, d),
          );
      }),
    ),
  );
}
