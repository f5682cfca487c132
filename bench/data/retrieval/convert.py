#!/usr/bin/env python3
"""Converts public IR test collections into the BEIR layout for `bench/run retrieval-matrix`.

Each collection is written to OUT/<name>/: corpus.jsonl.gz (_id, title, text), queries.jsonl (_id, text) and
qrels/test.tsv (header query-id, corpus-id, score; only judged-relevant pairs, score > 0). The sources are git
snapshots of public repositories (bare repositories, read with `git show <commit>:<path>`), pinned by commit:

  msmarco-dl   castorini/rank_llm (passage texts of six systems' top 100, TREC DL 2019 and 2020) and
               castorini/anserini-tools (the TREC DL 2019/2020 passage qrels, graded 0-3)
  vaswani      terrier-org/terrier-core share/vaswani_npl (the NPL / Vaswani collection in TREC format)
  cmrc2018-zh  ymcui/cmrc2018 squad-style-data (CMRC 2018 dev and trial: paragraphs, and the questions asked of them)
  qbqtc-zh     CLUEbenchmark/QBQTC (QQ Browser query-title relevance, graded 0-2): the first release's train, dev and
               test_public files (queries with about 19 judged web-page titles each), plus the later release's titles
               as unjudged distractors

Usage: convert.py MIRROR_DIR OUT_DIR   (MIRROR_DIR holds owner+name/repo bare repositories)
The output is deterministic: rerunning it writes identical files (gzip without a time stamp).
"""
import gzip
import json
import os
import re
import subprocess
import sys

RANK_LLM = ("castorini+rank_llm", "8ad23b982320c54ecb6e0a19191b6eca19c804a6")
RANK_LLM_REPLLAMA_DL20 = "3f9564d3abbb2ed61f0d221e056f5a9020380bac"
ANSERINI_TOOLS = ("castorini+anserini-tools", "5b819c1a45c8a0a3ec9426f476694f44a29dfaf3")
TERRIER = ("terrier-org+terrier-core", "3ceec7d89cb943a56e4bf298b00897d4221d0002")
CMRC = ("ymcui+cmrc2018", "c0eb1b6ba219847457e6af3180da722bbeb656af")
QBQTC = "CLUEbenchmark+QBQTC"
QBQTC_FIRST = "0a540bcbc4f28515b923269d6fe0c7faaa59a878"  # judged lists: "query", "title", "relevant"
QBQTC_LATER = "37a90b8923ae3b23e55e16ed1e2a6389574d8837"  # query-title pairs; only their titles are used
SYSTEMS = ["BM25", "BM25_RM3", "D_BERT_KD_TASB", "OPEN_AI_ADA2", "SPLADE_P_P_ENSEMBLE_DISTIL", "REP_LLAMA"]


def show(mirror, repo, commit, path):
    git_dir = os.path.join(mirror, repo, "repo")
    return subprocess.run(["git", "--git-dir", git_dir, "show", f"{commit}:{path}"], check=True,
                          capture_output=True).stdout


def write(out, name, corpus, queries, qrels):
    folder = os.path.join(out, name)
    os.makedirs(os.path.join(folder, "qrels"), exist_ok=True)
    with open(os.path.join(folder, "corpus.jsonl.gz"), "wb") as raw:
        with gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as f:
            for doc_id in sorted(corpus, key=sort_key):
                title, text = corpus[doc_id]
                f.write((json.dumps({"_id": doc_id, "title": title, "text": text}, ensure_ascii=False) + "\n")
                        .encode("utf-8"))
    judged = sorted({q for q, _, _ in qrels}, key=sort_key)
    with open(os.path.join(folder, "queries.jsonl"), "w", encoding="utf-8") as f:
        for query_id in judged:
            f.write(json.dumps({"_id": query_id, "text": queries[query_id]}, ensure_ascii=False) + "\n")
    with open(os.path.join(folder, "qrels", "test.tsv"), "w", encoding="utf-8") as f:
        f.write("query-id\tcorpus-id\tscore\n")
        for q, d, s in sorted(qrels, key=lambda r: (sort_key(r[0]), sort_key(r[1]))):
            f.write(f"{q}\t{d}\t{s}\n")
    print(f"{name}: {len(corpus)} documents, {len(judged)} queries, {len(qrels)} judgments")


def sort_key(value):
    return (0, int(value), "") if value.isdigit() else (1, 0, value)


