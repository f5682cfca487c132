package dev.quarry.embeddings;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Quarry's batched embeddings agree with LangChain4j's one-at-a-time embedder for the same model file. */
class LangChain4jAgreementTest {

  @Test
  void vectorsAgreeWithLangChain4jOn200SciFactPassages() throws Exception {
    List<String> passages = readPassages();
    assertThat(passages).hasSize(200);

    List<float[]> ours;
    try (OnnxEmbeddingModel quarry = OnnxEmbeddingModel.builder().maxSequenceLength(128).build()) {
      // LangChain4j keeps the 128-token truncation written in this model's tokenizer.json; give Quarry the same.
      ours = quarry.embedDocuments(passages);
    }
    var theirs =
        new AllMiniLmL6V2QuantizedEmbeddingModel()
            .embedAll(passages.stream().map(TextSegment::from).toList())
            .content();

    double min = 1;
    for (int i = 0; i < passages.size(); i++) {
      min = Math.min(min, cosine(ours.get(i), theirs.get(i).vector()));
    }
    assertThat(min).isGreaterThanOrEqualTo(0.999);
  }

  static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }

  static List<String> readPassages() throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<String> passages = new ArrayList<>();
    try (var reader =
        new BufferedReader(
            new InputStreamReader(
                LangChain4jAgreementTest.class.getResourceAsStream("/scifact/corpus-200.jsonl"),
                StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        JsonNode doc = json.readTree(line);
        passages.add(doc.get("text").asText());
      }
    }
    return passages;
  }
}
