package dev.quarry.bench.answers;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.Quarry;
import dev.quarry.bench.Options;
import dev.quarry.rag.eval.BeirDataset;
import dev.quarry.rag.eval.Qrels;
import dev.quarry.rag.pipeline.Answer;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bench/run extractive --data ../shared/data/scifact}: how often Quarry's extractive answer (no chat model,
 * every default: hybrid retrieval, 8 chunks, the model's sentence similarity) cites a relevant passage first, on
 * the judged claims of a BEIR split; and how often it declines to answer questions the corpus cannot answer (a
 * fixed list of everyday questions, nothing to do with biomedical claims).
 *
 * <p>"First cited passage relevant": the document of the answer's first citation is judged relevant to the claim.
 * Over all claims an answer that cites nothing counts as a miss; the share among answers that cite is printed too.
 * Options: {@code --split test}, {@code --limit 0} (claims to ask; 0 for all).
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
    String date = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    Qrels judged = data.qrels(split);
    Map<String, String> queries = data.queries();
    List<String> claims = judged.queryIds().stream().filter(queries::containsKey).sorted()
        .limit(limit > 0 ? limit : Long.MAX_VALUE).toList();
    System.out.printf(Locale.ROOT, "extractive %s: %s, split %s, %d claims, %d off-topic questions, processors=%d%n",
        data.folder(), date, split, claims.size(), OFF_TOPIC.size(), Runtime.getRuntime().availableProcessors());

    try (Quarry quarry = Quarry.inMemory()) {
      long start = System.nanoTime();
      quarry.ingest(data.corpus());
      System.out.printf(Locale.ROOT, "indexed %d chunks in %.1f s%n", quarry.count(), (System.nanoTime() - start) / 1e9);

      int citing = 0;
      int firstRelevant = 0;
      long[] nanos = new long[claims.size()];
      for (int i = 0; i < claims.size(); i++) {
        String id = claims.get(i);
        long t = System.nanoTime();
        Answer answer = quarry.ask(queries.get(id));
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
        Answer answer = quarry.ask(question);
        if (answer.citations().isEmpty()) {
          declined++;
        } else {
          answeredOffTopic.add(question + " -> " + answer.text());
        }
      }
      Arrays.sort(nanos);
      double shareAll = (double) firstRelevant / claims.size();
      double shareCiting = citing == 0 ? 0 : (double) firstRelevant / citing;
      double p50 = nanos.length == 0 ? 0 : nanos[nanos.length / 2] / 1e6;

      System.out.println();
      System.out.printf(Locale.ROOT, "%-44s %8s%n", "", "value");
      System.out.printf(Locale.ROOT, "%-44s %8d%n", "claims asked", claims.size());
      System.out.printf(Locale.ROOT, "%-44s %8d%n", "answers that cite a passage", citing);
      System.out.printf(Locale.ROOT, "%-44s %8.4f%n", "first cited passage relevant (all claims)", shareAll);
      System.out.printf(Locale.ROOT, "%-44s %8.4f%n", "first cited passage relevant (citing answers)", shareCiting);
      System.out.printf(Locale.ROOT, "%-44s %5d/%d%n", "off-topic questions declined", declined, OFF_TOPIC.size());
      System.out.printf(Locale.ROOT, "%-44s %8.1f%n", "ask p50 ms", p50);
      answeredOffTopic.stream().limit(3).forEach(a -> System.out.println("  answered off-topic: "
          + (a.length() > 160 ? a.substring(0, 160) + "..." : a)));

      Map<String, Object> json = new LinkedHashMap<>();
      json.put("benchmark", "extractive");
      json.put("date", date);
      json.put("split", split);
      json.put("claims", claims.size());
      json.put("citing", citing);
      json.put("first_cited_relevant_all", round(shareAll));
      json.put("first_cited_relevant_citing", round(shareCiting));
      json.put("off_topic_declined", declined);
      json.put("off_topic", OFF_TOPIC.size());
      json.put("ask_p50_ms", round(p50));
      System.out.println();
      System.out.println(new ObjectMapper().writeValueAsString(json));
    }
  }

  private static double round(double value) {
    return Math.round(value * 10_000) / 10_000.0;
  }
}
