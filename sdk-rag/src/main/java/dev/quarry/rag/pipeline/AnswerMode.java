package dev.quarry.rag.pipeline;

import dev.quarry.api.chat.ChatModel;
import dev.quarry.api.embedding.EmbeddingModel;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * How {@link Rag} answers: a chat model writes the answer in one call ({@link #chat}), or in two, first listing
 * the facts ({@link #twoStage}); or the answer is copied from the passages ({@link #extractive}). Each mode holds
 * exactly the settings it uses, so no setting can be given to a mode that ignores it.
 *
 * <pre>{@code
 * Rag.builder(retriever).answerMode(AnswerMode.chat(chatModel).withPrompt(myPrompt)).build();
 * Rag.builder(retriever).answerMode(AnswerMode.extractive(embeddingModel).withMinScore(0.4)).build();
 * }</pre>
 *
 * <p>Immutable and thread-safe (the models it holds must be thread-safe to be shared).
 */
public sealed interface AnswerMode permits AnswerMode.Chat, AnswerMode.TwoStage, AnswerMode.Extractive {

  /** One chat call answers from the numbered passages with {@link Rag#DEFAULT_ANSWER_PROMPT}. */
  static Chat chat(ChatModel model) {
    return new Chat(model, PromptChoice.of(Rag.DEFAULT_ANSWER_PROMPT), Rag.DEFAULT_REWRITE_PROMPT);
  }

  /**
   * Two chat calls: the first lists the key facts with their passage numbers ({@link Rag#DEFAULT_FACTS_PROMPT}),
   * the second answers from the facts alone ({@link Rag#DEFAULT_ANSWER_FROM_FACTS_PROMPT}). Slower, but small
   * models stray less from the sources.
   */
  static TwoStage twoStage(ChatModel model) {
    return new TwoStage(
        model, Rag.DEFAULT_FACTS_PROMPT, Rag.DEFAULT_ANSWER_FROM_FACTS_PROMPT, Rag.DEFAULT_REWRITE_PROMPT);
  }

  /** Copies the sentences that share the most words with the question; no model at all. */
  static Extractive extractive() {
    return new Extractive(Optional.empty(), Extractive.DEFAULT_MAX_SENTENCES, Extractive.DEFAULT_MIN_WORD_SHARE,
        Locale.ROOT);
  }

  /** Copies the sentences whose embeddings are closest to the question's. */
  static Extractive extractive(EmbeddingModel model) {
    if (model == null) {
      throw new IllegalArgumentException("embedding model must not be null");
    }
    return new Extractive(Optional.of(model), Extractive.DEFAULT_MAX_SENTENCES, Extractive.DEFAULT_MIN_SIMILARITY,
        Locale.ROOT);
  }

  /**
   * A chat model answers in one call.
   *
   * @param model the model that writes answers (and rewrites follow-up questions)
   * @param prompt the answer prompt, or a split between answer prompts (chosen per conversation, else per
   *     question; see {@link PromptChoice}); its variables are {@code context} and {@code question}
   * @param rewritePrompt turns a follow-up question into a standalone one when {@link Rag#ask} is given a memory;
   *     its variables are {@code history} and {@code question}
   */
  record Chat(ChatModel model, PromptChoice prompt, PromptTemplate rewritePrompt) implements AnswerMode {
    public Chat {
      requireModel(model);
      if (prompt == null) {
        throw new IllegalArgumentException("prompt must not be null");
      }
      for (PromptTemplate template : prompt.templates()) {
        requireVariables(template, "prompt", Rag.CONTEXT, Rag.QUESTION);
      }
      requireVariables(rewritePrompt, "rewritePrompt", Rag.HISTORY, Rag.QUESTION);
    }

    /** This mode with another answer prompt. */
    public Chat withPrompt(PromptTemplate prompt) {
      if (prompt == null) {
        throw new IllegalArgumentException("prompt must not be null");
      }
      return new Chat(model, PromptChoice.of(prompt), rewritePrompt);
    }

    /** This mode with a choice of answer prompts: an A/B split of wordings, each answer naming the one it used. */
    public Chat withPrompt(PromptChoice prompt) {
      return new Chat(model, prompt, rewritePrompt);
    }

    /** This mode with another prompt for rewriting follow-up questions. */
    public Chat withRewritePrompt(PromptTemplate rewritePrompt) {
      return new Chat(model, prompt, rewritePrompt);
    }
  }

  /**
   * A chat model lists the facts, then answers from them.
   *
   * @param model the model of both calls (and of rewriting follow-up questions)
   * @param factsPrompt the first prompt; its variables are {@code context} and {@code question}
   * @param answerPrompt the second prompt; its variables are {@code facts} and {@code question}
   * @param rewritePrompt as in {@link Chat}
   */
  record TwoStage(ChatModel model, PromptTemplate factsPrompt, PromptTemplate answerPrompt,
      PromptTemplate rewritePrompt) implements AnswerMode {
    public TwoStage {
      requireModel(model);
      requireVariables(factsPrompt, "factsPrompt", Rag.CONTEXT, Rag.QUESTION);
      requireVariables(answerPrompt, "answerPrompt", Rag.FACTS, Rag.QUESTION);
      requireVariables(rewritePrompt, "rewritePrompt", Rag.HISTORY, Rag.QUESTION);
    }

    /** This mode with another facts prompt. */
    public TwoStage withFactsPrompt(PromptTemplate factsPrompt) {
      return new TwoStage(model, factsPrompt, answerPrompt, rewritePrompt);
    }

    /** This mode with another prompt for the answer from the facts. */
    public TwoStage withAnswerPrompt(PromptTemplate answerPrompt) {
      return new TwoStage(model, factsPrompt, answerPrompt, rewritePrompt);
    }

    /** This mode with another prompt for rewriting follow-up questions. */
    public TwoStage withRewritePrompt(PromptTemplate rewritePrompt) {
      return new TwoStage(model, factsPrompt, answerPrompt, rewritePrompt);
    }
  }

  /**
   * The answer is copied from the passages: the sentences that best match the question, each run of sentences
   * from one passage followed by its citation. Only sentences are quoted: not questions, headings, table rows,
   * code, or fragments cut off at a chunk's edge. When no sentence scores at least {@code minScore}, the answer
   * says that nothing relevant was found and cites nothing ({@link AnswerKind#NOT_FOUND}).
   *
   * @param model scores sentences by the cosine similarity of their embeddings with the question's; without one,
   *     by the share of the question's content words they contain
   * @param maxSentences sentences to copy at most
   * @param minScore the score a sentence needs to be quoted, in {@code [0, 1]}: a cosine similarity with a model
   *     ({@value #DEFAULT_MIN_SIMILARITY} unless set), a share of the question's words without
   *     ({@value #DEFAULT_MIN_WORD_SHARE} unless set)
   * @param locale the language whose sentence rules apply
   */
  record Extractive(Optional<EmbeddingModel> model, int maxSentences, double minScore, Locale locale)
      implements AnswerMode {
    /** Sentences copied at most, unless set. */
    public static final int DEFAULT_MAX_SENTENCES = 3;
    /**
     * The cosine similarity a sentence needs when scored by embeddings, unless set: with all-MiniLM-L6-v2 on 150
     * SciFact train claims ({@code bench/run extractive --sweep ...}), the highest value tried at which every claim
     * still got an answer, while 14 of 20 off-topic questions were declined (0.3: 12; 0.4: 15, one claim
     * unanswered). Another model may want another value.
     */
    public static final double DEFAULT_MIN_SIMILARITY = 0.35;
    /** The share of the question's content words a sentence needs when scored by words, unless set. */
    public static final double DEFAULT_MIN_WORD_SHARE = 0.3;

    public Extractive {
      if (model == null || locale == null) {
        throw new IllegalArgumentException("model (use Optional.empty()) and locale must not be null");
      }
      if (maxSentences < 1) {
        throw new IllegalArgumentException("maxSentences must be >= 1, was " + maxSentences);
      }
      if (!(minScore >= 0 && minScore <= 1)) {
        throw new IllegalArgumentException("minScore must be in [0, 1], was " + minScore);
      }
    }

    /** This mode copying at most {@code maxSentences} sentences. */
    public Extractive withMaxSentences(int maxSentences) {
      return new Extractive(model, maxSentences, minScore, locale);
    }

    /**
     * This mode with another relevance threshold; 0 quotes the best sentences that have anything in common with
     * the question (a positive score).
     */
    public Extractive withMinScore(double minScore) {
      return new Extractive(model, maxSentences, minScore, locale);
    }

    /** This mode splitting sentences by the rules of {@code locale}. */
    public Extractive withLocale(Locale locale) {
      return new Extractive(model, maxSentences, minScore, locale);
    }
  }

  private static void requireModel(ChatModel model) {
    if (model == null) {
      throw new IllegalArgumentException("chat model must not be null");
    }
  }

  private static void requireVariables(PromptTemplate template, String role, String... names) {
    if (template == null) {
      throw new IllegalArgumentException(role + " must not be null");
    }
    if (!template.variables().equals(Set.of(names))) {
      throw new IllegalArgumentException(
          role + " " + template.id() + " must use exactly the variables " + List.of(names) + " that Rag fills,"
              + " but uses " + template.variables());
    }
  }
}
