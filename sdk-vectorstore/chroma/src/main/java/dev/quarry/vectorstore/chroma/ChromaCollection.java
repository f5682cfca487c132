package dev.quarry.vectorstore.chroma;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quarry.api.NonRetriableException;
import dev.quarry.api.store.Metric;
import java.util.Map;
import java.util.Optional;

/**
 * Opens a Chroma collection for a store: finds it by name, creates it when allowed (with the HNSW space of the
 * metric and the dimension in its metadata, since Chroma learns a collection's dimension only from its first
 * record), and refuses one whose dimension or space differs from the store's.
 */
record ChromaCollection(String id) {
  static final String DIMENSION_KEY = ChromaFilters.PREFIX + "dimension";

  static ChromaCollection open(
      ChromaHttp http, String name, int dimension, Metric metric, boolean createIfMissing) {
    String what = "the collection '" + name + "'";
    Optional<JsonNode> found = http.find("collections/" + ChromaHttp.segment(name), "a look-up of " + what);
    JsonNode collection;
    if (found.isPresent()) {
      collection = found.get();
    } else if (createIfMissing) {
      collection = http.post("collections", Map.of(
          "name", name,
          "get_or_create", true,
          "metadata", Map.of(DIMENSION_KEY, dimension),
          "configuration", Map.of("hnsw", Map.of("space", space(metric)))), "the creation of " + what);
    } else {
      throw new NonRetriableException("Chroma at " + http.endpoint() + " has no collection '" + name
          + "' and createIfMissing is off");
    }
    String space = storedSpace(collection);
    if (!space.equals(space(metric))) {
      throw new IllegalArgumentException("Chroma collection '" + name + "' compares vectors by '" + space
          + "' but the store was built for " + metric + " ('" + space(metric) + "')");
    }
    JsonNode stored = collection.path("dimension");
    if (stored.isNull() || stored.isMissingNode()) {
      stored = collection.path("metadata").path(DIMENSION_KEY);
    }
    if (stored.isIntegralNumber() && stored.asInt() != dimension) {
      throw new IllegalArgumentException("Chroma collection '" + name + "' holds " + stored.asInt()
          + "-dimensional vectors but the store was built for " + dimension);
    }
    return new ChromaCollection(collection.path("id").asText());
  }

  static String space(Metric metric) {
    return switch (metric) {
      case COSINE -> "cosine";
      case DOT_PRODUCT -> "ip";
      case EUCLIDEAN -> "l2";
    };
  }

  /** The collection's space: in its configuration (Chroma 1.x), else its legacy metadata, else Chroma's l2. */
  private static String storedSpace(JsonNode collection) {
    JsonNode configuration = collection.path("configuration_json");
    for (String index : new String[] {"hnsw", "spann"}) {
      JsonNode space = configuration.path(index).path("space");
      if (space.isTextual()) {
        return space.asText();
      }
    }
    JsonNode legacy = collection.path("metadata").path("hnsw:space");
    return legacy.isTextual() ? legacy.asText() : "l2";
  }
}
