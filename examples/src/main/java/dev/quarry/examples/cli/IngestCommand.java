package dev.quarry.examples.cli;

import dev.quarry.Quarry;
import dev.quarry.rag.ingest.IngestResult;
import dev.quarry.rag.loader.FileFailure;
import dev.quarry.rag.loader.FolderLoader;
import dev.quarry.rag.loader.IngestReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "ingest", mixinStandardHelpOptions = true, description = {
    "Load, split and embed the files of a folder into a local store, indexed by meaning and by keywords.",
    "Exit status: 0 every file ingested (or none found), 1 no file could be ingested, 3 some files could not be"
        + " ingested (the others were), 2 bad input or a store that cannot be used (in use, damaged, another"
        + " model). Files that fail are listed, with a one-line summary on standard error."})
final class IngestCommand implements Callable<Integer> {
  /** Exit status when every file found failed. */
  static final int NOTHING_INGESTED = 1;
  /** Exit status when some files were ingested and others failed. */
  static final int SOME_FAILED = 3;

  private final Environment environment;

  @Spec CommandSpec spec;

  @Parameters(index = "0", description = "Folder to ingest (txt, md, html, pdf).")
  Path folder;

  @Mixin StoreOptions store;

  @Option(names = "--model", paramLabel = "minilm|bge-small", description = "Embedding model: minilm or bge-small"
      + " (default: the one that filled the store, bge-small for a new store).",
      converter = ModelChoice.Converter.class)
  ModelChoice model;

  @Option(names = "--chunk-size", paramLabel = "<tokens>", description = "Chunk size in tokens of the model's"
      + " tokenizer, at most the model's window (default: the window, at most 256 tokens).")
  Integer chunkSize;

  @Option(names = "--chunk-overlap", paramLabel = "<tokens>", description = "Tokens neighbouring chunks share"
      + " (default: an eighth of the chunk size).")
  Integer chunkOverlap;

  IngestCommand(Environment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    FolderLoader loader = FolderLoader.builder(folder).build(); // checks the folder before the store is touched
    Quarry.Builder builder = store.builder(environment, false);
    if (model != null) {
      builder.embeddings(model.preset);
    }
    if (chunkSize != null) {
      builder.chunkSize(chunkSize);
    }
    if (chunkOverlap != null) {
      builder.chunkOverlap(chunkOverlap);
    }
    ProgressBar progress = ProgressBar.on(err, "files");
    IngestResult result;
    try (Quarry quarry = builder.ingestListener(progress).build()) {
      result = quarry.ingest(loader);
      progress.finish();
      if (result.nothingChanged() && result.unchangedChunks() > 0) {
        out.printf("%d files, all unchanged since they were ingested: nothing to embed; the store holds %d"
            + " chunks.%n", result.files().loaded(), quarry.count());
      } else {
        out.printf("Ingested %d files: %d chunks embedded in %.1f s (%.1f chunks/s)%s; the store holds %d"
            + " chunks.%n", result.files().loaded(), result.chunks(), result.elapsed().toMillis() / 1000.0,
            result.chunksPerSecond(),
            result.unchangedChunks() == 0 ? "" : ", " + result.unchangedChunks() + " unchanged and not embedded",
            quarry.count());
      }
      quarry.keywordGap().ifPresent(gap -> out.println("Note: " + gap + "; chunks stored before keyword indexing"
          + " are found by meaning only: ingest their folders again, or start a new --store."));
    }
    if (result.staleChunksRemoved() > 0) {
      out.printf("Removed %d chunks that re-ingested documents no longer have.%n", result.staleChunksRemoved());
    }
    if (result.files().hasFailures()) {
      out.printf("%d files could not be ingested:%n", result.files().failed());
      for (FileFailure failure : result.files().failures()) {
        out.printf("  %s  [%s] %s%n", failure.path(), failure.reason(), failure.problem());
      }
    }
    out.println("Store: " + store.describe());
    return exitStatus(result.files(), err);
  }

  /** 0, or {@link #NOTHING_INGESTED} / {@link #SOME_FAILED} with a one-line summary of the failures on {@code err}. */
  private int exitStatus(IngestReport files, PrintWriter err) {
    if (!files.hasFailures()) {
      return 0;
    }
    int found = files.loaded() + files.failed();
    String reasons = files.failures().stream()
        .collect(Collectors.groupingBy(FileFailure::reason, TreeMap::new, Collectors.counting()))
        .entrySet().stream().map(e -> e.getValue() + " " + e.getKey().name().toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(", "));
    if (files.loaded() == 0) {
      err.println("quarry ingest: nothing ingested: none of the " + found + " files in " + folder + " could be"
          + " ingested (" + reasons + ")");
      return NOTHING_INGESTED;
    }
    err.println("quarry ingest: " + files.failed() + " of " + found + " files in " + folder + " could not be"
        + " ingested (" + reasons + "); the other " + files.loaded() + " were");
    return SOME_FAILED;
  }
}
