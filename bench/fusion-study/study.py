#!/usr/bin/env python3
"""Offline study of label-free fusions over the leg lists that `bench/run retrieval-matrix --dump DIR` writes.

    bench/run retrieval-matrix --dump /tmp/legs/minilm            # MiniLM for English, bge-small-zh for Chinese
    bench/run retrieval-matrix --model bge-small --dump /tmp/legs/bge
    python3 bench/fusion-study/study.py /tmp/legs/minilm
    python3 bench/fusion-study/study.py --joint /tmp/legs/minilm /tmp/legs/bge   # Fusion.adaptive()'s constants

Prints nDCG@10 of both legs and of fixed fusions on each collection, then, for each family of query-adaptive
fusions, the parameters that do best on SciFact's *train* judgments and what they give on every test set, as gain
over the better leg. fuse.py reproduces Quarry's own fusions (convex under min-max and z-score, RRF) and evaluation
(chunks counted as their documents, nDCG@10 with the grade as gain) exactly: the fixed-fusion rows equal
retrieval-matrix's.
"""
import itertools
import math
import os
import sys

from fuse import convex, evaluate, load, norm_minmax, norm_z, rrf

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
SHARED = os.path.normpath(os.path.join(ROOT, "..", "shared", "data"))
CONVERTED = os.path.join(ROOT, "bench", "data", "retrieval")
FOLDERS = {"scifact": os.path.join(SHARED, "scifact"), "cranfield": os.path.join(SHARED, "cranfield"),
           "msmarco-dl": os.path.join(CONVERTED, "msmarco-dl"), "vaswani": os.path.join(CONVERTED, "vaswani"),
           "cmrc2018-zh": os.path.join(CONVERTED, "cmrc2018-zh")}


def dense(lists, row):
    return [c for c, _ in lists[0]]


def bm25(lists, row):
    return [c for c, _ in lists[1]]


def adaptive(kind, k, norm):
    """Dense weight alpha = a0 - slope * x per query, clamped to [0.05, 0.95]. x measures how much more sharply BM25
    picks its top hit than dense does: bm25 kind: log(b1 / bk) - log 2; sym kind: log(b1 / bk) - log((1 - ck) /
    (1 - c1)), the same ratio for the dense leg's cosine distances."""
    def make(a0, slope):
        def fuse(lists, row):
            b = [s for _, s in lists[1]]
            d = [s for _, s in lists[0]]
            x = 0.0
            if len(b) > k and b[k - 1] > 0 and len(d) > k:
                x = math.log(b[0] / b[k - 1])
                x -= math.log(2) if kind == "bm25" else math.log((1 - d[k - 1]) / max(1e-6, 1 - d[0]))
            alpha = min(0.95, max(0.05, a0 - slope * x))
            return convex(lists, [alpha, 1 - alpha], norm)
        return fuse
    return make


def logistic(k=10, norm=norm_z):
    """Fusion.adaptive()'s family: dense weight alpha = sigmoid(bias - slope * x), x as in adaptive("sym", ...)."""
    def make(bias, slope):
        def fuse(lists, row):
            b = [s for _, s in lists[1]]
            d = [s for _, s in lists[0]]
            x = 0.0
            if len(b) >= k and b[k - 1] > 0 and len(d) >= k and -1 <= d[k - 1] <= d[0] <= 1:
                x = math.log(b[0] / b[k - 1]) - math.log((1 - d[k - 1]) / max(1e-6, 1 - d[0]))
            alpha = 1 / (1 + math.exp(-(bias - slope * x)))
            return convex(lists, [alpha, 1 - alpha], norm)
        return fuse
    return make


LOGISTIC_GRID = list(itertools.product([0.0, 0.5, 1.0, 1.5], [1.0, 2.0, 3.0, 4.0, 6.0]))


def main(dumps):
    data = {}
    for name, folder in FOLDERS.items():
        path = os.path.join(dumps, name + ".jsonl")
        if os.path.exists(path):
            data[name] = load(path, os.path.join(folder, "qrels", "test.tsv"))
    train = None
    if "scifact" in data:
        train = (data["scifact"][0], load(os.path.join(dumps, "scifact.jsonl"),
                                          os.path.join(FOLDERS["scifact"], "qrels", "train.tsv"))[1])
    names = list(data)
    best_leg = {n: max(evaluate(*data[n], dense)[0], evaluate(*data[n], bm25)[0]) for n in names}
    fixed = {"bm25": bm25, "dense": dense,
             "convex z 0.5": lambda ls, r: convex(ls, [0.5, 0.5], norm_z),
             "convex mm 0.5": lambda ls, r: convex(ls, [0.5, 0.5], norm_minmax),
             "rrf k=60": lambda ls, r: rrf(ls, 60)}
    print(f"{'nDCG@10':16s} " + " ".join(f"{n[:11]:>11s}" for n in names))
    for label, fusion in fixed.items():
        print(f"{label:16s} " + " ".join(f"{evaluate(*data[n], fusion)[0]:11.4f}" for n in names), flush=True)
    if train is None:
        return
    print("\nadaptive families, parameters chosen on SciFact train; gain over the better leg on each test set:")
    for kind, k, norm, norm_name in [("bm25", 10, norm_z, "z"), ("bm25", 10, norm_minmax, "mm"),
                                     ("sym", 10, norm_z, "z")]:
        make = adaptive(kind, k, norm)
        chosen = max(itertools.product([0.3, 0.4, 0.5, 0.6, 0.7], [0.0, 0.25, 0.5, 0.75, 1.0, 1.5]),
                     key=lambda p: evaluate(*train, make(*p))[0])
        gains = {n: evaluate(*data[n], make(*chosen))[0] - best_leg[n] for n in names}
        print(f"  {kind:4s} k={k} {norm_name:2s} a0,slope={chosen}: "
              + " ".join(f"{n}:{g:+.4f}" for n, g in gains.items())
              + f"  min {min(gains.values()):+.4f} mean {sum(gains.values()) / len(gains):+.4f}", flush=True)


def joint(dump_dirs):
    """Fusion.adaptive()'s constants: the logistic's (bias, slope) with the best mean nDCG@10 on SciFact train over
    the encoders' dumps (MiniLM and bge-small), then its gain on every test set of each."""
    sets = []
    for dumps in dump_dirs:
        path = os.path.join(dumps, "scifact.jsonl")
        sets.append((dumps, load(path, os.path.join(FOLDERS["scifact"], "qrels", "train.tsv"))))
    make = logistic()
    chosen = max(LOGISTIC_GRID, key=lambda p: sum(evaluate(*train, make(*p))[0] for _, train in sets))
    print(f"chosen on SciFact train over {len(sets)} encoders: bias, slope = {chosen}")
    for dumps, _ in sets:
        gains = {}
        for name, folder in FOLDERS.items():
            test = load(os.path.join(dumps, name + ".jsonl"), os.path.join(folder, "qrels", "test.tsv"))
            gains[name] = evaluate(*test, make(*chosen))[0] - max(evaluate(*test, dense)[0], evaluate(*test, bm25)[0])
        print(f"  {dumps}: " + " ".join(f"{n}:{g:+.4f}" for n, g in gains.items()))


if __name__ == "__main__":
    if sys.argv[1] == "--joint":
        joint(sys.argv[2:])
    else:
        main(sys.argv[1])
