package dev.quarry.embeddings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxEmbeddingModelTest {
  private static OnnxEmbeddingModel model;

  @BeforeAll
  static void load() {
    model = OnnxEmbeddingModel.builder().build();
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void defaultModelIsMiniLmWith384UnitVectors() {
    assertThat(model.dimension()).isEqualTo(384);
    float[] v = model.embedQuery("How do vaccines train the immune system?");
    assertThat(v).hasSize(384);
    assertThat(norm(v)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
    assertThat(model.executionProvider()).isEqualTo(ExecutionProvider.CPU);
  }

  @Test
  void relatedTextsAreCloserThanUnrelatedOnes() {
    List<float[]> v =
        model.embedDocuments(
            List.of(
                "The cat sat on the mat.",
                "A kitten was sitting on the rug.",
                "Quarterly revenue grew by eight percent."));
    assertThat(dot(v.get(0), v.get(1))).isGreaterThan(dot(v.get(0), v.get(2)) + 0.3);
  }

  @Test
  void batchedResultsComeBackInTheCallersOrder() {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 70; i++) {
      texts.add("sentence number " + i + " " + "word ".repeat(i % 13));
    }
    List<float[]> batched;
    try (OnnxEmbeddingModel small = OnnxEmbeddingModel.builder().batchSize(4).parallelism(2).build()) {
      batched = small.embedDocuments(texts);
    }
    for (int i : new int[] {0, 17, 42, 69}) {
      float[] alone = model.embedDocuments(List.of(texts.get(i))).get(0);
      // int8 dynamic quantization shares a scale across a batch, so batched vectors differ slightly.
      assertThat(dot(batched.get(i), alone)).as("text %d", i).isGreaterThan(0.98);
      for (int j : new int[] {0, 17, 42, 69}) {
        if (j != i) {
          assertThat(dot(batched.get(i), alone)).isGreaterThan(dot(batched.get(j), alone));
        }
      }
    }
  }

  @Test
  void batchSizeOneReproducesSingleTextVectorsExactly() {
    List<String> texts = List.of("alpha beta gamma", "a much longer text about proteins and cells", "x");
    List<float[]> vectors;
    try (OnnxEmbeddingModel one = OnnxEmbeddingModel.builder().batchSize(1).build()) {
      vectors = one.embedDocuments(texts);
    }
    for (int i = 0; i < texts.size(); i++) {
      assertThat(vectors.get(i)).containsExactly(model.embedDocuments(List.of(texts.get(i))).get(0));
    }
  }

  @Test
  void int8PresetsRunOneTextPerCallOnTheCpuUnlessToldOtherwise(@TempDir Path dir) throws Exception {
    assertThat(model.batchSize()).isEqualTo(1);
    try (OnnxEmbeddingModel batched = OnnxEmbeddingModel.builder().batchSize(16).build()) {
      assertThat(batched.batchSize()).isEqualTo(16);
    }
    Path onnx = dir.resolve("model.onnx");
    Path tokenizer = dir.resolve("tokenizer.json");
    copyResource("all-minilm-l6-v2-q.onnx", onnx);
    copyResource("all-minilm-l6-v2-q-tokenizer.json", tokenizer);
    try (OnnxEmbeddingModel fromFiles = OnnxEmbeddingModel.builder().modelFiles(onnx, tokenizer).build()) {
      assertThat(fromFiles.batchSize()).isEqualTo(OnnxEmbeddingModel.DEFAULT_BATCH_SIZE);
      assertThat(fromFiles.preset()).as("loaded from files: no preset").isEmpty();
    }
  }

  @Test
  void aClosedModelRefusesWorkAndClosesOnce() {
    OnnxEmbeddingModel closing = OnnxEmbeddingModel.builder().build();
    assertThat(closing.embedQuery("before")).hasSize(384);
    closing.close();
    closing.close();
    assertThatThrownBy(() -> closing.embedQuery("after"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void returnedArraysAreFreshCopies() {
    float[] a = model.embedQuery("same text");
    float[] b = model.embedQuery("same text");
    assertThat(a).isNotSameAs(b).containsExactly(b);
    a[0] = 42;
    assertThat(model.embedQuery("same text")[0]).isNotEqualTo(42f);
  }

  @Test
  void longTextsAreTruncatedAndCounted() {
    try (OnnxEmbeddingModel shortModel = OnnxEmbeddingModel.builder().maxSequenceLength(16).batchSize(1).build()) {
      String longText = "word ".repeat(100);
      float[] v = shortModel.embedDocuments(List.of(longText, "short")).get(0);
      assertThat(shortModel.truncatedTexts()).isEqualTo(1);
      // Truncated to 16 tokens: the same as embedding only the first 14 words ([CLS] and [SEP] take two).
      float[] prefix = shortModel.embedDocuments(List.of("word ".repeat(14))).get(0);
      assertThat(dot(v, prefix)).isGreaterThan(0.9999);
    }
  }

  @Test
  void nullOrBlankInputIsRejectedWithItsIndex() {
    assertThatThrownBy(() -> model.embedDocuments(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> model.embedDocuments(Arrays.asList("ok", null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("index 1");
    assertThatThrownBy(() -> model.embedDocuments(List.of("ok", "  ")))
        .hasMessageContaining("index 1")
        .hasMessageContaining("blank");
    assertThatThrownBy(() -> model.embedQuery("")).isInstanceOf(IllegalArgumentException.class);
    assertThat(model.embedDocuments(List.of())).isEmpty();
  }

  @Test
  void builderRejectsBadOptions() {
    var b = OnnxEmbeddingModel.builder();
    assertThatThrownBy(() -> b.batchSize(0)).hasMessageContaining("batchSize");
    assertThatThrownBy(() -> b.maxSequenceLength(1)).hasMessageContaining("maxSequenceLength");
    assertThatThrownBy(() -> b.parallelism(0)).hasMessageContaining("parallelism");
    assertThatThrownBy(() -> b.modelFiles(Path.of("/nonexistent.onnx"), Path.of("/nonexistent.json")))
        .hasMessageContaining("not found");
  }

  @Test
  void loadsAnyModelFromFiles(@TempDir Path dir) throws Exception {
    Path onnx = dir.resolve("model.onnx");
    Path tokenizer = dir.resolve("tokenizer.json");
    copyResource("all-minilm-l6-v2-q.onnx", onnx);
    copyResource("all-minilm-l6-v2-q-tokenizer.json", tokenizer);
    try (OnnxEmbeddingModel fromFiles = OnnxEmbeddingModel.builder().modelFiles(onnx, tokenizer).build()) {
      assertThat(fromFiles.dimension()).isEqualTo(384);
      assertThat(fromFiles.embedQuery("hello world")).containsExactly(model.embedQuery("hello world"));
      assertThat(fromFiles.embedDocuments(List.of("hello world"))).singleElement()
          .satisfies(v -> assertThat(v).containsExactly(model.embedQuery("hello world")));
    }
  }

  @Test
  void bgePresetUsesClsPoolingAndTheQueryInstruction() {
    try (OnnxEmbeddingModel bge = OnnxEmbeddingModel.builder().preset(EmbeddingPreset.BGE_SMALL_EN_V15).build()) {
      assertThat(bge.dimension()).isEqualTo(384);
      assertThat(bge.preset()).contains(EmbeddingPreset.BGE_SMALL_EN_V15);
      assertThat(EmbeddingPreset.BGE_SMALL_EN_V15.minSentenceSimilarity()).as("bge's cosines run higher than MiniLM's")
          .isGreaterThan(EmbeddingPreset.ALL_MINILM_L6_V2.minSentenceSimilarity());
      String text = "Vitamin D deficiency is linked to bone loss.";
      float[] asQuery = bge.embedQuery(text);
      float[] asDocument = bge.embedDocuments(List.of(text)).get(0);
      float[] withInstruction =
          bge.embedDocuments(List.of(EmbeddingPreset.BGE_SMALL_EN_V15.queryPrefix() + text)).get(0);
      assertThat(asQuery).containsExactly(withInstruction);
      assertThat(dot(asQuery, asDocument)).isLessThan(0.999).isGreaterThan(0.7);
    }
  }

  @Test
  void theChinesePresetEmbedsChineseWithTheChineseInstruction() {
    try (OnnxEmbeddingModel zh = OnnxEmbeddingModel.builder().preset(EmbeddingPreset.BGE_SMALL_ZH_V15).build()) {
      assertThat(zh.dimension()).isEqualTo(512);
      float[] query = zh.embedQuery("北京是哪个国家的首都？");
      List<float[]> passages = zh.embedDocuments(List.of("北京是中华人民共和国的首都。", "章鱼有三颗心脏和蓝色的血液。"));
      assertThat(query).containsExactly(
          zh.embedDocuments(List.of(EmbeddingPreset.BGE_SMALL_ZH_V15.queryPrefix() + "北京是哪个国家的首都？")).get(0));
      assertThat(dot(query, passages.get(0))).isGreaterThan(dot(query, passages.get(1)) + 0.1);
    }
  }

  @Test
  void concurrentCallersGetTheSameVectorsAsSequentialOnes() throws Exception {
    List<String> texts = IntStream.range(0, 16).mapToObj(i -> "concurrent text " + i).toList();
    List<float[]> expected = texts.stream().map(t -> model.embedDocuments(List.of(t)).get(0)).toList();
    var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      var futures = texts.stream().map(t -> pool.submit(() -> model.embedDocuments(List.of(t)).get(0))).toList();
      for (int i = 0; i < texts.size(); i++) {
        assertThat(futures.get(i).get()).containsExactly(expected.get(i));
      }
    } finally {
      pool.shutdown();
    }
  }

  private static void copyResource(String name, Path target) throws Exception {
    try (InputStream in = OnnxEmbeddingModelTest.class.getClassLoader().getResourceAsStream(name)) {
      Files.copy(in, target);
    }
  }

  static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  static double norm(float[] a) {
    return Math.sqrt(dot(a, a));
  }
}
