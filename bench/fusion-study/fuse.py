"""Quarry's fusions and evaluation, reproduced for the offline study (see study.py)."""
import collections
import json
import math

def load(dump, qrels_file):
    qrels = collections.defaultdict(dict)
    with open(qrels_file) as f:
        for i, line in enumerate(f):
            if i == 0 and line.startswith("query-id"): continue
            q, d, s = line.rstrip("\n").split("\t")
            qrels[q][d] = int(s)
    rows = [json.loads(l) for l in open(dump)]
    return rows, qrels

def ndcg10(ranked_docs, grades):
    dcg = sum(grades.get(d, 0) / math.log2(i + 2) for i, d in enumerate(ranked_docs[:10]))
    ideal = sorted((g for g in grades.values() if g > 0), reverse=True)[:10]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0

def docs_of(fused, doc_of):
    seen, out = set(), []
    for chunk in fused:
        d = doc_of[chunk]
        if d not in seen:
            seen.add(d); out.append(d)
    return out

def norm_minmax(scores):
    lo, hi = min(scores), max(scores)
    return [1.0 if hi == lo else (s - lo) / (hi - lo) for s in scores], 0.0

def norm_z(scores):
    if not scores or max(scores) == min(scores):
        return [0.0] * len(scores), -1.0
    m = sum(scores) / len(scores)
    sd = math.sqrt(sum((s - m) ** 2 for s in scores) / len(scores))
    z = [(s - m) / sd for s in scores]
    return z, min(z)

def convex(lists, weights, norm):
    """lists: [[(chunk, score)...], ...] best first"""
    allc = []
    seen = set()
    for l in lists:
        for c, _ in l:
            if c not in seen: seen.add(c); allc.append(c)
    total = collections.defaultdict(float)
    for l, w in zip(lists, weights):
        if not l:
            continue
        normed, floor = norm([s for _, s in l])
        by = {c: n for (c, _), n in zip(l, normed)}
        for c in allc:
            total[c] += w * by.get(c, floor)
    return sorted(allc, key=lambda c: (-total[c], c))

def rrf(lists, k=60):
    total = collections.defaultdict(float)
    for l in lists:
        for r, (c, _) in enumerate(l):
            total[c] += 1.0 / (k + r + 1)
    return sorted(total, key=lambda c: (-total[c], c))

def evaluate(rows, qrels, fuse):
    vals = []
    for row in rows:
        q = row["query"]
        if q not in qrels or not any(g > 0 for g in qrels[q].values()):
            continue
        doc_of = {}
        lists = []
        for leg in ("dense", "bm25"):
            l = []
            for d, c, s in row[leg]:
                doc_of[c] = d; l.append((c, s))
            lists.append(l)
        fused = fuse(lists, row)
        vals.append(ndcg10(docs_of(fused[:50], doc_of), qrels[q]))
    return sum(vals) / len(vals), len(vals)
