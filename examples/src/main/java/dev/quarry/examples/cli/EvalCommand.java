package dev.quarry.examples.cli;

import dev.quarry.Quarry;
import dev.quarry.RetrievalMode;
import dev.quarry.api.StorageException;
import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Document;
import dev.quarry.api.retrieval.Retriever;
import dev.quarry.embeddings.HuggingFaceTokenizer;
import dev.quarry.rag.bm25.Bm25Index;
import dev.quarry.rag.eval.BeirDataset;
import dev.quarry.rag.eval.Qrels;
import dev.quarry.rag.eval.RetrievalEvaluator;
import dev.quarry.rag.eval.RetrievalReport;
import dev.quarry.rag.ingest.IngestResult;
import dev.quarry.rag.retrieval.Bm25Retriever;
import dev.quarry.rag.splitter.DocumentSplitter;
import dev.quarry.rag.splitter.TokenSplitter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "eval", mixinStandardHelpOptions = true, description = {
    "Measure a retriever on a BEIR test collection (corpus.jsonl, queries.jsonl, qrels/<split>.tsv):",
    "the corpus is indexed in memory, then nDCG, recall, MRR, MAP and latency are printed."})
final class EvalCommand implements Callable<Integer> {
  /** Chunk length in tokens of the model's tokenizer, as in bench's retrieval benchmark. */
  static final int CHUNK_TOKENS = 200;
  /** Tokens shared by neighbouring chunks: an eighth of a chunk, as in bench's retrieval benchmark. */
  static final int CHUNK_OVERLAP = CHUNK_TOKENS / 8;

  @Spec CommandSpec spec;

  @Option(names = "--data", required = true, paramLabel = "<folder>", description = "The BEIR folder.")
  Path data;

  @Option(names = "--retriever", paramLabel = "dense|bm25|hybrid",
      description = "dense, bm25 or hybrid (default: ${DEFAULT-VALUE}).",
      defaultValue = "hybrid", converter = RetrievalModes.Converter.class)
  RetrievalMode retriever;

  @Option(names = "--model", paramLabel = "minilm|bge-small",
      description = "Embedding model: minilm or bge-small (default: ${DEFAULT-VALUE}).",
      defaultValue = "bge-small", converter = ModelChoice.Converter.class)
  ModelChoice model;

  @Option(names = "--split", paramLabel = "<split>",
      description = "Which judgments: qrels/<split>.tsv (default: ${DEFAULT-VALUE}).",
      defaultValue = "test")
  String split;

  @Option(names = "-k", description = "Cut-off of nDCG@k and recall@k (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + RetrievalEvaluator.DEFAULT_K)
  int k;

  @Option(names = "--depth", description = "Hits retrieved per query, for recall@depth, MRR and MAP (default:"
      + " ${DEFAULT-VALUE}).", defaultValue = "" + RetrievalEvaluator.DEFAULT_DEPTH)
  int depth;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    if (k < 1) {
      throw new IllegalArgumentException("-k must be at least 1, was " + k);
    }
    if (depth < k) {
      throw new IllegalArgumentException("--depth (" + depth + ") must be at least -k (" + k + ")");
    }
    if (!Files.isDirectory(data)) {
      throw new IllegalArgumentException("no folder " + data.toAbsolutePath());
    }
    BeirDataset dataset = BeirDataset.open(data);
    Qrels qrels = judgments(dataset);
    Map<String, String> queries = dataset.queries();
    List<Document> corpus = dataset.corpus();
    if (retriever == RetrievalMode.KEYWORD) {
      evaluateKeywordsOnly(corpus, queries, qrels, out);
    } else {
      evaluate(corpus, queries, qrels, out);
    }
    out.flush(); // print does not flush, and main exits straight after
    return 0;
  }

  /** Embeds and indexes the corpus in a Quarry in memory, then evaluates its retriever of the chosen mode. */
  private void evaluate(List<Document> corpus, Map<String, String> queries, Qrels qrels, PrintWriter out) {
    ProgressBar progress = ProgressBar.on(spec.commandLine().getErr(), "documents");
    try (Quarry quarry = Quarry.builder().embeddings(model.preset).chunkSize(CHUNK_TOKENS)
        .chunkOverlap(CHUNK_OVERLAP).ingestListener(progress).build()) {
      IngestResult ingested = quarry.ingest(corpus);
      progress.finish();
      RetrievalReport report = report(quarry.retriever(retriever), queries, qrels);
      String indexed = String.format(Locale.ROOT, "embedded and indexed in %.1f s",
          ingested.elapsed().toMillis() / 1000.0);
      print(out, report, corpus.size(), ingested.chunks(), indexed);
    }
  }

  /**
   * BM25 needs no vectors: the corpus is split as {@link #evaluate} splits it (the model's tokenizer, the same chunk
   * size) and goes straight into a keyword index in memory, so nothing is embedded.
   */
  private void evaluateKeywordsOnly(List<Document> corpus, Map<String, String> queries, Qrels qrels,
      PrintWriter out) {
    long start = System.nanoTime();
    try (HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.load(model.preset);
        Bm25Index keywords = Bm25Index.builder().build()) {
      DocumentSplitter splitter =
          TokenSplitter.builder(tokenizer).chunkSize(CHUNK_TOKENS).chunkOverlap(CHUNK_OVERLAP).build();
      List<Chunk> batch = new ArrayList<>();
      for (Document document : corpus) {
        batch.addAll(splitter.split(document));
        if (batch.size() >= 1_000) {
          keywords.upsert(batch);
          batch.clear();
        }
      }
      keywords.upsert(batch);
      String indexed = String.format(Locale.ROOT, "indexed for keyword search in %.1f s, nothing embedded",
          (System.nanoTime() - start) / 1e9);
      print(out, report(Bm25Retriever.builder(keywords).build(), queries, qrels), corpus.size(), keywords.count(),
          indexed);
    }
  }

  private RetrievalReport report(Retriever retrieverToMeasure, Map<String, String> queries, Qrels qrels) {
    return RetrievalEvaluator.builder(retrieverToMeasure).k(k).depth(depth).build().evaluate(queries, qrels);
  }

  private void print(PrintWriter out, RetrievalReport report, int documents, long chunks, String indexed) {
    out.printf(Locale.ROOT, "eval %s, split %s: %d judged queries; %d documents as %d chunks (%d tokens, %d"
        + " overlap) %s%n", data, split, report.queries().size(), documents, chunks, CHUNK_TOKENS, CHUNK_OVERLAP,
        indexed);
    out.printf(Locale.ROOT, "retriever %s, model %s, k=%d, depth=%d%n", RetrievalModes.describe(retriever), model,
        k, depth);
    out.print(report.table());
  }

  /** The split's judgments; an unknown split names the ones the folder has. */
  private Qrels judgments(BeirDataset dataset) {
    Path file = dataset.folder().resolve("qrels").resolve(split + ".tsv");
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("unknown split '" + split + "': " + data + " has qrels for "
          + String.join(", ", splits(dataset.folder().resolve("qrels"))));
    }
    return dataset.qrels(split);
  }

  private static List<String> splits(Path qrels) {
    try (Stream<Path> files = Files.list(qrels)) {
      List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tsv"))
          .map(n -> n.substring(0, n.length() - ".tsv".length())).sorted().toList();
      return names.isEmpty() ? List.of("no split") : names;
    } catch (IOException e) {
      throw new StorageException(qrels, "cannot list " + qrels, e);
    }
  }
}
