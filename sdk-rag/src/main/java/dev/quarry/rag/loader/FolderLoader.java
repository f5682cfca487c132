package dev.quarry.rag.loader;

import dev.quarry.api.document.Document;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads every matching file under a folder, one at a time, handing each document to the caller as soon as it
 * is loaded so that a large corpus never sits in memory at once:
 *
 * <pre>
 * FolderLoader docs = FolderLoader.builder(Path.of("docs")).exclude("&#42;&#42;/drafts/&#42;&#42;").build();
 * IngestReport report = docs.load(document -&gt; index.add(document));
 * report.failures().forEach(failure -&gt; System.err.println(failure));
 * </pre>
 *
 * <p>A file that is unreadable, binary, empty, over {@link Builder#maxFileSizeBytes} or unparseable becomes a
 * {@link FileFailure} in the {@link IngestReport}, and the walk goes on. Files are loaded in the order of their
 * relative paths, so two runs over the same folder produce the same sequence. Each document's id is its path
 * relative to the root with forward slashes (after an optional {@link Builder#idPrefix}); its {@link
 * SourceMetadata#SOURCE} stays the absolute path.
 *
 * <p>Immutable and thread-safe: concurrent {@link #load} calls walk independently. The consumers are called on
 * the calling thread, one file at a time; an exception they throw stops the run and propagates.
 */
public final class FolderLoader {
  /** The default largest file loaded: 20 MiB. */
  public static final long DEFAULT_MAX_FILE_SIZE = 20L * 1024 * 1024;

  /** The files loaded when no {@link Builder#include} is given: the formats the built-in loaders know. */
  public static final List<String> DEFAULT_INCLUDES =
      List.of("**/*.txt", "**/*.md", "**/*.markdown", "**/*.html", "**/*.htm", "**/*.pdf");

  private static final Logger LOG = LoggerFactory.getLogger(FolderLoader.class);

  private final Path root;
  private final Globs includes;
  private final Globs excludes;
  private final long maxFileSizeBytes;
  private final boolean followLinks;
  private final boolean includeHidden;
  private final DocumentLoader loader;
  private final String idPrefix;

  private FolderLoader(Builder b, Globs includes, Globs excludes) {
    this.root = b.root;
    this.includes = includes;
    this.excludes = excludes;
    this.maxFileSizeBytes = b.maxFileSizeBytes;
    this.followLinks = b.followLinks;
    this.includeHidden = b.includeHidden;
    this.loader = b.loader;
    this.idPrefix = b.idPrefix;
  }

  /**
   * A builder for a loader of the folder {@code root}.
   *
   * @throws IllegalArgumentException if {@code root} is null
   */
  public static Builder builder(Path root) {
    if (root == null) {
      throw new IllegalArgumentException("root folder must not be null");
    }
    return new Builder(root);
  }

  /** The absolute, normalised root folder. */
  public Path root() {
    return root;
  }

  /**
   * How many files the walk selects now (before loading, so a console can show an ETA). Walks the folder.
   *
   * @throws DocumentLoadException if the root folder cannot be walked
   */
  public int countFiles() {
    try {
      FolderWalk walk = FolderWalk.run(root, includes, excludes, followLinks, includeHidden);
      return walk.candidates().size() + walk.failures().size();
    } catch (IOException e) {
      throw new DocumentLoadException(root.toString(), FailureReason.UNREADABLE, "cannot walk folder: " + e, e);
    }
  }

  /** Loads the folder, giving each document to {@code onDocument}; failures go only into the report. */
  public IngestReport load(Consumer<? super Document> onDocument) {
    return load(onDocument, failure -> {});
  }

  /**
   * Loads the folder, giving each document to {@code onDocument} and each failure to {@code onFailure} as they
   * happen (a console can show progress), and returns the report.
   *
   * @throws DocumentLoadException if the root folder itself cannot be walked (deleted, unreadable)
   * @throws IllegalArgumentException if a consumer is null
   */
  public IngestReport load(Consumer<? super Document> onDocument, Consumer<? super FileFailure> onFailure) {
    if (onDocument == null || onFailure == null) {
      throw new IllegalArgumentException("onDocument and onFailure must not be null");
    }
    long start = System.nanoTime();
    FolderWalk walk;
    try {
      walk = FolderWalk.run(root, includes, excludes, followLinks, includeHidden);
    } catch (IOException e) {
      throw new DocumentLoadException(root.toString(), FailureReason.UNREADABLE, "cannot walk folder: " + e, e);
    }
    List<FileFailure> failures = new ArrayList<>();
    walk.failures().forEach(failure -> fail(failure, failures, onFailure));
    int loaded = 0;
    long loadedBytes = 0;
    for (FolderWalk.Candidate candidate : walk.candidates()) {
      Document document;
      try {
        document = loadOne(candidate);
      } catch (DocumentLoadException e) {
        fail(new FileFailure(candidate.relative(), e.reason(), e.problem()), failures, onFailure);
        continue;
      } catch (RuntimeException e) {
        // A loader bug (or a parser's unchecked exception) must not end the whole run; it is logged in full.
        LOG.warn("Loader {} failed on {}", loader, candidate.file(), e);
        fail(new FileFailure(candidate.relative(), FailureReason.PARSE_ERROR, "loader failed: " + e), failures,
            onFailure);
        continue;
      }
      loaded++;
      loadedBytes += candidate.attributes().size();
      LOG.debug("Loaded {} ({} chars)", document.id(), document.text().length());
      onDocument.accept(document);
    }
    failures.sort(Comparator.comparing(FileFailure::path));
    IngestReport report =
        new IngestReport(loaded, loadedBytes, failures, walk.skippedByFilter(), walk.skippedHidden(),
            Duration.ofNanos(System.nanoTime() - start));
    LOG.info("{}: {}", root, report.summary());
    return report;
  }

  private Document loadOne(FolderWalk.Candidate candidate) {
    BasicFileAttributes attributes = candidate.attributes();
    Path file = root.resolve(candidate.relative());
    String name = file.toString();
    if (attributes.isSymbolicLink()) {
      throw new DocumentLoadException(name, FailureReason.UNREADABLE, "is a broken symbolic link");
    }
    if (!attributes.isRegularFile()) {
      throw new DocumentLoadException(name, FailureReason.UNREADABLE, "is not a regular file");
    }
    if (attributes.size() > maxFileSizeBytes) {
      throw new DocumentLoadException(
          name, FailureReason.OVERSIZED,
          "is " + attributes.size() + " bytes, over the limit of " + maxFileSizeBytes + " bytes (maxFileSizeBytes)");
    }
    if (!loader.supports(file)) {
      throw new DocumentLoadException(name, FailureReason.UNSUPPORTED, "has a file type " + loader + " does not load");
    }
    Document document = loader.load(file);
    return new Document(idPrefix + candidate.relative(), document.text(), document.metadata());
  }

  private static void fail(FileFailure failure, List<FileFailure> failures, Consumer<? super FileFailure> sink) {
    LOG.warn("Skipped {}", failure);
    failures.add(failure);
    sink.accept(failure);
  }

  @Override
  public String toString() {
    return "FolderLoader{root=" + root + ", includes=" + includes + ", excludes=" + excludes
        + ", maxFileSizeBytes=" + maxFileSizeBytes + ", followLinks=" + followLinks + ", includeHidden="
        + includeHidden + ", loader=" + loader + ", idPrefix='" + idPrefix + "'}";
  }

  /**
   * Configures a {@link FolderLoader}; each setter checks its argument at once. Not thread-safe; {@link #build}
   * returns an immutable loader and the builder may be reused.
   */
  public static final class Builder {
    private final Path root;
    private final List<String> includes = new ArrayList<>();
    private final List<String> excludes = new ArrayList<>();
    private long maxFileSizeBytes = DEFAULT_MAX_FILE_SIZE;
    private boolean followLinks;
    private boolean includeHidden;
    private DocumentLoader loader = DocumentLoaders.defaults();
    private String idPrefix = "";

    private Builder(Path root) {
      this.root = root.toAbsolutePath().normalize();
    }

    /**
     * Adds globs of files to load, matched against the path relative to the root with {@code /} between
     * folders. {@code **}{@code /} also matches no folder at all, so {@code **}{@code /*.md} matches {@code
     * README.md} at the top. The first call replaces {@link #DEFAULT_INCLUDES}.
     */
    public Builder include(String... globs) {
      includes.addAll(checkGlobs(globs, "include"));
      return this;
    }

    /**
     * Adds globs of files to leave out, even if included; same syntax as {@link #include}. A glob ending in
     * {@code /**} (such as {@code **}{@code /node_modules/**}) also stops the walk from entering the folder.
     */
    public Builder exclude(String... globs) {
      excludes.addAll(checkGlobs(globs, "exclude"));
      return this;
    }

    /** Files larger than this fail as {@link FailureReason#OVERSIZED} without being read. */
    public Builder maxFileSizeBytes(long maxFileSizeBytes) {
      if (maxFileSizeBytes <= 0 || maxFileSizeBytes > FileSource.MAX_READABLE_BYTES) {
        throw new IllegalArgumentException(
            "maxFileSizeBytes must be between 1 and " + FileSource.MAX_READABLE_BYTES + ", was " + maxFileSizeBytes);
      }
      this.maxFileSizeBytes = maxFileSizeBytes;
      return this;
    }

    /** Whether to follow symbolic links to files and folders (default false: links are skipped). */
    public Builder followLinks(boolean followLinks) {
      this.followLinks = followLinks;
      return this;
    }

    /** Whether to load hidden files and enter hidden folders, whose names start with a dot (default false). */
    public Builder includeHidden(boolean includeHidden) {
      this.includeHidden = includeHidden;
      return this;
    }

    /** The loader for each file (default {@link DocumentLoaders#defaults()}). */
    public Builder loader(DocumentLoader loader) {
      if (loader == null) {
        throw new IllegalArgumentException("loader must not be null");
      }
      this.loader = loader;
      return this;
    }

    /** Put before each document id, e.g. {@code "handbook/"}, to keep ids of several folders apart. */
    public Builder idPrefix(String idPrefix) {
      if (idPrefix == null) {
        throw new IllegalArgumentException("idPrefix must not be null (use \"\" for none)");
      }
      this.idPrefix = idPrefix;
      return this;
    }

    /**
     * The loader.
     *
     * @throws IllegalArgumentException if the root is not an existing folder or a glob is invalid
     */
    public FolderLoader build() {
      if (!Files.exists(root)) {
        throw new IllegalArgumentException("root folder " + root + " does not exist");
      }
      if (!Files.isDirectory(root)) {
        throw new IllegalArgumentException("root " + root + " is not a folder; load a single file with a DocumentLoader");
      }
      Globs includeGlobs = Globs.compile(includes.isEmpty() ? DEFAULT_INCLUDES : includes, root.getFileSystem());
      Globs excludeGlobs = Globs.compile(excludes, root.getFileSystem());
      return new FolderLoader(this, includeGlobs, excludeGlobs);
    }

    private static List<String> checkGlobs(String[] globs, String what) {
      if (globs == null || globs.length == 0) {
        throw new IllegalArgumentException(what + " needs at least one glob");
      }
      List<String> list = Arrays.asList(globs);
      for (String glob : list) {
        if (glob == null || glob.isBlank()) {
          throw new IllegalArgumentException(what + " globs must not be null or blank, were " + list);
        }
      }
      return list;
    }
  }
}
