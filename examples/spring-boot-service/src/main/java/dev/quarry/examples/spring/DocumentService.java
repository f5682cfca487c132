package dev.quarry.examples.spring;

import dev.quarry.api.document.Document;
import dev.quarry.rag.ingest.IngestResult;
import dev.quarry.rag.ingest.Ingestor;
import dev.quarry.rag.loader.DocumentLoadException;
import dev.quarry.rag.loader.DocumentLoader;
import dev.quarry.rag.loader.DocumentLoaders;
import dev.quarry.rag.loader.FileFailure;
import dev.quarry.rag.loader.SourceMetadata;
import dev.quarry.spring.boot.QuarryIngestion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;

/**
 * Turns uploads and server-side folders into documents with Quarry's loaders (Markdown, HTML, PDF, text, chosen
 * by file name) and hands them to the starter's {@link Ingestor}, which embeds only chunks it has not stored yet.
 * An uploaded file's document id and {@code source} are its file name, so uploading a file again replaces it; a
 * folder's documents are named by their absolute paths.
 *
 * <p>Thread-safe: each call keeps its state on its own stack and in its own temporary folder, and ingests run one
 * at a time (a request waits up to {@link #INGEST_WAIT} for the one before it, then gets a 503).
 */
@Service
public class DocumentService {
  private static final Logger LOG = LoggerFactory.getLogger(DocumentService.class);
  private static final DocumentLoader LOADER = DocumentLoaders.defaults();
  /** The longest upload name kept, in UTF-8 bytes (file systems allow 255). */
  private static final int MAX_NAME_BYTES = 200;

  /** How long an ingest waits for the one before it. */
  static final Duration INGEST_WAIT = Duration.ofSeconds(60);

  private final Ingestor ingestor;
  private final QuarryIngestion ingestion;
  private final Path folderRoot;
  private final Semaphore ingesting = new Semaphore(1, true);

  DocumentService(Ingestor ingestor, QuarryIngestion ingestion, ServiceProperties properties) {
    this.ingestor = ingestor;
    this.ingestion = ingestion;
    Path root = properties.documents().folderRoot();
    this.folderRoot = root == null ? null : root.toAbsolutePath().normalize();
  }

  private ResponseStatusException outside(Path path) {
    return new ResponseStatusException(HttpStatus.FORBIDDEN, "folder " + path + " is outside " + folderRoot
        + ", the only folder this service ingests from (service.documents.folder-root)");
  }

