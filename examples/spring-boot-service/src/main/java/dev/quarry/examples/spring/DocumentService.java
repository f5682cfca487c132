package dev.quarry.examples.spring;

import dev.quarry.api.document.Document;
import dev.quarry.rag.ingest.IngestResult;
import dev.quarry.rag.ingest.Ingestor;
import dev.quarry.rag.loader.DocumentLoadException;
import dev.quarry.rag.loader.DocumentLoader;
import dev.quarry.rag.loader.DocumentLoaders;
import dev.quarry.rag.loader.FileFailure;
import dev.quarry.rag.loader.FolderLoader;
import dev.quarry.rag.loader.SourceMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
 * <p>Thread-safe: each call keeps its state on its own stack and in its own temporary folder.
 */
@Service
public class DocumentService {
  private static final Logger LOG = LoggerFactory.getLogger(DocumentService.class);
  private static final DocumentLoader LOADER = DocumentLoaders.defaults();
  private static final int MAX_NAME_LENGTH = 200;

  private final Ingestor ingestor;
  private final Path folderRoot;

  DocumentService(Ingestor ingestor, ServiceProperties properties) {
    this.ingestor = ingestor;
    Path root = properties.documents().folderRoot();
    this.folderRoot = root == null ? null : root.toAbsolutePath().normalize();
  }

  private ResponseStatusException outside(Path path) {
    return new ResponseStatusException(HttpStatus.FORBIDDEN, "folder " + path + " is outside " + folderRoot
        + ", the only folder this service ingests from (service.documents.folder-root)");
  }

  private static Path realPath(Path path) {
    try {
      return path.toRealPath();
    } catch (IOException e) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "folder " + path + " cannot be read");
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
      IngestResult result = ingestor.ingest(documents);
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
   *     {@code service.documents.folder-root}
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
    if (!path.startsWith(folderRoot)) {
      throw outside(path);
    }
    if (!Files.exists(path)) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "folder " + path + " does not exist");
    }
    if (!Files.isDirectory(path)) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
          "folder " + path + " is not a directory; upload a single file as multipart/form-data instead");
    }
    if (!realPath(path).startsWith(realPath(folderRoot))) { // a link inside the root to a folder outside it
      throw outside(path);
    }
    String prefix = path.toString().endsWith("/") ? path.toString() : path + "/";
    IngestResult result = ingestor.ingest(FolderLoader.builder(path).idPrefix(prefix).build());
    List<Failure> failures = result.files().failures().stream()
        .map((FileFailure f) -> new Failure(f.path(), f.reason().name(), f.problem())).toList();
    return new Report(path.toString(), result.files().loaded(), result.files().loadedBytes(), failures,
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
    return name.length() <= MAX_NAME_LENGTH ? name : name.substring(name.length() - MAX_NAME_LENGTH);
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
