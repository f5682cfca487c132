package dev.quarry.rag.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Metadata;
import dev.quarry.api.store.SearchHit;
import dev.quarry.embeddings.EmbeddingPreset;
import dev.quarry.embeddings.HuggingFaceTokenizer;
import dev.quarry.rag.splitter.DocumentSplitter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Random hits over real English prose, packed with the word-piece tokenizer of the default embedding model under
 * random limits, reservations and options: the limit is never exceeded, every hit is reported once and
 * consistently, and the order rules hold.
 */
class ContextBudgetPropertyTest {
  private static final int CASES = 400;
  private static HuggingFaceTokenizer tokenizer;
  private static List<String> sentences;

  @BeforeAll
  static void load() throws IOException {
    tokenizer = HuggingFaceTokenizer.load(EmbeddingPreset.ALL_MINILM_L6_V2);
    try (InputStream in = ContextBudgetPropertyTest.class.getResourceAsStream("prose.txt")) {
      String prose = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      sentences = sentencesOf(prose);
    }
  }

  @AfterAll
  static void close() {
    tokenizer.close();
  }

  @Test
  void neverExceedsTheLimitAndReportsEveryHitConsistently() {
    Random random = new Random(20_261_121);
    Map<HitStatus, Integer> seen = new EnumMap<>(HitStatus.class);
    int packed = 0;
    int refused = 0;
    for (int run = 0; run < CASES; run++) {
      List<String> documents = documents(random);
      List<SearchHit> hits = hits(random, documents);
      Options options = Options.random(random);
      ContextBudget budget = options.budget(tokenizer);
      PromptParts parts = parts(random);
      long reserved = reserved(parts, options.answerTokens);
      String label = "run " + run + " " + options;
      if (reserved > options.maxTokens) {
        refused++;
        assertThatThrownBy(() -> budget.pack(parts, hits)).as(label).hasMessageContaining("leaves no room");
        continue;
      }
      packed++;
      PackedContext context = budget.pack(parts, hits);

      assertThat(reserved + tokenizer.countTokens(context.text())).as(label).isLessThanOrEqualTo(options.maxTokens);
      assertThat(context.report().contextTokens()).as(label).isEqualTo(tokenizer.countTokens(context.text()));
      assertThat(context.report().usedTokens()).as(label).isEqualTo(reserved + context.report().contextTokens());
      assertThat(FencedText.normalized(context.text())).as(label).isEqualTo(rendered(context.passages()));
      checkReports(label, hits, context);
      checkOrder(label, options, context);
      context.report().hits().forEach(r -> seen.merge(r.status(), 1, Integer::sum));
    }
    assertThat(packed).isGreaterThan(CASES * 2 / 3);
    assertThat(refused).isPositive();
    assertThat(seen.keySet()).as("every status occurs in some run").containsExactlyInAnyOrder(HitStatus.values());
  }

  /** Every hit has one report, in input order; hits in the context are in their passage, dropped ones are not. */
  private static void checkReports(String label, List<SearchHit> hits, PackedContext context) {
    List<HitReport> reports = context.report().hits();
    assertThat(reports).as(label).hasSameSizeAs(hits);
    List<Chunk> inContext = new ArrayList<>();
    for (int i = 0; i < hits.size(); i++) {
      HitReport report = reports.get(i);
      assertThat(report.hit()).as(label).isSameAs(hits.get(i));
      if (report.status().inContext()) {
        Passage passage = context.passages().get(report.passage().orElseThrow() - 1);
        assertThat(passage.chunks()).as(label + " hit " + i).contains(report.hit().chunk());
        assertThat(passage.documentId()).as(label).isEqualTo(report.hit().chunk().documentId());
        inContext.add(report.hit().chunk());
      }
      report.passage().ifPresent(n -> assertThat(n).as(label).isBetween(1, context.passages().size()));
    }
    for (Passage passage : context.passages()) {
      assertThat(passage.text()).as(label).isNotBlank();
      assertThat(inContext).as(label + " passage " + passage.number()).containsAll(passage.chunks());
      if (passage.chunks().size() == 1 && !passage.truncated()) {
        assertThat(passage.text()).as(label).isEqualTo(passage.chunks().getFirst().text());
      }
    }
    for (HitReport report : reports) {
      if (!report.status().inContext()) {
        boolean inSomePassage =
            context.passages().stream().anyMatch(p -> p.chunks().contains(report.hit().chunk()));
        assertThat(inSomePassage && !inContext.contains(report.hit().chunk()))
            .as(label + ": dropped hit " + report.hit().id() + " is in a passage")
            .isFalse();
      }
    }
  }

