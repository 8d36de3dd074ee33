#!/usr/bin/python3
"""Convert the TF.js graph model `mobilenet_v2_mid` from npm nsfwjs into an ONNX embedding model.

Input : model.json + weights.bin as written by dump_tfjs_model.cjs (TF.js graph-model layout).
Output: an ONNX model (opset 13) with
          input      `input`     float32 [N, 3, 224, 224]  NCHW, RGB scaled to [0, 1]
          output     `embedding` float32 [N, 1792]         the graph's `feature_vector/SpatialSqueeze`
        and, only with --with-probabilities, a second output `probabilities` [N, 5] (the NSFW softmax
        head, kept for diagnostics; the bundled model omits it).

The TF graph is NHWC; the ONNX graph is NCHW, so kernels are transposed and TF "SAME" padding is
written out as explicit (possibly asymmetric) pads. The graph's own x*2-1 input scaling is kept, so
callers feed RGB/255. Only the ops this model uses are supported; anything else is an error rather
than a silent approximation.

Needs only Debian's python3-onnx (1.12) and python3-numpy. Deterministic: the same inputs give a
byte-identical file (no timestamps or host data are written).
"""

import argparse
import base64
import json
import math
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, checker, helper, numpy_helper, shape_inference

INPUT_NAME = "input"
EMBEDDING_NAME = "embedding"
PROBABILITIES_NAME = "probabilities"
FEATURE_MAP_NAME = "feature_map"
IMAGE_SIZE = 224
OPSET = 13
IR_VERSION = 7  # the lowest IR that carries opset 13; every ONNX Runtime since 1.6 reads it

# Tensor names of the graph, without the long StatefulPartitionedCall/.../predict/ prefix.
EMBEDDING_NODE_SUFFIX = "feature_vector/SpatialSqueeze"
PROBABILITIES_NODE_SUFFIX = "sequential/prediction/Softmax"


class ConversionError(Exception):
    pass


def _attr_s(node, key):
    return base64.b64decode(node["attr"][key]["s"]).decode("ascii")


def _attr_ints(node, key):
    return [int(i) for i in node["attr"][key]["list"].get("i", [])]


def _fused_ops(node):
    entries = node["attr"].get("fused_ops", {}).get("list", {}).get("s", [])
    return [base64.b64decode(s).decode("ascii") for s in entries]


def load_weights(model_dir, manifest):
    """Return {name: float32 ndarray}, dequantising uint8/uint16 weights as q * scale + min."""
    blob = open(os.path.join(model_dir, "weights.bin"), "rb").read()
    sizes = {"float32": 4, "int32": 4, "uint8": 1, "uint16": 2}
    out = {}
    offset = 0
    for group in manifest:
        for spec in group["weights"]:
            shape = [int(d) for d in spec["shape"]]
            count = int(np.prod(shape)) if shape else 1
            quant = spec.get("quantization")
            stored = quant["dtype"] if quant else spec["dtype"]
            if stored not in sizes:
                raise ConversionError(f"unsupported stored dtype {stored} for {spec['name']}")
            nbytes = count * sizes[stored]
            raw = blob[offset : offset + nbytes]
            if len(raw) != nbytes:
                raise ConversionError(f"weights.bin ends inside {spec['name']}")
            offset += nbytes
            values = np.frombuffer(raw, dtype=np.dtype(stored).newbyteorder("<"))
            if quant:
                if "min" not in quant or "scale" not in quant:
                    raise ConversionError(f"{spec['name']}: only affine (min/scale) quantisation is supported")
                # TF.js dequantises in double precision and stores float32; do the same.
                values = values.astype(np.float64) * float(quant["scale"]) + float(quant["min"])
            if spec["dtype"] != "float32":
                raise ConversionError(f"{spec['name']}: only float32 weights are expected, got {spec['dtype']}")
            out[spec["name"]] = values.astype(np.float32).reshape(shape)
    if offset != len(blob):
        raise ConversionError(f"weights.bin has {len(blob) - offset} unread trailing bytes")
    return out


def same_pads(size, kernel, stride, dilation):
    """TF 'SAME' padding for one spatial axis: (before, after, output size)."""
    effective = (kernel - 1) * dilation + 1
    out = math.ceil(size / stride)
    total = max((out - 1) * stride + effective - size, 0)
    return total // 2, total - total // 2, out


