package dev.quarry.embeddings;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.quarry.api.NonRetriableException;
import dev.quarry.api.embedding.EmbeddingModel;
import dev.quarry.api.embedding.TokenWindow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A BERT-style sentence embedding model run in-process by ONNX Runtime, with a HuggingFace tokenizer. Nothing is
 * downloaded: the default model, all-MiniLM-L6-v2, ships in a Maven jar; bge-small-en-v1.5 likewise; any other
 * model loads from an ONNX file and its {@code tokenizer.json}.
 *
 * <pre>{@code
 * try (OnnxEmbeddingModel model = OnnxEmbeddingModel.builder().build()) {      // all-MiniLM-L6-v2
 *   List<float[]> vectors = model.embedDocuments(List.of("first passage", "second passage"));
 *   float[] query = model.embedQuery("what is in the first passage?");
 * }
 * }</pre>
 *
 * <p>{@link #embedDocuments} tokenizes the texts a window at a time (thousands of texts), sorts each window by token
 * count, and runs each batch as one padded tensor, so texts of similar length share a batch and little time goes
 * into padding; results come back in the caller's order. Texts longer than {@link Builder#maxSequenceLength}
 * tokens are truncated; {@link #truncatedTexts()} counts them and the first one is logged.
 *
 * <p>Thread-safe: one instance serves all threads (ONNX Runtime sessions run concurrently). {@link #close()} frees
 * the native session and tokenizer once calls in flight end; later calls throw {@link IllegalStateException}.
 *
 * <p>Offline: before the first model starts, DJL's offline switch is set and ONNX Runtime's telemetry is switched
 * off through the process environment ({@code ORT_DISABLE_TELEMETRY=1}, set with libc {@code setenv} on Java 22+);
 * where that cannot be done (Java 21 without the variable set) {@link Builder#build} fails naming the fixes.
 */
public final class OnnxEmbeddingModel implements EmbeddingModel, AutoCloseable {
  /** Texts per batch by default, except for the int8 presets on the CPU (see {@link Builder#batchSize}). */
  public static final int DEFAULT_BATCH_SIZE = 32;
  /** Tokens per text for a model loaded from files, special tokens included (BERT's limit). */
  public static final int DEFAULT_MAX_SEQUENCE_LENGTH = 512;
  /**
   * Texts tokenized and sorted together: {@value} batches' worth, and at least {@link #MIN_WINDOW_TEXTS}. Bounds
   * memory on very long lists; large enough that the threads rarely wait for each other at a window's end.
   */
  static final int WINDOW_BATCHES = 64;

  static final int MIN_WINDOW_TEXTS = 2048;

  /** Fewest texts worth handing to another thread for tokenization. */
  static final int TOKENIZE_SLICE_MIN = 64;

  private static final Logger LOG = LoggerFactory.getLogger(OnnxEmbeddingModel.class);

  private final EncoderSession encoder;
  private final HuggingFaceTokenizer tokenizer;
  private final String name;
  private final Optional<EmbeddingPreset> preset;
  private final ExecutionProvider provider;
  private final Pooling pooling;
  private final int maxSequenceLength;
  private final int batchSize;
  private final String queryPrefix;
  private final String documentPrefix;
  private final int dimension;
  private final int documentTokens;
  private final AtomicLong truncated = new AtomicLong();
  private final BatchRunner runner;
  private final CloseLatch latch;

  private OnnxEmbeddingModel(Builder b, OrtSession session, ExecutionProvider provider, HuggingFaceTokenizer tok)
      throws OrtException {
    this.provider = provider;
    this.tokenizer = tok;
    this.name = b.name();
    this.preset = Optional.ofNullable(b.preset);
    this.latch = new CloseLatch(name);
    this.pooling = b.pooling();
    this.maxSequenceLength = b.maxSequenceLength();
    this.batchSize = b.batchSize(provider);
    this.queryPrefix = b.queryPrefix();
    this.documentPrefix = b.documentPrefix;
    this.documentTokens = documentTokens(tok, maxSequenceLength, documentPrefix);
    this.runner = new BatchRunner(b.parallelism, name);
    this.encoder = new EncoderSession(session, name, pooling, b.normalize);
    long declared = encoder.declaredDimension();
    this.dimension = declared > 0 ? Math.toIntExact(declared) : embed(List.of("dimension probe"), "").get(0).length;
  }

  /** The tokens of a document's text that fit a sequence beside the special tokens and the document prefix. */
  private static int documentTokens(HuggingFaceTokenizer tokenizer, int maxSequenceLength, String documentPrefix) {
    int overhead = tokenizer.encodeForModel(List.of(documentPrefix))[0].getIds().length;
    if (overhead >= maxSequenceLength) {
      throw new IllegalArgumentException("the document prefix and special tokens take " + overhead + " tokens, the"
          + " whole maxSequenceLength of " + maxSequenceLength);
    }
    return maxSequenceLength - overhead;
  }

  /** A builder for the default model, all-MiniLM-L6-v2; choose another with its methods. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public List<float[]> embedDocuments(List<String> texts) {
    if (texts == null) {
      throw new IllegalArgumentException("texts must not be null");
    }
    for (int i = 0; i < texts.size(); i++) {
      String text = texts.get(i);
      if (text == null || text.isBlank()) {
        throw new IllegalArgumentException(
            "text at index " + i + " is " + (text == null ? "null" : "blank") + "; every text must have content");
      }
    }
    return embed(texts, documentPrefix);
  }

  @Override
  public float[] embedQuery(String query) {
    if (query == null || query.isBlank()) {
      throw new IllegalArgumentException("query must not be null or blank");
    }
    return embed(List.of(query), queryPrefix).get(0);
  }

  /** Texts per ONNX call, as configured or defaulted. */
  public int batchSize() {
    return batchSize;
  }

  /** The tokenizer this model uses, for token-aware splitting and context budgets. Closed with the model. */
  public HuggingFaceTokenizer tokenizer() {
    return tokenizer;
  }

  /**
   * The model's tokenizer and the most tokens of a document it reads: the maximum sequence length less the
   * special tokens and the document prefix, if any.
   */
  @Override
  public Optional<TokenWindow> tokenWindow() {
    return Optional.of(new TokenWindow(tokenizer, documentTokens));
  }

  /** How many texts so far were longer than the maximum sequence length and were truncated. */
  public long truncatedTexts() {
    return truncated.get();
  }

  /** The bundled preset this model runs, or empty for a model loaded from files. */
  public Optional<EmbeddingPreset> preset() {
    return preset;
  }

  /** Where the model runs: {@link ExecutionProvider#CPU} or {@link ExecutionProvider#CUDA}. */
  public ExecutionProvider executionProvider() {
    return provider;
  }

  @Override
  public String toString() {
    return "OnnxEmbeddingModel[" + name + ", dimension=" + dimension + ", " + pooling + ", maxSequenceLength="
        + maxSequenceLength + ", batchSize=" + batchSize + ", parallelism=" + runner.parallelism() + ", "
        + provider + "]";
  }

  private List<float[]> embed(List<String> texts, String prefix) {
    return latch.call(() -> embedOpen(texts, prefix));
  }

  private List<float[]> embedOpen(List<String> texts, String prefix) {
    float[][] result = new float[texts.size()][];
    int window = Math.max(batchSize * WINDOW_BATCHES, MIN_WINDOW_TEXTS);
    for (int start = 0; start < texts.size(); start += window) {
      int end = Math.min(texts.size(), start + window);
      List<String> slice = texts.subList(start, end);
      if (!prefix.isEmpty()) {
        slice = slice.stream().map(t -> prefix + t).toList();
      }
      embedWindow(slice, result, start);
    }
    return Arrays.asList(result);
  }

  /**
   * Steps: 1. tokenize all, in slices on the runner's threads; 2. sort by length; 3. pad and run each batch on the
   * runner's threads; 4. pool into the caller's order.
   */
  private void embedWindow(List<String> texts, float[][] result, int resultOffset) {
    Encoding[] encodings = new Encoding[texts.size()];
    int slices = Math.min(runner.parallelism(), Math.max(1, texts.size() / TOKENIZE_SLICE_MIN));
    runner.forEach(
        slices,
        slice -> {
          int from = slice * texts.size() / slices;
          int to = (slice + 1) * texts.size() / slices;
          Encoding[] part = tokenizer.encodeForModel(texts.subList(from, to));
          System.arraycopy(part, 0, encodings, from, part.length);
        });
    countTruncated(encodings);
    int[] order = Batch.lengthOrder(encodings);
    int batches = (order.length + batchSize - 1) / batchSize;
    runner.forEach(
        batches,
        index -> {
          int from = index * batchSize;
          Batch batch = Batch.pad(encodings, order, from, Math.min(order.length, from + batchSize), maxSequenceLength);
          float[][] vectors = encoder.run(batch);
          for (int row = 0; row < batch.size(); row++) {
            result[resultOffset + batch.positions()[row]] = vectors[row];
          }
        });
  }

  private void countTruncated(Encoding[] encodings) {
    int count = 0;
    for (Encoding encoding : encodings) {
      if (encoding.getIds().length > maxSequenceLength) {
        count++;
      }
    }
    if (count > 0 && truncated.getAndAdd(count) == 0) {
      LOG.warn(
          "{}: {} of {} texts are longer than {} tokens and were truncated; truncatedTexts() keeps the count",
          name, count, encodings.length, maxSequenceLength);
    }
  }

  /** Waits for calls in flight, then frees the native session and tokenizer. Later calls throw. Idempotent. */
  @Override
  public void close() {
    if (!latch.close()) {
      return;
    }
    runner.close();
    try {
      encoder.close();
    } catch (OrtException e) {
      LOG.warn("closing the ONNX session of {} failed: {}", name, e.toString());
    }
    tokenizer.close();
  }

  /**
   * Options of an {@link OnnxEmbeddingModel}. Options left unset take the preset's value (pooling, maximum
   * sequence length, query prefix) or the named defaults. Not thread-safe.
   */
  public static final class Builder {
    private EmbeddingPreset preset = EmbeddingPreset.ALL_MINILM_L6_V2;
    private Path modelFile;
    private Path tokenizerFile;
    private Pooling pooling;
    private boolean normalize = true;
    private int maxSequenceLength;
    private int batchSize;
    private int parallelism = Runtime.getRuntime().availableProcessors();
    private int intraOpThreads;
    private String queryPrefix;
    private String documentPrefix = "";
    private ExecutionProvider executionProvider = ExecutionProvider.AUTO;
    private int gpuDevice;

    private Builder() {}

    /** A bundled model; {@link EmbeddingPreset#ALL_MINILM_L6_V2} unless changed. */
    public Builder preset(EmbeddingPreset preset) {
      this.preset = require(preset, "preset");
      this.modelFile = null;
      this.tokenizerFile = null;
      return this;
    }

    /** Any ONNX sentence encoder and its {@code tokenizer.json}, instead of a preset; mean pooling by default. */
    public Builder modelFiles(Path onnxModel, Path tokenizerJson) {
      this.modelFile = requireFile(onnxModel, "ONNX model");
      this.tokenizerFile = requireFile(tokenizerJson, "tokenizer.json");
      this.preset = null;
      return this;
    }

    public Builder pooling(Pooling pooling) {
      this.pooling = require(pooling, "pooling");
      return this;
    }

    /** Scale vectors to unit length (default true), so dot product equals cosine similarity. */
    public Builder normalize(boolean normalize) {
      this.normalize = normalize;
      return this;
    }

    /** Tokens per text, special tokens included; longer texts are truncated. At least 2. */
    public Builder maxSequenceLength(int maxSequenceLength) {
      if (maxSequenceLength < 2) {
        throw new IllegalArgumentException("maxSequenceLength must be >= 2, was " + maxSequenceLength);
      }
      this.maxSequenceLength = maxSequenceLength;
      return this;
    }

    /**
     * Texts per ONNX call. Default: 1 for the bundled int8 presets on the CPU, {@value #DEFAULT_BATCH_SIZE}
     * otherwise. Their activations are quantized with one scale per tensor, so in a batch a text's vector depends
     * on its batch-mates (cosine about 0.99 to the text alone), and on a CPU batches of chunk-sized texts are no
     * faster than single texts on parallel threads (measured in {@code bench/run embed}). Larger batches pay on
     * a GPU and for float models.
     */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1) {
        throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /**
     * Batches run at the same time by one {@link #embedDocuments} call; default: the available processors. Each
     * runs on its own thread (the caller's and a pool's owned by the model).
     */
    public Builder parallelism(int parallelism) {
      if (parallelism < 1) {
        throw new IllegalArgumentException("parallelism must be >= 1, was " + parallelism);
      }
      this.parallelism = parallelism;
      return this;
    }

    /**
     * Threads ONNX Runtime uses inside one batch; default: the available processors divided by {@link
     * #parallelism}, at least 1, so the two together do not oversubscribe the cores.
     */
    public Builder intraOpThreads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("intraOpThreads must be >= 1, was " + threads);
      }
      this.intraOpThreads = threads;
      return this;
    }

    /** Put before every query (asymmetric models' instruction); the preset's by default. */
    public Builder queryPrefix(String prefix) {
      this.queryPrefix = require(prefix, "queryPrefix");
      return this;
    }

    /** Put before every document; empty by default. */
    public Builder documentPrefix(String prefix) {
      this.documentPrefix = require(prefix, "documentPrefix");
      return this;
    }

    /** CPU, CUDA, or AUTO (CUDA when available; the default). */
    public Builder executionProvider(ExecutionProvider provider) {
      this.executionProvider = require(provider, "executionProvider");
      return this;
    }

    /** The CUDA device number; default 0. */
    public Builder gpuDevice(int device) {
      if (device < 0) {
        throw new IllegalArgumentException("gpuDevice must be >= 0, was " + device);
      }
      this.gpuDevice = device;
      return this;
    }

    /** Loads the model and tokenizer. */
    public OnnxEmbeddingModel build() {
      byte[] model = preset != null ? Resources.read(preset.modelResource(), preset) : Resources.readFile(modelFile);
      HuggingFaceTokenizer tokenizer =
          preset != null ? HuggingFaceTokenizer.load(preset) : HuggingFaceTokenizer.load(tokenizerFile);
      SessionFactory.Opened opened = null;
      try {
        opened = SessionFactory.open(model, name(), intraOpThreads(), executionProvider, gpuDevice);
        return new OnnxEmbeddingModel(this, opened.session(), opened.provider(), tokenizer);
      } catch (OrtException | RuntimeException e) {
        tokenizer.close();
        if (opened != null) {
          try {
            opened.session().close();
          } catch (OrtException suppressed) {
            e.addSuppressed(suppressed);
          }
        }
        throw e instanceof RuntimeException r ? r : new NonRetriableException("cannot open " + name(), e);
      }
    }

    String name() {
      return preset != null ? preset.name() : modelFile.getFileName().toString();
    }

    Pooling pooling() {
      return pooling != null ? pooling : preset != null ? preset.pooling() : Pooling.MEAN;
    }

    int maxSequenceLength() {
      return maxSequenceLength > 0
          ? maxSequenceLength
          : preset != null ? preset.maxSequenceLength() : DEFAULT_MAX_SEQUENCE_LENGTH;
    }

    int batchSize(ExecutionProvider provider) {
      if (batchSize > 0) {
        return batchSize;
      }
      return preset != null && preset.int8() && provider == ExecutionProvider.CPU ? 1 : DEFAULT_BATCH_SIZE;
    }

    int intraOpThreads() {
      return intraOpThreads > 0
          ? intraOpThreads
          : Math.max(1, Runtime.getRuntime().availableProcessors() / parallelism);
    }

    String queryPrefix() {
      return queryPrefix != null ? queryPrefix : preset != null ? preset.queryPrefix() : "";
    }

    private static Path requireFile(Path file, String what) {
      require(file, what + " path");
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException(what + " file not found: " + file);
      }
      return file;
    }

    private static <T> T require(T value, String what) {
      if (value == null) {
        throw new IllegalArgumentException(what + " must not be null");
      }
      return value;
    }
  }
}
