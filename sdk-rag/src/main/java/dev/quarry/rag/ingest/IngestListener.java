package dev.quarry.rag.ingest;

import dev.quarry.api.document.Document;
import dev.quarry.rag.loader.FileFailure;

/**
 * Hears the progress of an {@link Ingestor} run, for a progress bar or metrics. Every method has an empty default,
 * so an implementation overrides only what it shows. Called on the ingesting thread, in order.
 */
public interface IngestListener {
  /** No-op listener. */
  IngestListener NONE = new IngestListener() {};

  /** The run starts; {@code files} is the number the folder walk selected (0 when not known). */
  default void onStart(int files) {}

  /**
   * A document was loaded and split; {@code chunks} of its chunks are new or changed and will be embedded (the
   * others are already stored).
   */
  default void onDocument(Document document, int chunks) {}

  /** A file could not be loaded; the run carries on. */
  default void onFailure(FileFailure failure) {}

  /** {@code chunks} more chunks were embedded and stored; {@code totalChunks} so far. */
  default void onStored(int chunks, long totalChunks) {}

  /** The run is over: everything in {@code result} is stored. */
  default void onFinish(IngestResult result) {}

  /**
   * The run stopped with {@code failure}, which the caller gets next; what was stored before it stays stored (see
   * {@link Ingestor}). An exception thrown here is added to {@code failure} as suppressed.
   */
  default void onError(RuntimeException failure) {}
}
