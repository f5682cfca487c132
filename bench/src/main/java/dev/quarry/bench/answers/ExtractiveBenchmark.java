package dev.quarry.bench.answers;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.Quarry;
import dev.quarry.RetrievalMode;
import dev.quarry.bench.Options;
import dev.quarry.rag.eval.BeirDataset;
import dev.quarry.rag.eval.Qrels;
import dev.quarry.rag.budget.ContextBudget;
import dev.quarry.rag.pipeline.Answer;
import dev.quarry.rag.pipeline.AnswerMode;
import dev.quarry.rag.pipeline.Rag;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code bench/run extractive --data ../shared/data/scifact}: how often Quarry's extractive answer (no chat model,
 * every default: hybrid retrieval, 8 chunks, the model's sentence similarity) cites a relevant passage first, on
 * the judged claims of a BEIR split; and how often it declines to answer questions the corpus cannot answer (a
 * fixed list of everyday questions, nothing to do with biomedical claims).
 *
 * <p>"First cited passage relevant": the document of the answer's first citation is judged relevant to the claim.
 * Over all claims an answer that cites nothing counts as a miss; the share among answers that cite is printed too.
 * Options: {@code --split test}, {@code --limit 0} (claims to ask; 0 for all), {@code --sweep 0.2,0.3,0.4} (try
 * these extractive {@code minScore} values first, on {@code --sweep-split train}, {@code --sweep-limit 150}
 * claims: how the default threshold was chosen, never on the reported split).
 */
public final class ExtractiveBenchmark {
  /** Questions a corpus of biomedical abstracts has no answer to. */
  static final List<String> OFF_TOPIC = List.of(
      "How do I make coffee?",
      "What is the capital of France?",
      "How do I reset my router password?",
      "Who won the football world cup in 2014?",
      "What time does the train to Lyon leave?",
      "How do I bake sourdough bread?",
      "What is the best way to learn the guitar?",
      "How many moons does Jupiter have?",
      "How do I change a flat tyre on a bicycle?",
      "Which programming language should I learn first?",
      "What is the plot of Hamlet?",
      "How do I fold a paper airplane?",
      "Where can I park near the stadium?",
      "How do I write a cover letter?",
      "What is the exchange rate of the euro to the dollar?",
      "How tall is the Eiffel Tower?",
      "How do I install a dishwasher?",
      "What should I pack for a ski trip?",
      "How do I train a puppy to sit?",
      "What is a good name for a sailing boat?");

  private ExtractiveBenchmark() {}

  public static void main(String[] args) throws Exception {
    Options options = new Options(args);
    BeirDataset data = BeirDataset.open(Path.of(options.string("data", "../shared/data/scifact")));
    String split = options.string("split", "test");
    int limit = options.integer("limit", 0);
    String sweep = options.string("sweep", "");
    String sweepSplit = options.string("sweep-split", "train");
    int sweepLimit = options.integer("sweep-limit", 150);
    String date = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    Map<String, String> queries = data.queries();
    List<String> claims = claims(data.qrels(split), queries, limit);
    System.out.printf(Locale.ROOT, "extractive %s: %s, split %s, %d claims, %d off-topic questions, processors=%d%n",
        data.folder(), date, split, claims.size(), OFF_TOPIC.size(), Runtime.getRuntime().availableProcessors());

    try (Quarry quarry = Quarry.inMemory()) {
      long start = System.nanoTime();
      quarry.ingest(data.corpus());
      System.out.printf(Locale.ROOT, "indexed %d chunks in %.1f s%n", quarry.count(), (System.nanoTime() - start) / 1e9);

      if (!sweep.isEmpty()) {
        sweep(quarry, sweep, claims(data.qrels(sweepSplit), queries, sweepLimit), data.qrels(sweepSplit), queries,
            sweepSplit);
      }
      Result result = measure(quarry::ask, claims, data.qrels(split), queries);

      System.out.println();
      System.out.printf(Locale.ROOT, "%-44s %8s%n", split + " split, Quarry's defaults", "value");
      System.out.printf(Locale.ROOT, "%-44s %8d%n", "claims asked", claims.size());
      System.out.printf(Locale.ROOT, "%-44s %8d%n", "answers that cite a passage", result.citing());
      System.out.printf(Locale.ROOT, "%-44s %8.4f%n", "first cited passage relevant (all claims)", result.shareAll());
      System.out.printf(Locale.ROOT, "%-44s %8.4f%n", "first cited passage relevant (citing answers)",
          result.shareCiting());
      System.out.printf(Locale.ROOT, "%-44s %5d/%d%n", "off-topic questions declined", result.declined(),
          OFF_TOPIC.size());
      System.out.printf(Locale.ROOT, "%-44s %8.1f%n", "ask p50 ms", result.p50Ms());
      result.answeredOffTopic().stream().limit(3).forEach(a -> System.out.println("  answered off-topic: "
          + (a.length() > 160 ? a.substring(0, 160) + "..." : a)));

      Map<String, Object> json = new LinkedHashMap<>();
      json.put("benchmark", "extractive");
      json.put("date", date);
      json.put("split", split);
      json.put("claims", claims.size());
      json.put("citing", result.citing());
      json.put("first_cited_relevant_all", round(result.shareAll()));
      json.put("first_cited_relevant_citing", round(result.shareCiting()));
      json.put("off_topic_declined", result.declined());
      json.put("off_topic", OFF_TOPIC.size());
      json.put("ask_p50_ms", round(result.p50Ms()));
      System.out.println();
      System.out.println(new ObjectMapper().writeValueAsString(json));
    }
  }

