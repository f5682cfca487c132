package dev.quarry.vectorstore;

import dev.quarry.api.store.VectorStore;
import dev.quarry.testkit.VectorStoreContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;

/** Every built-in index kind, in memory and in a folder, passes the contract every {@link VectorStore} must pass. */
class EmbeddedVectorStoreContractTest {
  private static final IvfOptions SMALL_IVF = IvfOptions.builder().trainingThreshold(64).nlist(4).nprobe(2).build();
  private static final IvfOptions SMALL_IVF_INT8 = IvfOptions.builder().trainingThreshold(64).nlist(4).nprobe(2)
      .quantization(Quantization.INT8).build();

  @Nested
  class Exact extends VectorStoreContract {
    @Override
    protected VectorStore newStore() {
      return EmbeddedVectorStore.builder(DIMENSION).index(IndexOptions.exact()).build();
    }
  }

  @Nested
  class Hnsw extends VectorStoreContract {
    @Override
    protected VectorStore newStore() {
      return EmbeddedVectorStore.builder(DIMENSION).index(IndexOptions.hnsw()).build();
    }
  }

  @Nested
  class Ivf extends VectorStoreContract {
    @Override
    protected VectorStore newStore() {
      return EmbeddedVectorStore.builder(DIMENSION).index(SMALL_IVF).build();
    }
  }

  @Nested
  class IvfInt8 extends VectorStoreContract {
    @Override
    protected VectorStore newStore() {
      return EmbeddedVectorStore.builder(DIMENSION).index(SMALL_IVF_INT8).build();
    }
  }

  /** Persistent stores: each test's store lives in a fresh folder, closed and deleted afterwards. */
  abstract static class InFolder extends VectorStoreContract {
    private final List<EmbeddedVectorStore> opened = new ArrayList<>();
    private final List<Path> folders = new ArrayList<>();

    abstract IndexOptions index();

    @Override
    protected VectorStore newStore() {
      try {
        Path folder = Files.createTempDirectory("quarry-contract");
        folders.add(folder);
        EmbeddedVectorStore store = EmbeddedVectorStore.builder(DIMENSION).index(index()).folder(folder).build();
        opened.add(store);
        return store;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** A store in a folder is opened again on the same folder, after the first one is closed. */
    @Override
    protected Optional<VectorStore> reopen(VectorStore store) {
      EmbeddedVectorStore first = (EmbeddedVectorStore) store;
      Path folder = first.folder().orElseThrow();
      first.close();
      EmbeddedVectorStore again = EmbeddedVectorStore.builder(DIMENSION).index(index()).folder(folder).build();
      opened.add(again);
      return Optional.of(again);
    }

    @AfterEach
    void closeAndDelete() throws IOException {
      opened.forEach(EmbeddedVectorStore::close);
      for (Path folder : folders) {
        try (Stream<Path> files = Files.walk(folder)) {
          for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(path);
          }
        }
      }
    }
  }

  @Nested
  class HnswInFolder extends InFolder {
    @Override
    IndexOptions index() {
      return IndexOptions.hnsw();
    }
  }

  @Nested
  class IvfInFolder extends InFolder {
    @Override
    IndexOptions index() {
      return SMALL_IVF_INT8;
    }
  }
}
