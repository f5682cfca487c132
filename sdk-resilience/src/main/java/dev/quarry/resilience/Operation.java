package dev.quarry.resilience;

/** The model calls a policy guards, as observations name them. */
enum Operation {
  /** {@code ChatModel.chat}. */
  CHAT("chat"),
  /** {@code EmbeddingModel.embedDocuments}. */
  EMBED_DOCUMENTS("embed_documents"),
  /** {@code EmbeddingModel.embedQuery}. */
  EMBED_QUERY("embed_query"),
  /** {@code Reranker.score}. */
  RERANK("rerank");

  private final String keyValue;

  Operation(String keyValue) {
    this.keyValue = keyValue;
  }

  /** The value of the operation key: {@code chat}, {@code embed_documents}, ... */
  String keyValue() {
    return keyValue;
  }
}
