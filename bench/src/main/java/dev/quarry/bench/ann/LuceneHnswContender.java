package dev.quarry.bench.ann;

import dev.quarry.api.store.Metric;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.MMapDirectory;
import org.apache.lucene.util.VectorUtil;

/**
 * Lucene's HNSW through the API a Lucene user would write: one {@link KnnFloatVectorField} per document and
 * nothing else, in an {@link IndexWriter} whose codec (the default {@link Lucene104Codec}) uses {@code
 * Lucene99HnswVectorsFormat(m, efConstruction)} for the field, searched with {@link KnnFloatVectorQuery}.
 *
 * <p>Build (timed): every {@code addDocument} plus the one {@code commit}. Lucene links each vector into the
 * graph as its document is added, on the indexing thread, so the graph is built by one thread (more indexing
 * threads would make more segments, which is a different, multi-graph index). One segment is forced: one
 * indexing thread, a 2 GB RAM buffer, no merges, one commit; the reader must then hold exactly one segment of
 * {@code n} documents, so a document id is the vector's position (checked; the run fails otherwise).
 *
 * <p>Search: an {@link IndexSearcher} without executor or query cache runs {@code new KnnFloatVectorQuery("v",
 * q, max(ef, k))} and the top {@code k} documents are taken. Lucene has no separate efSearch: the query's k is
 * the size of the candidate list, so sweeping it is the standard way to trade recall for speed.
 *
 * <p>Metric: EUCLIDEAN maps to {@link VectorSimilarityFunction#EUCLIDEAN}; COSINE is served by normalising
 * vectors and queries and using {@link VectorSimilarityFunction#DOT_PRODUCT}, which ranks the same and spares
 * Lucene's COSINE the norms it computes on every comparison (Quarry also normalises once and uses dot products);
 * DOT_PRODUCT maps to {@link VectorSimilarityFunction#MAXIMUM_INNER_PRODUCT}, which unlike Lucene's DOT_PRODUCT
 * accepts vectors of any length.
 *
 * <p>The directory is a {@link ByteBuffersDirectory} on the heap ({@code heap}, the default) or an {@link
 * MMapDirectory} in a temporary folder ({@code mmap}, Lucene's usual production setup). The choice matters: with
 * the heap directory every vector is copied out of its buffers before it is scored, with mmap Lucene's scorers
 * read the mapped file directly; on text200k (ef=64, one thread) mmap searched about four times faster. {@link
 * #bytes()} is the sum of the index files' lengths.
 */
final class LuceneHnswContender implements Contender {
  private static final String FIELD = "v";

  private final Metric metric;
  private final int m;
  private final int efConstruction;
  private final boolean mmap;
  private Path folder;
  private Directory directory;
  private DirectoryReader reader;
  private IndexSearcher searcher;

  LuceneHnswContender(Metric metric, int m, int efConstruction, String directoryKind) {
    this.metric = metric;
    this.m = m;
    this.efConstruction = efConstruction;
    this.mmap = switch (directoryKind) {
      case "heap" -> false;
      case "mmap" -> true;
      default -> throw new IllegalArgumentException(
          "--lucene-directory must be heap or mmap, was '" + directoryKind + "'");
    };
  }

  @Override
  public String name() {
    return "lucene-hnsw";
  }

  @Override
  public String effortName() {
    return "ef";
  }

  @Override
  public long build(float[][] base) throws IOException {
    if (mmap) {
      folder = Files.createTempDirectory("quarry-ann-lucene");
      directory = new MMapDirectory(folder);
    } else {
      directory = new ByteBuffersDirectory();
    }
    KnnVectorsFormat format = new Lucene99HnswVectorsFormat(m, efConstruction);
    IndexWriterConfig config = new IndexWriterConfig()
        .setCodec(new Lucene104Codec() {
          @Override
          public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
            return format;
          }
        })
        .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
        .setMergePolicy(NoMergePolicy.INSTANCE)
        .setMaxBufferedDocs(IndexWriterConfig.DISABLE_AUTO_FLUSH)
        .setRAMBufferSizeMB(2048)
        .setRAMPerThreadHardLimitMB(2047)
        .setUseCompoundFile(false);
    VectorSimilarityFunction similarity = similarity();
    long nanos;
    try (IndexWriter writer = new IndexWriter(directory, config)) {
      long start = System.nanoTime();
      for (float[] vector : base) {
        Document document = new Document();
        document.add(new KnnFloatVectorField(FIELD, prepare(vector), similarity));
        writer.addDocument(document);
      }
      writer.commit();
      nanos = System.nanoTime() - start;
    }
    reader = DirectoryReader.open(directory);
    if (reader.leaves().size() != 1 || reader.maxDoc() != base.length || reader.numDocs() != base.length) {
      throw new IllegalStateException("Lucene index has " + reader.leaves().size() + " segments and " + reader.maxDoc()
          + " documents; the benchmark needs one segment of " + base.length + " so doc ids are positions");
    }
    searcher = new IndexSearcher(reader);
    searcher.setQueryCache(null);
    return nanos;
  }

  private VectorSimilarityFunction similarity() {
    return switch (metric) {
      case EUCLIDEAN -> VectorSimilarityFunction.EUCLIDEAN;
      case COSINE -> VectorSimilarityFunction.DOT_PRODUCT;
      case DOT_PRODUCT -> VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT;
    };
  }

  /** A normalised copy for cosine; the vector itself otherwise (Lucene copies it while indexing). */
  private float[] prepare(float[] vector) {
    return metric == Metric.COSINE ? VectorUtil.l2normalize(vector.clone()) : vector;
  }

  @Override
  public int[] search(float[] query, int k, int effort) {
    try {
      TopDocs top = searcher.search(new KnnFloatVectorQuery(FIELD, prepare(query), Math.max(effort, k)), k);
      ScoreDoc[] docs = top.scoreDocs;
      int[] ids = new int[docs.length];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = docs[i].doc;
      }
      return ids;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public long bytes() {
    try {
      long total = 0;
      for (String file : directory.listAll()) {
        total += directory.fileLength(file);
      }
      return total;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      if (reader != null) {
        reader.close();
      }
      if (directory != null) {
        directory.close();
      }
      if (folder != null) {
        try (Stream<Path> paths = Files.walk(folder)) {
          for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(path);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      reader = null;
      directory = null;
      searcher = null;
      folder = null;
    }
  }
}