  /** Ranks follow the chosen order, scores fall with rank (without MMR), at most the last-ranked is cut. */
  private static void checkOrder(String label, Options options, PackedContext context) {
    List<Passage> passages = context.passages();
    List<Integer> ranks = passages.stream().map(Passage::rank).toList();
    int k = passages.size();
    List<Integer> expected =
        IntStream.range(0, k)
            .map(i -> !options.longContext ? i + 1 : i < (k + 1) / 2 ? 2 * i + 1 : 2 * (k - 1 - i) + 2)
            .boxed()
            .toList();
    assertThat(ranks).as(label + ": best at the start (and, in long-context order, second best at the end)")
        .isEqualTo(expected);
    List<Passage> ranked = passages.stream().sorted((a, b) -> Integer.compare(a.rank(), b.rank())).toList();
    if (options.mmrLambda < 0) {
      for (int i = 1; i < ranked.size(); i++) {
        assertThat(ranked.get(i).score()).as(label).isLessThanOrEqualTo(ranked.get(i - 1).score());
      }
    }
    for (int i = 0; i < ranked.size() - 1; i++) {
      assertThat(ranked.get(i).truncated()).as(label + ": only the last-ranked passage may be cut").isFalse();
    }
    if (!options.truncate) {
      assertThat(passages).as(label).noneMatch(Passage::truncated);
    }
  }

  private static String rendered(List<Passage> passages) {
    List<String> blocks = new ArrayList<>();
    for (Passage p : passages) {
      String label = p.source().map(s -> "source: " + s).orElse("document: " + p.documentId());
      blocks.add(FencedText.block(p.number(), label, p.text()));
    }
    return String.join("\n\n", blocks);
  }

  private static long reserved(PromptParts parts, int answerTokens) {
    long total = answerTokens + parts.reservedTokens();
    total += tokenizer.countTokens(parts.systemPrompt()) + tokenizer.countTokens(parts.question());
    total += tokenizer.countTokens(parts.templateText());
    for (String message : parts.history()) {
      total += tokenizer.countTokens(message);
    }
    return total;
  }

  /** One to four documents, each a run of consecutive sentences of the prose. */
  private static List<String> documents(Random random) {
    List<String> documents = new ArrayList<>();
    int count = 1 + random.nextInt(4);
    for (int d = 0; d < count; d++) {
      int from = random.nextInt(sentences.size());
      int length = 1 + random.nextInt(20);
      StringBuilder text = new StringBuilder();
      for (int s = from; s < Math.min(sentences.size(), from + length); s++) {
        text.append(text.isEmpty() ? "" : random.nextInt(4) == 0 ? "\n\n" : " ").append(sentences.get(s));
      }
      documents.add(text.toString());
    }
    return documents;
  }

  /**
   * Up to 14 hits: consecutive splitter-like chunks (with chunk indexes), random spans that overlap them, repeats
   * of earlier hits, chunks whose offsets do not match their text, and blank chunks.
   */
  private static List<SearchHit> hits(Random random, List<String> documents) {
    List<SearchHit> hits = new ArrayList<>();
    int count = random.nextInt(15);
    for (int i = 0; i < count; i++) {
      int d = random.nextInt(documents.size());
      String doc = documents.get(d);
      String documentId = "doc" + d;
      double score = random.nextInt(5) == 0 ? 0.5 : random.nextDouble();
      int kind = random.nextInt(20);
      if (kind == 0 && !hits.isEmpty()) {
        SearchHit earlier = hits.get(random.nextInt(hits.size()));
        hits.add(new SearchHit(earlier.chunk(), score));
      } else if (kind == 1) {
        Chunk blank = new Chunk(documentId + "#blank" + i, documentId, "  \n", Metadata.empty(), 0, 3);
        hits.add(new SearchHit(blank, score));
      } else if (kind == 2) {
        String text = sentences.get(random.nextInt(sentences.size()));
        Chunk misplaced = new Chunk(documentId + "#odd" + i, documentId, text, metadata(random, -1), 0, 1);
        hits.add(new SearchHit(misplaced, score));
      } else if (kind < 11) {
        int pieces = 1 + random.nextInt(6);
        int index = random.nextInt(pieces);
        int[] span = piece(doc, pieces, index);
        hits.add(chunk(documentId, "#p" + pieces + "." + index, doc, span[0], span[1], random, index, score));
      } else {
        int start = random.nextInt(doc.length());
        int end = Math.min(doc.length(), start + 1 + random.nextInt(600));
        hits.add(chunk(documentId, "#r" + i, doc, start, end, random, -1, score));
      }
    }
    return hits;
  }