  /** The judged claims of a split that have a query text, sorted, at most {@code limit} (0: all). */
  private static List<String> claims(Qrels judged, Map<String, String> queries, int limit) {
    return judged.queryIds().stream().filter(queries::containsKey).sorted()
        .limit(limit > 0 ? limit : Long.MAX_VALUE).toList();
  }

  /** The relevance threshold of extractive answers, tried on another split than the one reported. */
  private static void sweep(Quarry quarry, String thresholds, List<String> claims, Qrels judged,
      Map<String, String> queries, String split) {
    System.out.printf(Locale.ROOT, "%nminScore sweep on %s (%d claims): %8s %8s %10s%n", split, claims.size(),
        "citing", "relevant", "declined");
    for (String value : thresholds.split(",")) {
      double minScore = Double.parseDouble(value.strip());
      Rag rag = Rag.builder(quarry.retriever(RetrievalMode.HYBRID)).maxResults(Quarry.Builder.DEFAULT_MAX_RESULTS)
          .budget(ContextBudget.builder(quarry.embeddingModel().tokenWindow().orElseThrow().tokenizer(),
              Quarry.Builder.DEFAULT_MAX_CONTEXT_TOKENS).build())
          .answerMode(AnswerMode.extractive(quarry.embeddingModel()).withMinScore(minScore)).build();
      Result r = measure(rag::ask, claims, judged, queries);
      System.out.printf(Locale.ROOT, "  minScore %.2f %34d %8.4f %7d/%d%n", minScore, r.citing(), r.shareAll(),
          r.declined(), OFF_TOPIC.size());
    }
  }

  private static Result measure(Function<String, Answer> ask, List<String> claims, Qrels judged,
      Map<String, String> queries) {
    int citing = 0;
    int firstRelevant = 0;
    long[] nanos = new long[claims.size()];
    for (int i = 0; i < claims.size(); i++) {
      String id = claims.get(i);
      long t = System.nanoTime();
      Answer answer = ask.apply(queries.get(id));
      nanos[i] = System.nanoTime() - t;
      if (answer.citations().isEmpty()) {
        continue;
      }
      citing++;
      if (judged.grades(id).getOrDefault(answer.citations().getFirst().documentId(), 0) > 0) {
        firstRelevant++;
      }
    }
    int declined = 0;
    List<String> answeredOffTopic = new ArrayList<>();
    for (String question : OFF_TOPIC) {
      Answer answer = ask.apply(question);
      if (answer.citations().isEmpty()) {
        declined++;
      } else {
        answeredOffTopic.add(question + " -> " + answer.text());
      }
    }
    Arrays.sort(nanos);
    double p50 = nanos.length == 0 ? 0 : nanos[nanos.length / 2] / 1e6;
    return new Result(claims.size(), citing, firstRelevant, declined, answeredOffTopic, p50);
  }

  /** What one configuration did on the claims and the off-topic questions. */
  private record Result(int claims, int citing, int firstRelevant, int declined, List<String> answeredOffTopic,
      double p50Ms) {
    double shareAll() {
      return claims == 0 ? 0 : (double) firstRelevant / claims;
    }

    double shareCiting() {
      return citing == 0 ? 0 : (double) firstRelevant / citing;
    }
  }

  private static double round(double value) {
    return Math.round(value * 10_000) / 10_000.0;
  }
}
