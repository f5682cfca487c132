package dev.quarry.vectorstore;

/**
 * How an index compares vectors while it searches. Stored vectors are always kept in full, and the hits a store
 * returns always carry exact scores.
 */
public enum Quantization {
  /** Full float vectors throughout. */
  NONE,
  /**
   * One signed byte per component (a per-component center and one scale, trained on a sample): the search walks
   * and ranks on the codes, a quarter of the memory traffic, then re-scores its candidates on the float vectors.
   */
  INT8
}
