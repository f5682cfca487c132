package dev.quarry.vectorstore.internal.index;

import dev.quarry.api.store.Metric;
import dev.quarry.api.store.SearchOptions;
import dev.quarry.vectorstore.IvfOptions;
import dev.quarry.vectorstore.Quantization;
import dev.quarry.vectorstore.internal.storage.MappedRows;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * An inverted file: k-means centroids and, per centroid, the ordinals of the vectors nearest to it. A query
 * scores the centroids, then the vectors of the {@code nprobe} best lists only (and of further lists, nearest
 * first, while fewer than {@code k} accepted vectors were found). With INT8 quantization the lists
 * are scanned on byte codes ({@link Int8Quantizer}) and the best {@code rerank × k} candidates re-scored on the
 * float vectors.
 *
 * <p>Until the store holds {@code trainingThreshold} vectors there are no clusters and search is exact. Training
 * samples up to {@code trainingSample} vectors; it happens again when the store has grown four-fold since.
 *
 * <p>{@link #prepareUpTo} does the slow part of a batch while searches go on: it finds each new vector's nearest
 * centroid (or trains new centroids and assigns every vector to them, into new lists); {@link #publish} then
 * appends the new ordinals to their lists, or swaps the new lists in.
 *
 * <p>Internal, not API; thread-safety as {@link VectorIndex}.
 */
public final class IvfIndex implements VectorIndex {
  private static final int RETRAIN_GROWTH = 4;

  private final VectorSet vectors;
  private final Similarity similarity;
  private final Metric metric;
  private final IvfOptions options;

  private int size;
  private int trainedSize;
  private float[][] centroids;
  private int[][] lists;
  private int[] listSizes;
  private Int8Codes codes;

  /** Ordinals prepared: {@link #size} once published. */
  private int prepared;
  /** Lists trained by the last {@link #prepareUpTo}, not yet published; or null. */
  private Trained trained;
  /** The nearest centroid of each ordinal from {@link #size}, prepared and not yet published; or null. */
  private int[] nearest;

  /** Centroids trained on the vectors up to {@code trainedAt}, and lists holding the ordinals up to {@code size}. */
  private record Trained(int trainedAt, int size, float[][] centroids, int[][] lists, int[] listSizes,
      Int8Codes codes) {}

  public IvfIndex(VectorSet vectors, Metric metric, IvfOptions options) {
    this.vectors = vectors;
    this.metric = metric;
    this.similarity = Similarity.of(metric);
    this.options = options;
  }

  @Override
  public String kind() {
    return "ivf";
  }

  @Override
  public CodeRows codes() {
    return codes;
  }

  public IvfOptions options() {
    return options;
  }

  /** Whether lists are scanned on int8 codes (fixed by the options, also before training). */
  public boolean quantized() {
    return options.quantization() == Quantization.INT8;
  }

  /** Clusters in use; 0 before training. */
  public int nlist() {
    return centroids == null ? 0 : centroids.length;
  }

  @Override
  public void prepareUpTo(int newSize) {
    if (newSize <= prepared) {
      return;
    }
    int known = trained != null ? trained.trainedAt() : trainedSize;
    boolean train = centroids == null && trained == null ? newSize >= options.trainingThreshold()
        : newSize >= (long) known * RETRAIN_GROWTH;
    if (train) {
      trained = train(newSize);
      nearest = null;
    } else if (trained != null) {
      trained = assign(trained, prepared, newSize);
    } else if (centroids != null) {
      nearest = nearestCentroids(centroids, size, newSize);
      if (codes != null) {
        codes.encodeUpTo(vectors, newSize); // searches read codes below size only
      }
    }
    prepared = newSize;
  }

  @Override
  public void publish() {
    if (trained != null) {
      centroids = trained.centroids();
      lists = trained.lists();
      listSizes = trained.listSizes();
      codes = trained.codes();
      trainedSize = trained.trainedAt();
      trained = null;
    } else if (nearest != null) {
      for (int i = 0; i < nearest.length; i++) {
        append(lists, listSizes, nearest[i], size + i);
      }
      nearest = null;
    }
    size = prepared;
  }

  private Trained train(int upTo) {
    int nlist = options.nlist() > 0 ? options.nlist()
        : (int) Math.max(16, Math.min(65_536, Math.round(4 * Math.sqrt(upTo))));
    nlist = Math.min(nlist, upTo);
    int sampleSize = Math.max(nlist, Math.min(upTo, options.trainingSample()));
    float[][] sample = vectors.sample(upTo, sampleSize, options.seed());
    float[][] newCentroids = KMeans.miniBatch(sample, nlist, metric == Metric.COSINE, options.seed());
    Int8Codes newCodes = quantized()
        ? Int8Codes.train(vectors, upTo, options.trainingSample(), options.seed(), similarity) : null;
    Trained empty = new Trained(upTo, 0, newCentroids, new int[nlist][], new int[nlist], newCodes);
    return assign(empty, 0, upTo);
  }

  /** Puts ordinals [from, to) in the trained lists of their nearest centroid (and encodes them for INT8). */
  private Trained assign(Trained into, int from, int to) {
    int[] nearestOf = nearestCentroids(into.centroids(), from, to);
    for (int ord = from; ord < to; ord++) {
      append(into.lists(), into.listSizes(), nearestOf[ord - from], ord);
    }
    if (into.codes() != null) {
      into.codes().encodeUpTo(vectors, to);
    }
    return new Trained(into.trainedAt(), to, into.centroids(), into.lists(), into.listSizes(), into.codes());
  }

  private int[] nearestCentroids(float[][] of, int from, int to) {
    int[] found = new int[to - from];
    IntStream.range(from, to).parallel()
        .forEach(ord -> found[ord - from] = KMeans.nearest(vectors.get(ord), of, similarity));
    return found;
  }

  private static void append(int[][] lists, int[] listSizes, int list, int ord) {
    if (lists[list] == null) {
      lists[list] = new int[8];
    } else if (listSizes[list] == lists[list].length) {
      lists[list] = Arrays.copyOf(lists[list], listSizes[list] * 2);
    }
    lists[list][listSizes[list]++] = ord;
  }

  /**
   * {@inheritDoc} A {@code k} above the indexed count is searched as that count, so the heaps (and {@code k ×
   * rerank} with int8) are sized by what can be found, not by {@code k}.
   */
  @Override
  public Neighbors search(float[] query, int requestedK, Accept accept, SearchOptions searchOptions) {
    int k = Math.min(requestedK, size);
    if (k < 1) {
      return new Neighbors(new int[0], new float[0]);
    }
    if (centroids == null) {
      return ExactIndex.scan(vectors, similarity, size, query, k, accept);
    }
    int nprobe = Math.min(centroids.length,
        searchOptions.nprobe() > 0 ? searchOptions.nprobe() : options.nprobe());
    float[] centroidScores = new float[centroids.length];
    LongHeap probes = LongHeap.min(nprobe);
    for (int c = 0; c < centroids.length; c++) {
      centroidScores[c] = similarity.score(query, centroids[c]);
      probes.offer(centroidScores[c], c, nprobe);
    }
    int[] probed = probes.drainBestFirst().nodes();
    byte[] queryCode = codes == null ? null : codes.encodeQuery(query);
    int wanted = codes == null ? k : (int) Math.min(size, (long) k * options.rerank());
    LongHeap found = LongHeap.min(wanted);
    Scratch scratch = new Scratch(new float[vectors.dimension()], codes == null ? null : codes.scratch());
    scan(query, queryCode, probed, 0, probed.length, accept, found, wanted, scratch);
    if (found.size() < k && nprobe < centroids.length) {
      // Small lists (or a filter) left fewer than k: probe further lists, nearest first, until k are found.
      int[] order = byScore(centroidScores);
      scan(query, queryCode, order, nprobe, order.length, accept, found, wanted, scratch);
    }
    if (codes == null) {
      return found.drainBestFirst();
    }
    LongHeap best = LongHeap.min(k);
    while (!found.isEmpty()) {
      int ord = found.pop();
      best.offer(similarity.score(query, vectors.get(ord, scratch.vector())), ord, k);
    }
    return best.drainBestFirst();
  }

  /**
   * Scans the lists {@code lists[from..to)} into {@code found} (exact scores, or int8 estimates when {@code
   * queryCode} is set), stopping after a list once {@code found} holds {@code wanted} entries if {@code from > 0}.
   */
  private void scan(float[] query, byte[] queryCode, int[] lists, int from, int to, Accept accept, LongHeap found,
      int wanted, Scratch scratch) {
    for (int l = from; l < to; l++) {
      if (from > 0 && found.size() >= wanted) {
        return;
      }
      int list = lists[l];
      int[] members = this.lists[list];
      for (int i = 0, n = listSizes[list]; i < n; i++) {
        int ord = members[i];
        if (accept.test(ord)) {
          float score = queryCode == null ? similarity.score(query, vectors.get(ord, scratch.vector()))
              : codes.estimate(queryCode, ord, scratch.code());
          found.offer(score, ord, wanted);
        }
      }
    }
  }

  /** Where one search copies mapped vectors and codes to score them. */
  private record Scratch(float[] vector, byte[] code) {}

  private static int[] byScore(float[] scores) {
    LongHeap all = LongHeap.min(scores.length);
    for (int c = 0; c < scores.length; c++) {
      all.push(scores[c], c);
    }
    return all.drainBestFirst().nodes();
  }

  @Override
  public void write(DataOutput out) throws IOException {
    out.writeInt(size);
    out.writeInt(trainedSize);
    out.writeInt(nlist());
    out.writeBoolean(quantized());
    if (centroids == null) {
      return;
    }
    for (float[] centroid : centroids) {
      for (float x : centroid) {
        out.writeFloat(x);
      }
    }
    for (int c = 0; c < centroids.length; c++) {
      out.writeInt(listSizes[c]);
      for (int i = 0; i < listSizes[c]; i++) {
        out.writeInt(lists[c][i]);
      }
    }
    if (codes != null) {
      codes.write(out);
    }
  }

  /**
   * Reads lists written by {@link #write} over {@code vectors}. The int8 codes are {@code codes} when it holds
   * them, else encoded again. The index keeps the quantization it was built with (see {@link #quantized()}); the
   * other options come from {@code requested}. Throws {@link IOException} with the problem when the bytes cannot be
   * an index of these vectors.
   */
  public static IvfIndex read(DataInput in, VectorSet vectors, Metric metric, IvfOptions requested,
      MappedRows codes) throws IOException {
    int size = in.readInt();
    int trainedSize = in.readInt();
    int nlist = in.readInt();
    boolean int8 = in.readBoolean();
    IvfOptions options = new IvfOptions(requested.nlist(), requested.nprobe(),
        int8 ? Quantization.INT8 : Quantization.NONE, requested.rerank(),
        requested.trainingThreshold(), requested.trainingSample(), requested.seed());
    IvfIndex index = new IvfIndex(vectors, metric, options);
    if (size < 0 || size > vectors.size() || nlist < 0 || nlist > Math.max(size, 0) || trainedSize > size) {
      throw new IOException("bad IVF header (size " + size + ", nlist " + nlist + ")");
    }
    index.size = size;
    index.prepared = size;
    index.trainedSize = trainedSize;
    if (nlist == 0) {
      return index;
    }
    int dimension = vectors.dimension();
    index.centroids = new float[nlist][dimension];
    for (float[] centroid : index.centroids) {
      for (int d = 0; d < dimension; d++) {
        centroid[d] = in.readFloat();
      }
    }
    index.lists = new int[nlist][];
    index.listSizes = new int[nlist];
    long total = 0;
    for (int c = 0; c < nlist; c++) {
      int n = in.readInt();
      if (n < 0 || n > size) {
        throw new IOException("IVF list " + c + " claims " + n + " members");
      }
      int[] members = new int[Math.max(8, n)];
      for (int i = 0; i < n; i++) {
        members[i] = in.readInt();
        if (members[i] < 0 || members[i] >= size) {
          throw new IOException("IVF list " + c + " holds ordinal " + members[i] + ", outside the index");
        }
      }
      index.lists[c] = members;
      index.listSizes[c] = n;
      total += n;
    }
    if (total != size) {
      throw new IOException("IVF lists hold " + total + " ordinals, the index has " + size);
    }
    if (int8) {
      index.codes = Int8Codes.read(in, vectors, size, index.similarity, codes);
    }
    return index;
  }
}
