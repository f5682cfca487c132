package dev.quarry.vectorstore;

/**
 * Parameters of the IVF index: vectors are grouped into {@code nlist} clusters by mini-batch k-means (k-means++
 * seeding, trained on a sample, stopping once its batches stop improving), and a query scores only the vectors of
 * its {@code nprobe} nearest clusters.
 *
 * <p>The clusters are trained once the store holds {@code trainingThreshold} vectors (exact search is used until
 * then) and again whenever the store has grown four-fold since. With {@link Quantization#INT8} each vector is
 * also kept as one byte per component; candidates are ranked on those codes and the best {@code rerank × k} are
 * re-scored exactly, so results carry exact scores.
 *
 * <p>Immutable and thread-safe.
 *
 * @param nlist clusters; 0 (the default) picks {@code 4·√n} at training time, between 16 and 65,536
 * @param nprobe clusters searched per query by default (default 16; a query may override it through
 *     {@link dev.quarry.api.store.SearchOptions})
 * @param quantization how vectors are scanned (default {@link Quantization#NONE})
 * @param rerank with INT8, candidates re-scored exactly per requested hit (default 4)
 * @param trainingThreshold stored vectors needed before clusters are trained (default 10,000; at least 64)
 * @param trainingSample vectors k-means trains on (default 65,536)
 * @param seed seed of the k-means++ seeding and the sample (default 42)
 */
public record IvfOptions(
    int nlist, int nprobe, Quantization quantization, int rerank, int trainingThreshold, int trainingSample,
    long seed) implements IndexOptions {
  public static final int DEFAULT_NPROBE = 16;
  public static final int DEFAULT_RERANK = 4;
  public static final int DEFAULT_TRAINING_THRESHOLD = 10_000;
  public static final int DEFAULT_TRAINING_SAMPLE = 65_536;

  public IvfOptions {
    if (nlist < 0 || nlist > 65_536) {
      throw new IllegalArgumentException("nlist must be 0 (auto) or in 1..65536, was " + nlist);
    }
    if (nprobe < 1) {
      throw new IllegalArgumentException("nprobe must be >= 1, was " + nprobe);
    }
    if (quantization == null) {
      throw new IllegalArgumentException("quantization must not be null");
    }
    if (rerank < 1) {
      throw new IllegalArgumentException("rerank must be >= 1, was " + rerank);
    }
    if (trainingThreshold < 64) {
      throw new IllegalArgumentException("trainingThreshold must be >= 64, was " + trainingThreshold);
    }
    if (trainingSample < 64) {
      throw new IllegalArgumentException("trainingSample must be >= 64, was " + trainingSample);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String toString() {
    return "ivf(nlist=" + (nlist == 0 ? "auto" : nlist) + ", nprobe=" + nprobe + ", " + quantization
        + (quantization == Quantization.INT8 ? ", rerank=" + rerank : "") + ")";
  }

  /** Builds {@link IvfOptions}; values are checked by {@link #build()}. Not thread-safe. */
  public static final class Builder {
    private int nlist;
    private int nprobe = DEFAULT_NPROBE;
    private Quantization quantization = Quantization.NONE;
    private int rerank = DEFAULT_RERANK;
    private int trainingThreshold = DEFAULT_TRAINING_THRESHOLD;
    private int trainingSample = DEFAULT_TRAINING_SAMPLE;
    private long seed = 42;

    private Builder() {}

    public Builder nlist(int nlist) {
      this.nlist = nlist;
      return this;
    }

    public Builder nprobe(int nprobe) {
      this.nprobe = nprobe;
      return this;
    }

    public Builder quantization(Quantization quantization) {
      this.quantization = quantization;
      return this;
    }

    public Builder rerank(int rerank) {
      this.rerank = rerank;
      return this;
    }

    public Builder trainingThreshold(int trainingThreshold) {
      this.trainingThreshold = trainingThreshold;
      return this;
    }

    public Builder trainingSample(int trainingSample) {
      this.trainingSample = trainingSample;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public IvfOptions build() {
      return new IvfOptions(nlist, nprobe, quantization, rerank, trainingThreshold, trainingSample, seed);
    }
  }
}
