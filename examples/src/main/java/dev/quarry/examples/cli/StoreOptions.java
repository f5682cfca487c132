package dev.quarry.examples.cli;

import dev.quarry.Quarry;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --store} and {@code --keywords} options that ingest, search and ask share. */
final class StoreOptions {
  @Option(names = "--store", paramLabel = "<folder|url>", description = {"Store: a folder (default:"
      + " ${DEFAULT-VALUE}), or a server URL: postgresql://[user@]host[:port]/db[?table=t],"
      + " chroma://host[:port]/collection, qdrant://host[:port]/collection, milvus://host[:port]/collection (add"
      + " ?tls=true for TLS; secrets from PGPASSWORD, CHROMA_TOKEN, QDRANT_API_KEY, MILVUS_TOKEN)."},
      defaultValue = StoreLocation.DEFAULT, converter = StoreLocation.Converter.class)
  StoreLocation store;

  @Option(names = "--keywords", paramLabel = "<folder>", description = "With a server --store: the folder of the"
      + " keyword index and the model record (default: .quarry/servers/<server and collection>).")
  Path keywords;

  /** A builder for the Quarry these options name; {@code existing}: it must exist already (search, ask). */
  Quarry.Builder builder(Environment environment, boolean existing) {
    return location().builder(environment, existing);
  }

  /** Where the store is, for messages. */
  String describe() {
    return location().describe();
  }

  private StoreLocation location() {
    if (keywords == null) {
      return store;
    }
    if (!(store instanceof StoreLocation.Server server)) {
      throw new IllegalArgumentException("--keywords is for a server --store; a store folder keeps its own");
    }
    return new StoreLocation.Server(server.uri(), keywords);
  }
}