def msmarco_dl(mirror):
    corpus, queries, qrels = {}, {}, []
    for year in ("dl19", "dl20"):
        for system in SYSTEMS:
            commit = RANK_LLM_REPLLAMA_DL20 if (system, year) == ("REP_LLAMA", "dl20") else RANK_LLM[1]
            path = f"retrieve_results/{system}/retrieve_results_{year}.json"
            for entry in json.loads(show(mirror, RANK_LLM[0], commit, path)):
                for hit in entry["hits"]:
                    # the systems' copies of a passage differ in runs of spaces only
                    qid, docid, text = str(hit["qid"]), str(hit["docid"]), " ".join(hit["content"].split())
                    if queries.setdefault(qid, entry["query"].strip()) != entry["query"].strip():
                        raise ValueError(f"query {qid} has two texts")
                    if corpus.setdefault(docid, ("", text))[1] != text:
                        raise ValueError(f"passage {docid} has two texts")
        lines = show(mirror, *ANSERINI_TOOLS, f"qrels/qrels.{year}-passage.txt").decode().splitlines()
        for line in lines:
            qid, _, docid, grade = line.split()
            if int(grade) > 0 and docid in corpus and qid in queries:
                qrels.append((qid, docid, int(grade)))
    return corpus, queries, qrels


def vaswani(mirror):
    base = "share/vaswani_npl/"
    docs = show(mirror, *TERRIER, base + "corpus/doc-text.trec").decode()
    corpus = {}
    for m in re.finditer(r"<DOC>\s*<DOCNO>(\d+)</DOCNO>(.*?)</DOC>", docs, re.S):
        corpus[m.group(1)] = ("", " ".join(m.group(2).split()))
    topics = show(mirror, *TERRIER, base + "query-text.trec").decode()
    queries = {}
    for m in re.finditer(r"<num>(\d+)</num>\s*<title>(.*?)</title>", topics, re.S | re.I):
        queries[m.group(1)] = " ".join(m.group(2).split()).lower()
    qrels = []
    for line in show(mirror, *TERRIER, base + "qrels").decode().splitlines():
        qid, _, docid, grade = line.split()
        if int(grade) > 0:
            qrels.append((qid, docid, int(grade)))
    return corpus, queries, qrels


def cmrc2018(mirror):
    corpus, queries, qrels = {}, {}, []
    for split in ("trial", "dev"):
        data = json.loads(show(mirror, *CMRC, f"squad-style-data/cmrc2018_{split}.json"))
        for article in data["data"]:
            for paragraph in article["paragraphs"]:
                corpus[paragraph["id"]] = (article.get("title", "").strip(), paragraph["context"].strip())
                for qa in paragraph["qas"]:
                    queries[qa["id"]] = qa["question"].strip()
                    qrels.append((qa["id"], paragraph["id"], 1))
    return corpus, queries, qrels


def qbqtc(mirror):
    titles, queries, grades = {}, {}, {}

    def title_id(title):
        return titles.setdefault(" ".join(title.split()), str(len(titles) + 1))

    for split in ("train", "dev", "test_public"):
        for line in show(mirror, QBQTC, QBQTC_FIRST, f"dataset/{split}.json").decode().splitlines():
            if line.strip():
                row = json.loads(line)
                query = " ".join(row["query"].split())
                qid = queries.setdefault(query, f"q{len(queries) + 1}")
                key = (qid, title_id(row["title"]))
                grades[key] = max(grades.get(key, 0), int(row["relevant"]))
    for split in ("dev", "test_public", "test"):  # not the later train.json: over a snapshot's 4 MiB per file
        for line in show(mirror, QBQTC, QBQTC_LATER, f"dataset/{split}.json").decode().splitlines():
            if line.strip():
                title_id(json.loads(line)["title"])
    corpus = {doc_id: ("", title) for title, doc_id in titles.items()}
    qrels = [(q, d, g) for (q, d), g in grades.items() if g > 0]
    return corpus, {qid: query for query, qid in queries.items()}, qrels


if __name__ == "__main__":
    mirror, out = sys.argv[1], sys.argv[2]
    write(out, "msmarco-dl", *msmarco_dl(mirror))
    write(out, "vaswani", *vaswani(mirror))
    write(out, "cmrc2018-zh", *cmrc2018(mirror))
    write(out, "qbqtc-zh", *qbqtc(mirror))