class Converter:
    def __init__(self, graph_nodes, weights, gem_p=None):
        self.gem_p = gem_p  # None: the graph's average pooling; p > 0: GeM with that exponent
        self.feature_map = None  # ONNX name of the map the global pooling reads
        self.nodes = {n["name"]: n for n in graph_nodes}
        self.weights = weights
        self.onnx_nodes = []
        self.initializers = []
        self.onnx_name = {}  # TF node name -> ONNX tensor name
        self.shape = {}  # TF node name -> (C, H, W) of one sample, NCHW view
        self.counter = 0
        self.relu6 = None

    def _fresh(self, base):
        self.counter += 1
        return f"{base}_{self.counter}"

    def _short(self, tf_name):
        return tf_name.split("/predict/")[-1].split("StatefulPartitionedCall/")[-1]

    def _const(self, name, array):
        tensor = numpy_helper.from_array(np.ascontiguousarray(array), name)
        self.initializers.append(tensor)
        return name

    def _relu6_bounds(self):
        if not self.relu6:
            self.relu6 = (
                self._const("relu6_min", np.array(0.0, dtype=np.float32)),
                self._const("relu6_max", np.array(6.0, dtype=np.float32)),
            )
        return self.relu6

    def _weight(self, tf_name):
        node = self.nodes[tf_name]
        if node["op"] != "Const":
            raise ConversionError(f"{tf_name} is expected to be a Const, is {node['op']}")
        if tf_name not in self.weights:
            raise ConversionError(f"Const {tf_name} has no entry in the weights manifest")
        return self.weights[tf_name]

    @staticmethod
    def _data_input(name):
        return name.split(":")[0].lstrip("^")

    def convert(self, output_tf_names):
        for name in output_tf_names:
            self._visit(name)

    def _visit(self, tf_name):
        if tf_name in self.onnx_name:
            return self.onnx_name[tf_name]
        node = self.nodes.get(tf_name)
        if node is None:
            raise ConversionError(f"graph has no node {tf_name}")
        inputs = [self._data_input(i) for i in node.get("input", [])]
        op = node["op"]
        short = self._short(tf_name)
        if op == "Placeholder":
            dims = [int(d["size"]) for d in node["attr"]["shape"]["shape"]["dim"]]
            if dims[1:] != [IMAGE_SIZE, IMAGE_SIZE, 3]:
                raise ConversionError(f"unexpected input shape {dims}")
            self.shape[tf_name] = (3, IMAGE_SIZE, IMAGE_SIZE)
            result = INPUT_NAME
        elif op in ("Mul", "Sub", "AddV2"):
            result = self._binary(op, inputs, short, tf_name)
        elif op == "_FusedConv2D":
            result = self._conv(node, inputs, short, tf_name, depthwise=False)
        elif op == "FusedDepthwiseConv2dNative":
            result = self._conv(node, inputs, short, tf_name, depthwise=True)
        elif op == "AvgPool":
            result = self._avg_pool(node, inputs, short, tf_name)
        elif op == "Squeeze":
            src = self._visit(inputs[0])
            c, h, w = self.shape[inputs[0]]
            dims = sorted(_attr_ints(node, "squeeze_dims"))
            if dims != [1, 2] or (h, w) != (1, 1):
                raise ConversionError(f"{short}: only squeezing a 1x1 spatial map is supported")
            result = short
            self.onnx_nodes.append(helper.make_node("Flatten", [src], [result], name=short, axis=1))
            self.shape[tf_name] = (c,)
        elif op == "_FusedMatMul":
            result = self._matmul(node, inputs, short, tf_name)
        elif op == "Softmax":
            src = self._visit(inputs[0])
            result = short
            self.onnx_nodes.append(helper.make_node("Softmax", [src], [result], name=short, axis=-1))
            self.shape[tf_name] = self.shape[inputs[0]]
        elif op == "Identity":
            result = self._visit(inputs[0])
            self.shape[tf_name] = self.shape[inputs[0]]
        else:
            raise ConversionError(f"unsupported op {op} at {tf_name}")
        self.onnx_name[tf_name] = result
        return result

    def _binary(self, op, inputs, short, tf_name):
        onnx_op = {"Mul": "Mul", "Sub": "Sub", "AddV2": "Add"}[op]
        operands = []
        shapes = []
        for name in inputs:
            if self.nodes[name]["op"] == "Const":
                value = self._weight(name)
                if value.size != 1:
                    # A per-channel constant would need an NHWC->NCHW reshape; this model has none.
                    raise ConversionError(f"{short}: only scalar constants are supported")
                operands.append(self._const(self._short(name), value.reshape([]).astype(np.float32)))
            else:
                operands.append(self._visit(name))
                shapes.append(self.shape[name])
        if not shapes or any(s != shapes[0] for s in shapes):
            raise ConversionError(f"{short}: operand shapes {shapes} differ")
        self.onnx_nodes.append(helper.make_node(onnx_op, operands, [short], name=short))
        self.shape[tf_name] = shapes[0]
        return short

    def _conv(self, node, inputs, short, tf_name, depthwise):
        if _attr_s(node, "data_format") != "NHWC":
            raise ConversionError(f"{short}: only NHWC is supported")
        if _attr_s(node, "padding") != "SAME":
            raise ConversionError(f"{short}: only SAME padding is supported")
        fused = _fused_ops(node)
        if fused not in (["BiasAdd"], ["BiasAdd", "Relu6"], ["BiasAdd", "Relu"]):
            raise ConversionError(f"{short}: unsupported fused ops {fused}")
        strides = _attr_ints(node, "strides")
        dilations = _attr_ints(node, "dilations") or [1, 1, 1, 1]
        if strides[0] != 1 or strides[3] != 1 or dilations[0] != 1 or dilations[3] != 1:
            raise ConversionError(f"{short}: batch/channel strides or dilations are not supported")
        if len(inputs) != 3:
            raise ConversionError(f"{short}: expected input, kernel and bias, got {inputs}")
        src = self._visit(inputs[0])
        c_in, h, w = self.shape[inputs[0]]
        kernel = self._weight(inputs[1])
        bias = self._weight(inputs[2])
        kh, kw = kernel.shape[0], kernel.shape[1]
        if depthwise:
            # [kh, kw, C, multiplier] -> [C * multiplier, 1, kh, kw]
            if kernel.shape[2] != c_in:
                raise ConversionError(f"{short}: depthwise kernel {kernel.shape} vs {c_in} channels")
            mult = kernel.shape[3]
            weight = kernel.reshape(kh, kw, c_in * mult).transpose(2, 0, 1)[:, None, :, :]
            c_out, group = c_in * mult, c_in
        else:
            # HWIO -> OIHW
            if kernel.shape[2] != c_in:
                raise ConversionError(f"{short}: kernel {kernel.shape} vs {c_in} input channels")
            weight = kernel.transpose(3, 2, 0, 1)
            c_out, group = kernel.shape[3], 1
        if bias.shape != (c_out,):
            raise ConversionError(f"{short}: bias {bias.shape} vs {c_out} output channels")
        top, bottom, h_out = same_pads(h, kh, strides[1], dilations[1])
        left, right, w_out = same_pads(w, kw, strides[2], dilations[2])
        w_name = self._const(self._short(inputs[1]), weight.astype(np.float32))
        b_name = self._const(self._short(inputs[2]), bias.astype(np.float32))
        conv_out = short if len(fused) == 1 else self._fresh(short + "/conv")
        self.onnx_nodes.append(
            helper.make_node(
                "Conv",
                [src, w_name, b_name],
                [conv_out],
                name=short + "/Conv",
                kernel_shape=[kh, kw],
                strides=strides[1:3],
                dilations=dilations[1:3],
                pads=[top, left, bottom, right],
                group=group,
            )
        )
        if len(fused) == 2:
            if fused[1] == "Relu6":
                lo, hi = self._relu6_bounds()
                self.onnx_nodes.append(helper.make_node("Clip", [conv_out, lo, hi], [short], name=short + "/Relu6"))
            else:
                self.onnx_nodes.append(helper.make_node("Relu", [conv_out], [short], name=short + "/Relu"))
        self.shape[tf_name] = (c_out, h_out, w_out)
        return short

    def _avg_pool(self, node, inputs, short, tf_name):
        ksize = _attr_ints(node, "ksize")
        src = self._visit(inputs[0])
        c, h, w = self.shape[inputs[0]]
        if _attr_s(node, "padding") != "VALID" or ksize[1:3] != [h, w] or ksize[0] != 1 or ksize[3] != 1:
            raise ConversionError(f"{short}: only a VALID pool over the whole {h}x{w} map is supported")
        self.feature_map = src
        if self.gem_p is None:
            self.onnx_nodes.append(helper.make_node("GlobalAveragePool", [src], [short], name=short))
        else:
            self._gem(src, short, self.gem_p)
        self.shape[tf_name] = (c, 1, 1)
        return short

    def _gem(self, src, result, p):
        """Generalised mean pooling, (mean over the map of max(x, eps)^p)^(1/p), per channel.

        The map is ReLU6 output (values in [0, 6]); eps keeps the 1/p root's gradient and value
        finite on an all-zero channel, as cirtorch's GeM does (eps 1e-6).
        """
        eps = self._const(self._fresh("gem_eps"), np.array(1e-6, dtype=np.float32))
        exponent = self._const(self._fresh("gem_p"), np.array(p, dtype=np.float32))
        inverse = self._const(self._fresh("gem_inv_p"), np.array(1.0 / p, dtype=np.float32))
        clipped = self._fresh(result + "/clip")
        powered = self._fresh(result + "/pow")
        pooled = self._fresh(result + "/mean")
        self.onnx_nodes.append(helper.make_node("Clip", [src, eps], [clipped], name=clipped))
        self.onnx_nodes.append(helper.make_node("Pow", [clipped, exponent], [powered], name=powered))
        self.onnx_nodes.append(helper.make_node("GlobalAveragePool", [powered], [pooled], name=pooled))
        self.onnx_nodes.append(helper.make_node("Pow", [pooled, inverse], [result], name=result))

    def _matmul(self, node, inputs, short, tf_name):
        if _fused_ops(node) != ["BiasAdd"]:
            raise ConversionError(f"{short}: unsupported fused ops {_fused_ops(node)}")
        if node["attr"].get("transpose_a", {}).get("b") or node["attr"].get("transpose_b", {}).get("b"):
            raise ConversionError(f"{short}: transposed MatMul is not supported")
        src = self._visit(inputs[0])
        kernel = self._weight(inputs[1])
        bias = self._weight(inputs[2])
        w_name = self._const(self._fresh("dense_kernel"), kernel.astype(np.float32))
        b_name = self._const(self._fresh("dense_bias"), bias.astype(np.float32))
        self.onnx_nodes.append(helper.make_node("Gemm", [src, w_name, b_name], [short], name=short))
        self.shape[tf_name] = (kernel.shape[1],)
        return short


