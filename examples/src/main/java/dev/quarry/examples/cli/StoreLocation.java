package dev.quarry.examples.cli;

import dev.quarry.Quarry;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * Where the commands keep their store, as {@code --store} says: a Quarry folder ({@value #DEFAULT} unless given), or
 * the URL of a vector database ({@link ServerStores}) with the keyword index and the record of the model in a
 * folder of their own under {@value #DEFAULT}{@code /servers/}.
 */
sealed interface StoreLocation {
  String DEFAULT = ".quarry";
  Set<String> SCHEMES = Set.of("postgresql", "jdbc:postgresql", "chroma", "qdrant", "milvus");

  /** A builder for the Quarry at this location; {@code existing}: searching or asking, so it must already exist. */
  Quarry.Builder builder(Environment environment, boolean existing);

  /** Where the store is, for messages. */
  String describe();

  /** {@code text} as a folder, or as a server URL if it starts with one of {@link #SCHEMES} and {@code ://}. */
  static StoreLocation parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("--store must name a folder or a server URL");
    }
    String lower = text.toLowerCase(Locale.ROOT);
    for (String scheme : SCHEMES) {
      if (lower.startsWith(scheme + "://")) {
        URI uri = URI.create(lower.startsWith("jdbc:") ? text.substring("jdbc:".length()) : text);
        return new Server(ServerStores.check(uri), Path.of(DEFAULT, "servers", ServerStores.folderName(uri)));
      }
    }
    if (lower.matches("[a-z][a-z0-9+.-]*://.*")) {
      throw new IllegalArgumentException("--store " + text + ": unknown server; use a folder or a URL starting with"
          + " postgresql://, chroma://, qdrant:// or milvus://");
    }
    return new Folder(Path.of(text));
  }

  /** A Quarry folder: the embedded store, the keyword index and the model record. */
  record Folder(Path path) implements StoreLocation {
    @Override
    public Quarry.Builder builder(Environment environment, boolean existing) {
      if (existing && !Quarry.exists(path)) {
        throw new IllegalArgumentException(
            "no store in " + path.toAbsolutePath() + ": run 'quarry ingest <folder>' first");
      }
      return Quarry.builder().folder(path);
    }

    @Override
    public String describe() {
      return path.toAbsolutePath().toString();
    }
  }

  /** A vector database, and the local folder holding the keyword index and the model record. */
  record Server(URI uri, Path keywords) implements StoreLocation {
    @Override
    public Quarry.Builder builder(Environment environment, boolean existing) {
      return Quarry.builder().folder(keywords).vectorStore(ServerStores.factory(uri, environment, !existing));
    }

    @Override
    public String describe() {
      return ServerStores.withoutSecrets(uri) + " (keyword index in " + keywords.toAbsolutePath() + ")";
    }
  }

  /** Converts {@code --store} values. */
  final class Converter implements picocli.CommandLine.ITypeConverter<StoreLocation> {
    @Override
    public StoreLocation convert(String value) {
      return parse(value);
    }
  }
}
