package dev.quarry.spring.boot;

import dev.quarry.embeddings.EmbeddingPreset;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code quarry.*} properties. Every one has a default, so an application with none set gets the bundled
 * MiniLM model, an in-memory HNSW store with BM25 kept in step, hybrid retrieval and extractive answers.
 */
@ConfigurationProperties("quarry")
public class QuarryProperties {
  private final Embedding embedding = new Embedding();
  private final Store store = new Store();
  private final Retrieval retrieval = new Retrieval();
  private final Answers answers = new Answers();

  public Embedding getEmbedding() {
    return embedding;
  }

  public Store getStore() {
    return store;
  }

  public Retrieval getRetrieval() {
    return retrieval;
  }

  public Answers getAnswers() {
    return answers;
  }

  /** {@code quarry.embedding.*}: the embedding model. */
  public static class Embedding {
    /** The bundled model: ALL_MINILM_L6_V2 (default) or BGE_SMALL_EN_V15 (needs its model jar). */
    private EmbeddingPreset preset = EmbeddingPreset.ALL_MINILM_L6_V2;

    public EmbeddingPreset getPreset() {
      return preset;
    }

    public void setPreset(EmbeddingPreset preset) {
      this.preset = preset;
    }
  }

  /** {@code quarry.store.*}: where the vectors and the keyword index are kept. */
  public static class Store {
    /**
     * A folder for the embedded store ({@code index/}) and the BM25 index ({@code keywords/}), persisted
     * crash-safely and locked while the application runs; in memory when unset.
     */
    private Path folder;

    public Path getFolder() {
      return folder;
    }

    public void setFolder(Path folder) {
      this.folder = folder;
    }
  }

  /** {@code quarry.retrieval.*}: how chunks are found. */
  public static class Retrieval {
    /** hybrid (default), dense or bm25. */
    private Mode mode = Mode.HYBRID;
    /** Hits asked of each leg of hybrid retrieval. */
    private int depth = 50;
    /** Weight of the dense leg in hybrid fusion (convex combination of z-scores), 0 to 1. */
    private double denseWeight = 0.5;

    public Mode getMode() {
      return mode;
    }

    public void setMode(Mode mode) {
      this.mode = mode;
    }

    public int getDepth() {
      return depth;
    }

    public void setDepth(int depth) {
      this.depth = depth;
    }

    public double getDenseWeight() {
      return denseWeight;
    }

    public void setDenseWeight(double denseWeight) {
      this.denseWeight = denseWeight;
    }
  }

  /** The retrieval modes. */
  public enum Mode {
    /** Dense and BM25 fused. */
    HYBRID,
    /** Nearest vectors only. */
    DENSE,
    /** BM25 only. */
    BM25
  }

  /** {@code quarry.answers.*}: the RAG pipeline. */
  public static class Answers {
    /** Chunks retrieved per question. */
    private int maxResults = 8;
    /** Token limit of a question's prompt plus its answer, counted with the embedding model's tokenizer. */
    private int maxContextTokens = 3_000;

    public int getMaxResults() {
      return maxResults;
    }

    public void setMaxResults(int maxResults) {
      this.maxResults = maxResults;
    }

    public int getMaxContextTokens() {
      return maxContextTokens;
    }

    public void setMaxContextTokens(int maxContextTokens) {
      this.maxContextTokens = maxContextTokens;
    }
  }
}
