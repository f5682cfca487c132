package dev.quarry.vectorstore.internal.index;

/**
 * Ordinals with their {@link Similarity} scores, best first. Internal, not API.
 *
 * @param nodes ordinals
 * @param scores scores of the same positions
 */
public record Neighbors(int[] nodes, float[] scores) {
  public int size() {
    return nodes.length;
  }
}