  /** Piece {@code index} of {@code doc} cut into {@code pieces} near-equal parts, whitespace trimmed. */
  private static int[] piece(String doc, int pieces, int index) {
    int start = doc.length() * index / pieces;
    int end = doc.length() * (index + 1) / pieces;
    while (start < end && Character.isWhitespace(doc.charAt(start))) {
      start++;
    }
    while (end > start && Character.isWhitespace(doc.charAt(end - 1))) {
      end--;
    }
    return new int[] {start, end};
  }

  private static SearchHit chunk(
      String documentId, String suffix, String doc, int start, int end, Random random, int index, double score) {
    return new SearchHit(
        new Chunk(documentId + suffix, documentId, doc.substring(start, end), metadata(random, index), start, end),
        score);
  }

  private static Metadata metadata(Random random, int index) {
    Map<String, Object> values = new HashMap<>();
    if (index >= 0) {
      values.put(DocumentSplitter.CHUNK_INDEX, index);
    }
    if (random.nextBoolean()) {
      values.put("source", "/data/notes/file-" + random.nextInt(5) + ".txt");
    }
    return Metadata.of(values);
  }

  private static PromptParts parts(Random random) {
    PromptParts parts = PromptParts.of(sentence(random));
    if (random.nextInt(3) == 0) {
      parts = parts.withSystemPrompt("Answer from the passages and cite them. " + sentence(random));
    }
    List<String> history = new ArrayList<>();
    for (int i = random.nextInt(3) == 0 ? 1 + random.nextInt(3) : 0; i > 0; i--) {
      history.add(sentence(random));
    }
    if (random.nextBoolean()) {
      parts = parts.withTemplateText("Passages:\n\nQuestion:");
    }
    return parts.withHistory(history).withReservedTokens(random.nextInt(3) == 0 ? random.nextInt(20) : 0);
  }

  private static String sentence(Random random) {
    return sentences.get(random.nextInt(sentences.size()));
  }

  private static List<String> sentencesOf(String text) {
    BreakIterator iterator = BreakIterator.getSentenceInstance(Locale.ROOT);
    iterator.setText(text);
    List<String> result = new ArrayList<>();
    for (int start = iterator.first(), end = iterator.next(); end != BreakIterator.DONE;
        start = end, end = iterator.next()) {
      String sentence = text.substring(start, end).strip();
      if (!sentence.isEmpty()) {
        result.add(sentence);
      }
    }
    return result;
  }

  /** Random budget options; limits range from a handful of tokens to a few thousand. */
  private record Options(
      int maxTokens, int answerTokens, boolean merge, double mmrLambda, double threshold, boolean longContext,
      boolean truncate, int minTruncated) {

    static Options random(Random random) {
      int maxTokens =
          switch (random.nextInt(3)) {
            case 0 -> 1 + random.nextInt(60);
            case 1 -> 60 + random.nextInt(400);
            default -> 460 + random.nextInt(3000);
          };
      int answer = random.nextBoolean() ? random.nextInt(Math.max(1, maxTokens / 4)) : random.nextInt(maxTokens);
      return new Options(
          maxTokens,
          answer,
          random.nextInt(4) != 0,
          random.nextBoolean() ? random.nextDouble() : -1,
          0.2 + 0.8 * random.nextDouble(),
          random.nextBoolean(),
          random.nextInt(4) != 0,
          1 + random.nextInt(30));
    }

    ContextBudget budget(HuggingFaceTokenizer tokenizer) {
      ContextBudget.Builder builder =
          ContextBudget.builder(tokenizer, maxTokens)
              .answerTokens(answerTokens)
              .mergeChunks(merge)
              .longContextOrder(longContext)
              .truncateLast(truncate);
      if (mmrLambda >= 0) {
        builder.mmr(mmrLambda).redundancyThreshold(threshold);
      }
      if (truncate) {
        builder.minTruncatedTokens(minTruncated);
      }
      return builder.build();
    }
  }
}
