package dev.quarry.embeddings;

import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Test fixtures for {@link OnnxCrossEncoder}: SYNTHETIC ONNX graphs, not models (see
 * {@code src/test/resources/cross-encoder/README.md} and {@code src/test/python/make_cross_encoder_fixtures.py}),
 * and the real all-MiniLM-L6-v2 {@code tokenizer.json}, so token ids are real WordPiece ids.
 *
 * <p>The keyword-scorer fixtures compute {@code sum over tokens of mask * (1 + type) * weight(id)} (the 2-logit
 * one without the type factor and returning {@code [-score, score]}), with the weights below and 0 for every other
 * token.
 */
final class CrossEncoderFixtures {
  /** Keyword scorer; inputs input_ids, attention_mask, token_type_ids; logits [batch, 1]. */
  static final String ONE_LOGIT = "synthetic-keyword-scorer-1-logit.onnx";
  /** Keyword scorer without the type factor; inputs input_ids, attention_mask; logits [batch, 2]. */
  static final String TWO_LOGITS = "synthetic-keyword-scorer-2-logits.onnx";
  /** Cross-encoder inputs, logits [batch, 3]: not accepted. */
  static final String THREE_LOGITS = "synthetic-3-logits.onnx";
  /** One input, pixel_values FLOAT [batch, 3]: not accepted. */
  static final String WRONG_INPUTS = "synthetic-wrong-inputs.onnx";

  /** Keyword weights of the fixtures; a [PAD] the mask lets through would add {@value #PAD}. */
  static final float PARIS = 16;
  static final float LONDON = 4;
  static final float FRANCE = 2;
  static final float CAPITAL = 1;
  static final float PAD = 1000;

  private CrossEncoderFixtures() {}

  /** The path of a synthetic fixture graph in the test resources. */
  static Path model(String fileName) {
    URL url = CrossEncoderFixtures.class.getClassLoader().getResource("cross-encoder/" + fileName);
    if (url == null) {
      throw new IllegalStateException("test fixture cross-encoder/" + fileName + " is not on the class path");
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Copies all-MiniLM-L6-v2's tokenizer.json (truncation length 128) out of its jar into {@code dir}. */
  static Path miniLmTokenizer(Path dir) throws Exception {
    return copyResource(EmbeddingPreset.ALL_MINILM_L6_V2.tokenizerResource(), dir.resolve("tokenizer.json"));
  }

  /** Copies all-MiniLM-L6-v2's ONNX file, a sentence encoder and so not a cross-encoder, into {@code dir}. */
  static Path miniLmSentenceEncoder(Path dir) throws Exception {
    return copyResource(EmbeddingPreset.ALL_MINILM_L6_V2.modelResource(), dir.resolve("sentence-encoder.onnx"));
  }

  private static Path copyResource(String name, Path target) throws Exception {
    if (!Files.exists(target)) {
      try (InputStream in = CrossEncoderFixtures.class.getClassLoader().getResourceAsStream(name)) {
        Files.copy(in, target);
      }
    }
    return target;
  }
}