  /**
   * The real path of {@code path} (links resolved), which must lie inside the root's. Whether a path outside the
   * root exists is never told: a path whose nearest existing ancestor lies outside is refused as outside, whether
   * or not the rest of it exists.
   */
  private Path realPathInsideRoot(Path path) {
    if (!path.startsWith(folderRoot)) {
      throw outside(path);
    }
    Path root;
    try {
      root = folderRoot.toRealPath();
    } catch (IOException e) {
      LOG.warn("service.documents.folder-root {} cannot be read", folderRoot, e);
      throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE,
          "service.documents.folder-root cannot be read; the server log has the details");
    }
    Path existing = path;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    try {
      if (existing == null || !existing.toRealPath().startsWith(root)) {
        throw outside(path);
      }
      if (!existing.equals(path)) {
        throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "folder " + path + " does not exist");
      }
      return path.toRealPath();
    } catch (IOException e) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "folder " + path + " cannot be read");
    }
  }

  /** Runs one ingest at a time: two versions of one document ingested at once would interleave their chunks. */
  private <T> T exclusively(java.util.function.Supplier<T> ingest) {
    try {
      if (!ingesting.tryAcquire(INGEST_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, "another ingest has been running for"
            + " over " + INGEST_WAIT.toSeconds() + " s; try again when it is done");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, "the server is shutting down");
    }
    try {
      return ingest.get();
    } finally {
      ingesting.release();
    }
  }

  /** What one ingest did, as the API reports it. */
  public record Report(
      String folder, int filesLoaded, long bytesLoaded, List<Failure> failures, int filesSkipped, long chunks,
      long unchangedChunks, long staleChunksRemoved, long elapsedMs) {}

  /** A file that could not be loaded: its name, the kind of problem ({@code EMPTY}, {@code BINARY}...) and why. */
  public record Failure(String file, String reason, String problem) {}

  /**
   * Loads each uploaded file by its name's extension and ingests those that load.
   *
   * @throws ResponseStatusException 400 if two files have the same name
   */
  public Report ingest(List<MultipartFile> files) {
    long start = System.nanoTime();
    Path folder = createTempFolder();
    try {
      List<Document> documents = new ArrayList<>();
      List<Failure> failures = new ArrayList<>();
      Set<String> names = new HashSet<>();
      long bytes = 0;
      for (MultipartFile file : files) {
        String name = fileName(file.getOriginalFilename(), names.size() + failures.size() + 1);
        if (!names.add(name)) {
          throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "two uploaded files are named '" + name
              + "': a file's name is its document id, so the names in one upload must differ");
        }
        Path copy = folder.resolve(name);
        try (InputStream in = file.getInputStream()) {
          Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot store the upload " + name, e);
        }
        try {
          Document loaded = LOADER.load(copy);
          documents.add(new Document(name, loaded.text(), loaded.metadata().with(SourceMetadata.SOURCE, name)));
          bytes += file.getSize();
        } catch (DocumentLoadException e) {
          failures.add(new Failure(name, e.reason().name(), e.problem()));
        }
      }
      if (documents.isEmpty()) {
        return new Report(null, 0, 0, failures, 0, 0, 0, 0, millis(start));
      }
      IngestResult result = exclusively(() -> ingestor.ingest(documents));
      LOG.info("Ingested {} uploaded files ({} failed): {} chunks embedded, {} unchanged", documents.size(),
          failures.size(), result.chunks(), result.unchangedChunks());
      return new Report(null, documents.size(), bytes, failures, 0, result.chunks(), result.unchangedChunks(),
          result.staleChunksRemoved(), millis(start));
    } finally {
      deleteQuietly(folder);
    }
  }

  /**
   * Ingests every Markdown, HTML, PDF and text file under {@code folder}.
   *
   * @throws ResponseStatusException 400 if the folder is blank, relative, missing or a file; 403 if it lies outside
   *     {@code service.documents.folder-root} (links resolved), or if that property is not set
   */
  public Report ingest(String folder) {
    Path path;
    try {
      path = Path.of(folder);
    } catch (RuntimeException e) { // InvalidPathException: a NUL character, for one
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "folder '" + folder + "' is not a valid path");
    }
    if (!path.isAbsolute()) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
          "folder must be an absolute path on the server, was '" + folder + "'");
    }
    path = path.normalize();
    if (folderRoot == null) {
      throw new ResponseStatusException(HttpStatus.FORBIDDEN, "ingesting folders on the server is off: set"
          + " service.documents.folder-root to the folder clients may ingest from, or upload the files instead");
    }
    Path real = realPathInsideRoot(path);
    if (!Files.isDirectory(real)) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
          "folder " + path + " is not a directory; upload a single file as multipart/form-data instead");
    }
    IngestResult result = exclusively(() -> ingestion.ingest(real));
    List<Failure> failures = result.files().failures().stream()
        .map((FileFailure f) -> new Failure(f.path(), f.reason().name(), f.problem())).toList();
    return new Report(real.toString(), result.files().loaded(), result.files().loadedBytes(), failures,
        result.files().skippedByFilter() + result.files().skippedHidden(), result.chunks(),
        result.unchangedChunks(), result.staleChunksRemoved(), result.elapsed().toMillis());
  }

  /**
   * The uploaded file's own name without any folders a client put in front (browsers on Windows send {@code
   * C:\...}), with control characters removed; {@code upload-n} when nothing usable is left.
   */
  static String fileName(String original, int number) {
    String name = original == null ? "" : original;
    name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
    name = name.codePoints().filter(c -> !Character.isISOControl(c) && c != ':')
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString().strip();
    if (name.isEmpty() || name.equals(".") || name.equals("..")) {
      return "upload-" + number;
    }
    while (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) { // file systems count bytes
      name = name.substring(name.offsetByCodePoints(0, 1)); // keep the end, where the extension is
    }
    return name;
  }

  private static Path createTempFolder() {
    try {
      return Files.createTempDirectory("quarry-upload-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary folder for the upload", e);
    }
  }

  private static void deleteQuietly(Path folder) {
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("Could not delete the upload folder {}", folder, e);
    }
  }

  private static long millis(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
  }
}
