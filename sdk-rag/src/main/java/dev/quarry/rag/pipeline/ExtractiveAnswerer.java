package dev.quarry.rag.pipeline;

import dev.quarry.api.chat.Message;
import dev.quarry.api.chat.TokenUsage;
import dev.quarry.api.embedding.EmbeddingModel;
import dev.quarry.rag.budget.PackedContext;
import dev.quarry.rag.budget.Passage;
import dev.quarry.rag.budget.PromptParts;
import dev.quarry.rag.internal.Words;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Answers without a language model: copies the sentences of the packed passages that best match the question.
 *
 * <p>Steps: (1) split the prose of every passage into sentences (Markdown headings, table rows and code are left
 * out; list items count as sentences) and keep those that read as statements ({@link QuotableSentences}); (2)
 * score each: the share of the question's content words it contains, or, with an embedding model, the cosine of
 * its embedding with the question's; (3) keep the best {@code maxSentences} scoring at least {@code minScore},
 * each text once; if none does, answer {@link AnswerKind#NOT_FOUND}; (4) write them in passage and reading order,
 * each run from one passage followed by its {@code [n]}. Nothing is added but those markers.
 *
 * <p>Immutable; thread-safe if the embedding model is.
 */
final class ExtractiveAnswerer implements Answerer {
  private static final java.util.regex.Pattern LIST_ITEM = java.util.regex.Pattern.compile("([-*+]|\\d+[.)])\\s+");

  private final Optional<EmbeddingModel> model;
  private final int maxSentences;
  private final double minScore;
  private final Locale locale;

  ExtractiveAnswerer(AnswerMode.Extractive mode) {
    this.model = mode.model();
    this.maxSentences = mode.maxSentences();
    this.minScore = mode.minScore();
    this.locale = mode.locale();
  }

  private record Sentence(Passage passage, int position, String text) {}

  @Override
  public boolean readsHistory() {
    return false; // sentences are copied from the passages alone
  }

  @Override
  public PromptParts parts(String question) {
    return PromptParts.of(question);
  }

  @Override
  public Draft answer(String question, PackedContext context, List<Message> history) {
    List<Sentence> sentences = sentences(context.passages());
    if (sentences.isEmpty()) {
      return notFound();
    }
    double[] scores = scores(question, sentences);
    List<Integer> byScore = new ArrayList<>();
    for (int i = 0; i < sentences.size(); i++) {
      byScore.add(i);
    }
    byScore.sort(
        Comparator.comparingDouble((Integer i) -> -scores[i])
            .thenComparingInt(i -> sentences.get(i).passage().rank())
            .thenComparingInt(i -> sentences.get(i).position()));
    List<Sentence> chosen = new ArrayList<>();
    Set<String> texts = new HashSet<>();
    for (int i : byScore) {
      if (chosen.size() == maxSentences || scores[i] <= 0 || scores[i] < minScore) {
        break;
      }
      if (texts.add(sentences.get(i).text())) {
        chosen.add(sentences.get(i));
      }
    }
    if (chosen.isEmpty()) {
      return notFound();
    }
    chosen.sort(Comparator.comparingInt((Sentence s) -> s.passage().number()).thenComparingInt(Sentence::position));
    return write(chosen);
  }

  private List<Sentence> sentences(List<Passage> passages) {
    List<Sentence> sentences = new ArrayList<>();
    for (Passage passage : passages) {
      int position = 0;
      for (String block : proseBlocks(passage.text())) {
        BreakIterator iterator = BreakIterator.getSentenceInstance(locale);
        iterator.setText(block);
        for (int start = iterator.first(), end = iterator.next(); end != BreakIterator.DONE;
            start = end, end = iterator.next()) {
          String sentence = block.substring(start, end).strip();
          if (QuotableSentences.isQuotable(sentence)) {
            sentences.add(new Sentence(passage, position++, sentence));
          }
        }
      }
    }
    return sentences;
  }

  /**
   * The prose of a passage, as blocks sentences can be cut from: paragraphs (consecutive plain lines joined) and
   * list items (their marker removed). Markdown headings, table rows and code are left out, since they are not
   * sentences, and a heading or a table glued to the next sentence reads badly in an answer.
   */
  static List<String> proseBlocks(String text) {
    List<String> blocks = new ArrayList<>();
    StringBuilder paragraph = new StringBuilder();
    boolean inCode = false;
    for (String raw : text.split("\\R")) {
      String line = raw.strip();
      if (line.startsWith("```") || line.startsWith("~~~")) {
        inCode = !inCode;
        flush(paragraph, blocks);
        continue;
      }
      if (inCode || line.isEmpty() || line.startsWith("#") || line.startsWith("|")) {
        flush(paragraph, blocks);
        continue;
      }
      java.util.regex.Matcher item = LIST_ITEM.matcher(line);
      if (item.lookingAt()) {
        flush(paragraph, blocks);
        paragraph.append(line.substring(item.end()));
        continue;
      }
      if (!paragraph.isEmpty()) {
        paragraph.append(' ');
      }
      paragraph.append(line);
    }
    flush(paragraph, blocks);
    return blocks;
  }

  private static void flush(StringBuilder paragraph, List<String> blocks) {
    if (!paragraph.isEmpty()) {
      blocks.add(paragraph.toString());
      paragraph.setLength(0);
    }
  }

  private double[] scores(String question, List<Sentence> sentences) {
    double[] scores = new double[sentences.size()];
    if (model.isPresent()) {
      float[] q = model.get().embedQuery(question);
      List<float[]> vectors = model.get().embedDocuments(sentences.stream().map(Sentence::text).toList());
      if (vectors.size() != sentences.size()) {
        throw new IllegalStateException(
            "the embedding model returned " + vectors.size() + " vectors for " + sentences.size() + " sentences");
      }
      for (int i = 0; i < scores.length; i++) {
        scores[i] = Words.cosine(q, vectors.get(i));
      }
      return scores;
    }
    Set<String> terms = Terms.of(question);
    for (int i = 0; i < scores.length; i++) {
      Set<String> words = Terms.words(sentences.get(i).text());
      long shared = terms.stream().filter(words::contains).count();
      scores[i] = terms.isEmpty() ? 0 : (double) shared / terms.size();
    }
    return scores;
  }

  /**
   * The chosen sentences, each run from one passage followed by the number shown for that passage: 1 for the first
   * passage cited, 2 for the next new one, and so on. The copied text is left exactly as it is, bracketed numbers
   * of its own included; the draft says which passage each shown number stands for.
   */
  private static Draft write(List<Sentence> chosen) {
    StringBuilder text = new StringBuilder();
    List<Integer> passages = new ArrayList<>();
    for (int i = 0; i < chosen.size(); i++) {
      Sentence sentence = chosen.get(i);
      text.append(i == 0 ? "" : " ").append(sentence.text());
      int passage = sentence.passage().number();
      boolean lastOfRun = i == chosen.size() - 1 || chosen.get(i + 1).passage().number() != passage;
      if (lastOfRun) {
        if (!passages.contains(passage)) {
          passages.add(passage);
        }
        text.append(" [").append(passages.indexOf(passage) + 1).append(']');
      }
    }
    return new Draft(text.toString(), AnswerKind.EXTRACTIVE, Optional.of(List.copyOf(passages)), Optional.empty(),
        List.of(), TokenUsage.ZERO, Map.of());
  }

  private static Draft notFound() {
    return new Draft(Rag.NOTHING_FOUND, AnswerKind.NOT_FOUND, Optional.of(List.of()), Optional.empty(), List.of(),
        TokenUsage.ZERO, Map.of());
  }

}
