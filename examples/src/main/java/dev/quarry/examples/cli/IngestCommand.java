package dev.quarry.examples.cli;

import dev.quarry.embeddings.OnnxEmbeddingModel;
import dev.quarry.rag.ingest.IngestResult;
import dev.quarry.rag.ingest.Ingestor;
import dev.quarry.rag.loader.FileFailure;
import dev.quarry.rag.loader.FolderLoader;
import dev.quarry.rag.splitter.TokenSplitter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = "Load, split and embed the files of a folder into a local store, indexed by meaning and by keywords.")
final class IngestCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", description = "Folder to ingest (txt, md, html, pdf).")
  Path folder;

  @Option(names = "--store", description = "Store folder (default: ${DEFAULT-VALUE}).", defaultValue = StoreFolder.DEFAULT)
  Path store;

  @Option(names = "--model", description = "Embedding model: minilm or bge-small (default: ${DEFAULT-VALUE}).",
      defaultValue = "minilm", converter = ModelChoice.Converter.class)
  ModelChoice model;

  @Option(names = "--chunk-size", description = "Chunk size in word pieces of the model's tokenizer, kept under the"
      + " model's 256-token window (default: ${DEFAULT-VALUE}).", defaultValue = "200")
  int chunkSize;

  @Option(names = "--chunk-overlap", description = "Overlap in word pieces (default: ${DEFAULT-VALUE}).",
      defaultValue = "25")
  int chunkOverlap;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    StoreFolder storeFolder = new StoreFolder(store);
    if (storeFolder.exists() && storeFolder.model() != model.preset) {
      err.println("The store in " + store + " was filled with " + storeFolder.model() + "; use --model accordingly"
          + " or another --store.");
      return 2;
    }
    FolderLoader loader = FolderLoader.builder(folder).build();
    ProgressBar progress = new ProgressBar(err);
    IngestResult result;
    try (OnnxEmbeddingModel embeddings = OnnxEmbeddingModel.builder().preset(model.preset).build();
        Indexes indexes = Indexes.open(storeFolder, embeddings.dimension(), true)) {
      var splitter = TokenSplitter.builder(embeddings.tokenizer()).chunkSize(chunkSize).chunkOverlap(chunkOverlap)
          .build();
      storeFolder.writeModel(model.preset);
      result = Ingestor.builder(embeddings, indexes.writer()).splitter(splitter).listener(progress).build()
          .ingest(loader);
      progress.finish();
      out.printf("Ingested %d files into %d chunks in %.1f s (%.1f chunks/s); the store holds %d chunks.%n",
          result.files().loaded(), result.chunks(), result.elapsed().toMillis() / 1000.0, result.chunksPerSecond(),
          indexes.vectors().count());
      indexes.keywordGap().ifPresent(gap -> out.println(gap + " Chunks stored before keyword indexing are found by"
          + " meaning only: ingest their folders again, or start a new --store."));
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
    out.println("Store: " + store.toAbsolutePath());
    return 0;
  }
}
