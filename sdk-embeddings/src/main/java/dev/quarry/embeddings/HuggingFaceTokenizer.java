package dev.quarry.embeddings;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import dev.quarry.api.NonRetriableException;
import dev.quarry.api.StorageException;
import dev.quarry.api.tokenizer.Tokenizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A {@link Tokenizer} over a HuggingFace {@code tokenizer.json}, run by DJL's Rust tokenizers. Padding and
 * truncation settings inside the file are ignored: Quarry decides both.
 *
 * <p>Thread-safe: the native tokenizer is immutable after loading and encodes from any thread. Close it when
 * done to free the native memory (an {@link OnnxEmbeddingModel} closes its own).
 */
public final class HuggingFaceTokenizer implements Tokenizer, AutoCloseable {
  private static final Map<String, String> OPTIONS =
      Map.of("padding", "false", "truncation", "false", "addSpecialTokens", "true");

  private final ai.djl.huggingface.tokenizers.HuggingFaceTokenizer delegate;
  private final String fingerprint;

  private HuggingFaceTokenizer(ai.djl.huggingface.tokenizers.HuggingFaceTokenizer delegate, String fingerprint) {
    this.delegate = delegate;
    this.fingerprint = fingerprint;
  }

  /** Loads a {@code tokenizer.json} file. */
  public static HuggingFaceTokenizer load(Path tokenizerJson) {
    if (tokenizerJson == null) {
      throw new IllegalArgumentException("tokenizer path must not be null");
    }
    if (!Files.isRegularFile(tokenizerJson)) {
      throw new IllegalArgumentException("tokenizer file not found: " + tokenizerJson);
    }
    try (InputStream in = Files.newInputStream(tokenizerJson)) {
      return load(in, tokenizerJson.toString());
    } catch (IOException e) {
      throw new StorageException(tokenizerJson, "cannot read tokenizer " + tokenizerJson, e);
    }
  }

  /** Loads the tokenizer of a bundled model. */
  public static HuggingFaceTokenizer load(EmbeddingPreset preset) {
    try (InputStream in = Resources.open(preset.tokenizerResource(), preset)) {
      return load(in, preset.tokenizerResource());
    } catch (IOException e) {
      throw new StorageException(null, "cannot read tokenizer " + preset.tokenizerResource(), e);
    }
  }

  static HuggingFaceTokenizer load(InputStream in, String name) throws IOException {
    Offline.ensure();
    byte[] json = in.readAllBytes();
    try {
      return new HuggingFaceTokenizer(
          ai.djl.huggingface.tokenizers.HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(json), OPTIONS),
          "huggingface-tokenizer:" + sha256(json, new TreeMap<>(OPTIONS).toString()));
    } catch (RuntimeException e) {
      throw new NonRetriableException("not a valid HuggingFace tokenizer.json: " + name, e);
    }
  }

  /**
   * {@code huggingface-tokenizer:} and the SHA-256 of its {@code tokenizer.json} and of the options it is loaded
   * with: the same file counts alike.
   */
  @Override
  public Optional<String> fingerprint() {
    return Optional.of(fingerprint);
  }

  private static String sha256(byte[] json, String options) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(json);
      return HexFormat.of().formatHex(digest.digest(options.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  @Override
  public int countTokens(String text) {
    return plain(text).getIds().length;
  }

  @Override
  public int[] encode(String text) {
    long[] ids = plain(text).getIds();
    int[] result = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      result[i] = Math.toIntExact(ids[i]);
    }
    return result;
  }

  @Override
  public String truncate(String text, int maxTokens) {
    if (maxTokens < 0) {
      throw new IllegalArgumentException("maxTokens must be >= 0, was " + maxTokens);
    }
    CharSpan[] spans = plain(text).getCharTokenSpans();
    if (spans.length <= maxTokens) {
      return text;
    }
    // Cut where token maxTokens starts, so trailing whitespace stays. A prefix can tokenize differently from
    // the whole (one char may yield several tokens, word pieces may regroup), so check and step back if needed.
    // Spans count Unicode code points, not UTF-16 chars.
    int codePoints = text.codePointCount(0, text.length());
    for (int cut = maxTokens; cut > 0; cut--) {
      int end = text.offsetByCodePoints(0, Math.min(spans[cut].getStart(), codePoints));
      String prefix = text.substring(0, end);
      if (countTokens(prefix) <= maxTokens) {
        return prefix;
      }
    }
    return "";
  }

  /** Encodes with the model's special tokens, for the embedding model. */
  Encoding[] encodeForModel(List<String> texts) {
    return delegate.batchEncode(texts, true, false);
  }

  private Encoding plain(String text) {
    if (text == null) {
      throw new IllegalArgumentException("text must not be null");
    }
    return delegate.encode(text, false, false);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
