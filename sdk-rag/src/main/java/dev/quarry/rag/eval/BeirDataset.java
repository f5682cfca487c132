package dev.quarry.rag.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.api.StorageException;
import dev.quarry.api.document.Document;
import dev.quarry.api.document.Metadata;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * A test collection in the BEIR layout: {@code corpus.jsonl} ({@code _id}, {@code title}, {@code text}), {@code
 * queries.jsonl} ({@code _id}, {@code text}) and {@code qrels/<split>.tsv} (a header, then {@code query-id},
 * {@code corpus-id}, {@code score} separated by tabs). Either JSON Lines file may be gzipped instead ({@code
 * corpus.jsonl.gz}), as the collections in Quarry's {@code bench/data/retrieval} are.
 *
 * <p>Corpus documents become {@link Document}s whose text is the title, a blank line and the body (the body alone
 * when there is no title), with the title in the {@value #TITLE} metadata key.
 *
 * <p>Immutable and thread-safe; files are read on each call.
 */
public final class BeirDataset {
  /** Metadata key of a corpus document's title. */
  public static final String TITLE = "title";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String GZIP = ".gz";

  private final Path folder;

  private BeirDataset(Path folder) {
    this.folder = folder;
  }

  /**
   * The collection in {@code folder}.
   *
   * @throws IllegalArgumentException if the folder lacks {@code corpus.jsonl} (or {@code .jsonl.gz}), {@code
   *     queries.jsonl} (or {@code .jsonl.gz}) or a {@code qrels} folder
   */
  public static BeirDataset open(Path folder) {
    if (folder == null) {
      throw new IllegalArgumentException("folder must not be null");
    }
    for (String name : List.of("corpus", "queries")) {
      jsonLines(folder, name); // throws if absent
    }
    if (!Files.isDirectory(folder.resolve("qrels"))) {
      throw new IllegalArgumentException(folder + " is not a BEIR folder: it has no qrels/ folder");
    }
    return new BeirDataset(folder);
  }

  public Path folder() {
    return folder;
  }

  /** Every corpus document, in file order. */
  public List<Document> corpus() {
    List<Document> documents = new ArrayList<>();
    forEachJsonLine(jsonLines(folder, "corpus"), node -> {
      String title = node.path("title").asText("");
      String text = node.path("text").asText("");
      String body = title.isBlank() ? text : text.isBlank() ? title : title + "\n\n" + text;
      documents.add(new Document(requiredId(node), body, Metadata.of(Map.of(TITLE, title))));
    });
    return documents;
  }

  /** Query id to query text, in file order. */
  public Map<String, String> queries() {
    Map<String, String> queries = new LinkedHashMap<>();
    forEachJsonLine(jsonLines(folder, "queries"), node -> queries.put(requiredId(node), node.path("text").asText("")));
    return queries;
  }

  /**
   * The judgments of one split ({@code test}, {@code train}, {@code dev}).
   *
   * @throws IllegalArgumentException if {@code qrels/<split>.tsv} is missing or a line is malformed (named with
   *     its number)
   */
  public Qrels qrels(String split) {
    Path file = folder.resolve("qrels").resolve(split + ".tsv");
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no qrels for split '" + split + "': " + file + " does not exist");
    }
    Map<String, Map<String, Integer>> judgments = new LinkedHashMap<>();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.isBlank() || (number == 1 && line.startsWith("query-id"))) {
          continue;
        }
        String[] fields = line.split("\t");
        if (fields.length != 3) {
          throw new IllegalArgumentException(file + " line " + number + ": expected 3 tab-separated fields, got "
              + fields.length);
        }
        int grade;
        try {
          grade = Integer.parseInt(fields[2].trim());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(file + " line " + number + ": score '" + fields[2] + "' is not a whole number");
        }
        judgments.computeIfAbsent(fields[0].trim(), q -> new LinkedHashMap<>()).put(fields[1].trim(), grade);
      }
    } catch (IOException e) {
      throw new StorageException(file, "cannot read " + file, e);
    }
    return Qrels.of(judgments);
  }

  /** {@code <name>.jsonl}, else {@code <name>.jsonl.gz}, in {@code folder}. */
  private static Path jsonLines(Path folder, String name) {
    for (String file : List.of(name + ".jsonl", name + ".jsonl" + GZIP)) {
      if (Files.isRegularFile(folder.resolve(file))) {
        return folder.resolve(file);
      }
    }
    throw new IllegalArgumentException(folder + " is not a BEIR folder: it has no " + name + ".jsonl (nor "
        + name + ".jsonl" + GZIP + ")");
  }

  private static BufferedReader reader(Path file) throws IOException {
    if (!file.getFileName().toString().endsWith(GZIP)) {
      return Files.newBufferedReader(file, StandardCharsets.UTF_8);
    }
    InputStream in = Files.newInputStream(file);
    try {
      return new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  private static String requiredId(JsonNode node) {
    JsonNode id = node.get("_id");
    if (id == null || id.asText().isBlank()) {
      throw new IllegalArgumentException("a line has no _id: " + abbreviate(node.toString()));
    }
    return id.asText();
  }

  private static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 77) + "...";
  }

  private static void forEachJsonLine(Path file, java.util.function.Consumer<JsonNode> action) {
    try (BufferedReader reader = reader(file)) {
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode node;
        try {
          node = JSON.readTree(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          throw new IllegalArgumentException(file + " line " + number + " is not JSON: " + e.getOriginalMessage());
        }
        try {
          action.accept(node);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(file + " line " + number + ": " + e.getMessage(), e);
        }
      }
    } catch (IOException e) {
      throw new StorageException(file, "cannot read " + file, e);
    }
  }
}
