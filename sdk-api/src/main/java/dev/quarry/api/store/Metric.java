package dev.quarry.api.store;

/**
 * How close two vectors are, for every {@link VectorStore} that lets a user choose: the embedded store and each
 * server adapter map it to their own. Scores are such that higher means closer, whatever the metric, so hits
 * sort the same way.
 *
 * <p>The order of the constants is part of stored formats (the embedded store's snapshot header records the
 * ordinal): add new ones at the end only.
 */
public enum Metric {
  /** Cosine similarity in [-1, 1]; a store may keep vectors normalised to unit length. */
  COSINE,
  /** Dot product; for vectors that are already normalised, or where magnitude matters. */
  DOT_PRODUCT,
  /** Negated Euclidean distance: 0 for equal vectors, more negative further away. */
  EUCLIDEAN
}