def find_node(nodes, suffix):
    hits = [n["name"] for n in nodes if n["name"].endswith(suffix)]
    if len(hits) != 1:
        raise ConversionError(f"expected one node ending in {suffix}, found {hits}")
    return hits[0]


def build(model_dir, with_probabilities, metadata, gem_p=None, feature_map=False, dynamic_size=False):
    model_json = json.load(open(os.path.join(model_dir, "model.json"), encoding="utf-8"))
    if model_json.get("format") != "graph-model":
        raise ConversionError("not a TF.js graph model")
    nodes = model_json["modelTopology"]["node"]
    weights = load_weights(model_dir, model_json["weightsManifest"])

    conv = Converter(nodes, weights, gem_p)
    emb_tf = find_node(nodes, EMBEDDING_NODE_SUFFIX)
    outputs_tf = [emb_tf]
    if with_probabilities:
        outputs_tf.append(find_node(nodes, PROBABILITIES_NODE_SUFFIX))
    conv.convert(outputs_tf)

    emb_dim = conv.shape[emb_tf][0]
    # Rename the graph outputs to stable public names.
    renames = {conv.onnx_name[emb_tf]: EMBEDDING_NAME}
    output_infos = [helper.make_tensor_value_info(EMBEDDING_NAME, TensorProto.FLOAT, ["N", emb_dim])]
    if with_probabilities:
        prob_tf = outputs_tf[1]
        renames[conv.onnx_name[prob_tf]] = PROBABILITIES_NAME
        output_infos.append(
            helper.make_tensor_value_info(PROBABILITIES_NAME, TensorProto.FLOAT, ["N", conv.shape[prob_tf][0]])
        )
    if feature_map:
        # The map the global pooling reads, flattened channel-major ([N, 1792·h·w]; h = w = 7 at
        # 224), so experiments can try other poolings and regions through the same [N, d] output
        # contract as the embedding.
        conv.onnx_nodes.append(
            helper.make_node("Flatten", [conv.feature_map], [FEATURE_MAP_NAME], name=FEATURE_MAP_NAME, axis=1)
        )
        output_infos.append(helper.make_tensor_value_info(FEATURE_MAP_NAME, TensorProto.FLOAT, ["N", "chw"]))
    for n in conv.onnx_nodes:
        n.input[:] = [renames.get(i, i) for i in n.input]
        n.output[:] = [renames.get(o, o) for o in n.output]

    # Every stride-2 layer sees an even size whenever the input side is a multiple of 32, so the
    # explicit SAME pads computed at 224 hold for all such sizes: a dynamic-size model is exact there.
    side = ["H", "W"] if dynamic_size else [IMAGE_SIZE, IMAGE_SIZE]
    pooling = "average pooling" if gem_p is None else f"GeM pooling (p = {gem_p:g})"
    graph = helper.make_graph(
        conv.onnx_nodes,
        "mobilenet_v2_140_nsfwjs",
        [helper.make_tensor_value_info(INPUT_NAME, TensorProto.FLOAT, ["N", 3] + side)],
        output_infos,
        initializer=conv.initializers,
    )
    model = helper.make_model(
        graph,
        producer_name="hashstream tools/nsfwjs-onnx",
        producer_version="1",
        opset_imports=[helper.make_opsetid("", OPSET)],
        doc_string=(
            "MobileNetV2 alpha=1.4 (ImageNet-pretrained, fine-tuned by nsfwjs) as an image encoder. "
            f"Input '{INPUT_NAME}' float32 [N,3,{side[0]},{side[1]}] NCHW RGB in [0,1]; "
            f"output '{EMBEDDING_NAME}' float32 [N,{emb_dim}] (ReLU6 features after global {pooling})."
        ),
    )
    model.ir_version = IR_VERSION
    for key in sorted(metadata):
        entry = model.metadata_props.add()
        entry.key = key
        entry.value = metadata[key]
    checker.check_model(model, full_check=True)
    inferred = shape_inference.infer_shapes(model, strict_mode=True)
    dims = [d.dim_param or d.dim_value for d in inferred.graph.output[0].type.tensor_type.shape.dim]
    if dims != ["N", emb_dim]:
        raise ConversionError(f"shape inference gives {dims} for {EMBEDDING_NAME}")
    return model, emb_dim, len(conv.onnx_nodes), sum(t.ByteSize() for t in conv.initializers)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model_dir", help="directory with model.json and weights.bin (dump_tfjs_model.cjs)")
    parser.add_argument("output", help="ONNX file to write")
    parser.add_argument("--with-probabilities", action="store_true", help="also output the 5-class softmax")
    parser.add_argument("--gem-p", type=float, default=None,
                        help="pool the embedding with GeM of this exponent instead of averaging")
    parser.add_argument("--feature-map", action="store_true",
                        help="also output the last feature map (experiments only)")
    parser.add_argument("--dynamic-size", action="store_true",
                        help="dynamic input height and width (exact for multiples of 32; experiments only)")
    parser.add_argument("--source", default="npm nsfwjs@4.3.0 dist/models/mobilenet_v2_mid",
                        help="provenance string stored in the model metadata")
    parser.add_argument("--integrity", default="", help="npm integrity (sha512-...) of the source tarball")
    args = parser.parse_args(argv)

    metadata = {
        "hashstream.encoder.id": "mobilenet_v2_140_nsfwjs",
        "hashstream.encoder.input": f"{INPUT_NAME}: float32 [N,3,{IMAGE_SIZE},{IMAGE_SIZE}] NCHW RGB/255",
        "hashstream.encoder.output": f"{EMBEDDING_NAME}: float32 [N,1792] feature_vector/SpatialSqueeze",
        "source": args.source,
        "license": "MIT (Copyright (c) 2019 Infinite Red, Inc.; model: GantMan/nsfw_model, MIT)",
    }
    if args.integrity:
        metadata["source.integrity"] = args.integrity
    try:
        model, emb_dim, n_nodes, init_bytes = build(
            args.model_dir, args.with_probabilities, metadata, args.gem_p, args.feature_map, args.dynamic_size)
    except ConversionError as e:
        print(f"conversion failed: {e}", file=sys.stderr)
        return 1
    data = model.SerializeToString()
    with open(args.output, "wb") as f:
        f.write(data)
    print(f"wrote {args.output}: {len(data)} bytes, {n_nodes} nodes, embedding {emb_dim}-d, "
          f"initializers {init_bytes} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
