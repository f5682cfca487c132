package dev.quarry.embeddings;

/** How token vectors become one text vector. */
public enum Pooling {
  /** Average of the token vectors under the attention mask (sentence-transformers, all-MiniLM). */
  MEAN,
  /** The vector of the first token, {@code [CLS]} (bge). */
  CLS
}
