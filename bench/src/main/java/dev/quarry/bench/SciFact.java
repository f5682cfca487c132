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

/** Reads a BEIR corpus ({@code corpus.jsonl}: _id, title, text) as documents, and its queries' texts. */
final class SciFact {
  private SciFact() {}

  static List<Document> corpus(Path dir, int limit) throws IOException {
    Path file = dir.resolve("corpus.jsonl");
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no corpus.jsonl in " + dir + " (pass --data <BEIR folder>)");
    }
    ObjectMapper json = new ObjectMapper();
    List<Document> documents = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(file)) {
      String line;
      while ((line = reader.readLine()) != null && documents.size() < limit) {
        JsonNode node = json.readTree(line);
        String title = node.path("title").asText("");
        String text = node.path("text").asText("");
        documents.add(
            new Document(node.get("_id").asText(), title.isEmpty() ? text : title + "\n\n" + text,
                Metadata.of(Map.of("title", title))));
      }
    }
    return documents;
  }

  /** The first {@code limit} query texts of the folder's {@code queries.jsonl}. */
  static List<String> queryTexts(Path dir, int limit) throws IOException {
    Path file = dir.resolve("queries.jsonl");
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no queries.jsonl in " + dir + " (pass --data <BEIR folder>)");
    }
    ObjectMapper json = new ObjectMapper();
    List<String> queries = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(file)) {
      String line;
      while ((line = reader.readLine()) != null && queries.size() < limit) {
        queries.add(json.readTree(line).path("text").asText(""));
      }
    }
    return queries;
  }
}
