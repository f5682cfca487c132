package dev.quarry.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.api.document.Document;
import dev.quarry.api.document.Metadata;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Reads a BEIR corpus ({@code corpus.jsonl}: _id, title, text) as documents, and its queries' texts. */
final class SciFact {
  private SciFact() {}

  static List<Document> corpus(Path dir, int limit) throws IOException {
    return read(dir, "corpus.jsonl", limit, node -> {
      String title = node.path("title").asText("");
      String text = node.path("text").asText("");
      return new Document(node.get("_id").asText(), title.isEmpty() ? text : title + "\n\n" + text,
          Metadata.of(Map.of("title", title)));
    });
  }

  /** The first {@code limit} query texts of the folder's {@code queries.jsonl}. */
  static List<String> queryTexts(Path dir, int limit) throws IOException {
    return read(dir, "queries.jsonl", limit, node -> node.path("text").asText(""));
  }

  /** The first {@code limit} lines of a JSON Lines file of a BEIR folder, each mapped. */
  private static <T> List<T> read(Path dir, String name, int limit, Function<JsonNode, T> map) throws IOException {
    Path file = dir.resolve(name);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no " + name + " in " + dir + " (pass --data <BEIR folder>)");
    }
    ObjectMapper json = new ObjectMapper();
    List<T> out = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(file)) {
      String line;
      while ((line = reader.readLine()) != null && out.size() < limit) {
        out.add(map.apply(json.readTree(line)));
      }
    }
    return out;
  }
}
