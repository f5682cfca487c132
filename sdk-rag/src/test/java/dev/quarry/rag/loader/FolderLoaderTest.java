package dev.quarry.rag.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.quarry.api.document.Document;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderLoaderTest {
  private static final long LIMIT = 8_000;

  @TempDir Path root;

  @BeforeEach
  void createCorpus() throws IOException {
    write("README.md", "# Read Me\nTop-level file.");
    write("notes.txt", "Plain notes.");
    write("docs/guide.md", "# Guide\nHow to use Quarry.");
    write("docs/page.html", "<html><head><title>Page</title></head><body><p>Hello HTML.</p></body></html>");
    write("docs/cjk.txt", "日本語のテキスト。中文。");
    PdfFixtures.write(
        root.resolve("docs/manual.pdf"), "Manual", List.of(List.of("First page."), List.of("Second page.")));
    Files.createFile(root.resolve("empty.txt"));
    write("blank.md", "  \n\n \t ");
    Files.write(root.resolve("binary.txt"), new byte[] {'P', 'K', 3, 4, 0, 0, 0, 9});
    write("big.txt", "x".repeat((int) LIMIT + 1));
    Files.write(root.resolve("image.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    write(".hidden.md", "# Hidden");
    write(".git/config.md", "# Git internals");
    write("node_modules/pkg/README.md", "# A dependency");
  }

  @Test
  void loadsGoodFilesInPathOrderAndReportsEachBadOne() throws IOException {
    assertThat(Files.size(root.resolve("docs/manual.pdf"))).isLessThan(LIMIT);
    FolderLoader loader =
        FolderLoader.builder(root).maxFileSizeBytes(LIMIT).exclude("**/node_modules/**").build();
    List<Document> documents = new ArrayList<>();

    IngestReport report = loader.load(documents::add);

    assertThat(documents)
        .extracting(Document::id)
        .containsExactly(
            "README.md", "docs/cjk.txt", "docs/guide.md", "docs/manual.pdf", "docs/page.html", "notes.txt");
    assertThat(documents)
        .extracting(Document::text)
        .containsExactly(
            "# Read Me\nTop-level file.",
            "日本語のテキスト。中文。",
            "# Guide\nHow to use Quarry.",
            "First page.\n\nSecond page.",
            "Hello HTML.",
            "Plain notes.");
    assertThat(documents)
        .extracting(d -> d.metadata().getString(SourceMetadata.TITLE).orElseThrow())
        .containsExactly("Read Me", "cjk", "Guide", "Manual", "Page", "notes");
    assertThat(documents.get(3).metadata().getString(SourceMetadata.SOURCE))
        .contains(root.resolve("docs/manual.pdf").toAbsolutePath().normalize().toString());
    assertThat(report.failures())
        .extracting(FileFailure::path, FileFailure::reason)
        .containsExactly(
            tuple("big.txt", FailureReason.OVERSIZED),
            tuple("binary.txt", FailureReason.BINARY),
            tuple("blank.md", FailureReason.EMPTY),
            tuple("empty.txt", FailureReason.EMPTY));
    assertThat(report.failures().get(0).problem())
        .isEqualTo("is 8001 bytes, over the limit of 8000 bytes (maxFileSizeBytes)");
    assertThat(report.failures().get(1).problem()).isEqualTo("looks binary (NUL byte at offset 4)");
    assertThat(report.failures().get(3).problem()).isEqualTo("is empty (0 bytes)");
    assertThat(report.loaded()).isEqualTo(6);
    assertThat(report.failed()).isEqualTo(4);
    assertThat(report.hasFailures()).isTrue();
    assertThat(report.skippedByFilter()).isEqualTo(2); // image.png and the node_modules folder
    assertThat(report.skippedHidden()).isEqualTo(2); // .hidden.md and the .git folder
    long expectedBytes = 0;
    for (String id : List.of("README.md", "docs/cjk.txt", "docs/guide.md", "docs/manual.pdf", "docs/page.html",
        "notes.txt")) {
      expectedBytes += Files.size(root.resolve(id));
    }
    assertThat(report.loadedBytes()).isEqualTo(expectedBytes);
    assertThat(report.summary()).startsWith("loaded 6 files (" + expectedBytes + " bytes), 4 failed, 2 skipped");
  }

  @Test
  void twoRunsProduceTheSameSequence() {
    FolderLoader loader = FolderLoader.builder(root).build();
    List<String> first = new ArrayList<>();
    List<String> second = new ArrayList<>();

    loader.load(d -> first.add(d.id()));
    loader.load(d -> second.add(d.id()));

    assertThat(first).isNotEmpty().isEqualTo(second).isSorted();
  }

  @Test
  void includeReplacesDefaultsAndDoubleStarMatchesTopLevelFiles() {
    FolderLoader markdownOnly = FolderLoader.builder(root).include("**/*.md").exclude("**/node_modules/**").build();
    FolderLoader docsOnly = FolderLoader.builder(root).include("docs/**/*.md", "docs/**/*.txt").build();

    assertThat(ids(markdownOnly)).containsExactly("README.md", "docs/guide.md");
    assertThat(ids(docsOnly)).containsExactly("docs/cjk.txt", "docs/guide.md");
  }

  @Test
  void excludedFileIsNotLoadedAndNotReported() {
    FolderLoader loader = FolderLoader.builder(root).exclude("**/*.txt", "**/blank.md", "node_modules/**").build();
    List<String> ids = new ArrayList<>();

    IngestReport report = loader.load(d -> ids.add(d.id()));

    assertThat(ids).containsExactly("README.md", "docs/guide.md", "docs/manual.pdf", "docs/page.html");
    assertThat(report.failures()).isEmpty();
    // 5 txt files, blank.md, image.png, and the node_modules folder
    assertThat(report.skippedByFilter()).isEqualTo(8);
  }

  @Test
  void hiddenFilesLoadWhenAsked() {
    FolderLoader loader = FolderLoader.builder(root).include("**/*.md").includeHidden(true).build();

    assertThat(ids(loader)).contains(".hidden.md", ".git/config.md", "node_modules/pkg/README.md");
  }

  @Test
  void idPrefixKeepsFoldersApart() {
    FolderLoader loader = FolderLoader.builder(root).include("*.md").idPrefix("handbook/").build();

    assertThat(ids(loader)).containsExactly("handbook/README.md");
  }

  @Test
  void symbolicLinksAreSkippedUnlessFollowed() throws IOException {
    Path outside = Files.createTempDirectory("quarry-outside");
    try {
      Files.writeString(outside.resolve("shared.md"), "# Shared\nLinked in.");
      Files.createSymbolicLink(root.resolve("linked.md"), outside.resolve("shared.md"));
      Files.createSymbolicLink(root.resolve("linked-dir"), outside);
      FolderLoader.Builder builder = FolderLoader.builder(root).include("*.md", "linked-dir/*.md");

      IngestReport notFollowed = builder.build().load(d -> {});
      List<Document> followed = new ArrayList<>();
      builder.followLinks(true).build().load(followed::add);

      assertThat(notFollowed.loaded()).isEqualTo(1); // README.md
      assertThat(notFollowed.skippedByFilter()).isGreaterThanOrEqualTo(2);
      assertThat(followed).extracting(Document::id).containsExactly("README.md", "linked-dir/shared.md", "linked.md");
      assertThat(followed.get(2).text()).isEqualTo("# Shared\nLinked in.");
    } finally {
      Files.deleteIfExists(outside.resolve("shared.md"));
      Files.deleteIfExists(outside);
    }
  }

  @Test
  void brokenLinkAndLinkLoopAreReportedAsUnreadable() throws IOException {
    Files.createSymbolicLink(root.resolve("dangling.md"), root.resolve("gone.md"));
    Files.createSymbolicLink(root.resolve("docs/loop"), root);
    FolderLoader loader = FolderLoader.builder(root).include("**/*.md").exclude("node_modules/**").followLinks(true)
        .build();
    List<String> ids = new ArrayList<>();

    IngestReport report = loader.load(d -> ids.add(d.id()));

    assertThat(ids).containsExactly("README.md", "docs/guide.md");
    assertThat(report.failures())
        .extracting(FileFailure::path, FileFailure::reason, FileFailure::problem)
        .contains(
            tuple("dangling.md", FailureReason.UNREADABLE, "is a broken symbolic link"),
            tuple("docs/loop", FailureReason.UNREADABLE, "is a symbolic link back to a folder above it; not followed"));
  }

  @Test
  void unreadableFileIsReported() throws IOException {
    Path secret = write("secret.txt", "top secret");
    assumeTrue(Files.getFileStore(secret).supportsFileAttributeView("posix"), "needs POSIX permissions");
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
    assumeTrue(!Files.isReadable(secret), "running as a user (root) who reads anything");
    FolderLoader loader = FolderLoader.builder(root).include("secret.txt", "notes.txt").build();
    List<String> ids = new ArrayList<>();

    IngestReport report = loader.load(d -> ids.add(d.id()));

    assertThat(ids).containsExactly("notes.txt");
    assertThat(report.failures())
        .containsExactly(new FileFailure("secret.txt", FailureReason.UNREADABLE, "cannot be read: permission denied"));
  }

  @Test
  void failingLoaderDoesNotStopTheRun() {
    DocumentLoader flaky =
        DocumentLoaders.chain(
            List.of(
                new DocumentLoader() {
                  @Override
                  public boolean supports(Path file) {
                    return file.getFileName().toString().equals("notes.txt");
                  }

                  @Override
                  public Document load(Path file) {
                    throw new IllegalStateException("parser bug");
                  }
                },
                TextLoader.create()));
    FolderLoader loader = FolderLoader.builder(root).include("*.txt").maxFileSizeBytes(LIMIT).loader(flaky).build();
    List<FileFailure> streamed = new ArrayList<>();
    List<String> ids = new ArrayList<>();

    IngestReport report = loader.load(d -> ids.add(d.id()), streamed::add);

    assertThat(ids).isEmpty(); // every top-level .txt is broken one way or another
    assertThat(streamed).containsExactlyInAnyOrderElementsOf(report.failures());
    assertThat(report.failures())
        .extracting(FileFailure::path, FileFailure::reason)
        .containsExactly(
            tuple("big.txt", FailureReason.OVERSIZED),
            tuple("binary.txt", FailureReason.BINARY),
            tuple("empty.txt", FailureReason.EMPTY),
            tuple("notes.txt", FailureReason.PARSE_ERROR));
    assertThat(report.failures().get(3).problem()).isEqualTo("loader failed: java.lang.IllegalStateException: parser bug");
  }

  @Test
  void fileTypeNoLoaderSupportsIsReported() {
    FolderLoader loader =
        FolderLoader.builder(root).include("*.md", "notes.txt").loader(DocumentLoaders.chain(List.of(MarkdownLoader.create())))
            .build();
    List<String> ids = new ArrayList<>();

    IngestReport report = loader.load(d -> ids.add(d.id()));

    assertThat(ids).containsExactly("README.md");
    assertThat(report.failures())
        .extracting(FileFailure::path, FileFailure::reason)
        .containsExactly(tuple("blank.md", FailureReason.EMPTY), tuple("notes.txt", FailureReason.UNSUPPORTED));
  }

  @Test
  void consumerExceptionStopsTheRun() {
    FolderLoader loader = FolderLoader.builder(root).build();
    List<String> seen = new ArrayList<>();

    assertThatThrownBy(
            () ->
                loader.load(
                    d -> {
                      seen.add(d.id());
                      throw new IllegalStateException("index full");
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("index full");
    assertThat(seen).containsExactly("README.md");
  }

  @Test
  void rootThatDisappearsFailsTheWholeRun() throws IOException {
    Path gone = Files.createDirectory(root.resolve("gone"));
    FolderLoader loader = FolderLoader.builder(gone).build();
    Files.delete(gone);

    assertThatThrownBy(() -> loader.load(d -> {}))
        .isInstanceOf(DocumentLoadException.class)
        .hasMessageContaining("gone: cannot walk folder")
        .satisfies(e -> assertThat(((DocumentLoadException) e).reason()).isEqualTo(FailureReason.UNREADABLE));
  }

  @Test
  void builderRejectsBadArguments() throws IOException {
    Path file = write("file.txt", "x");
    FolderLoader.Builder builder = FolderLoader.builder(root);

    Map<String, Runnable> cases =
        Map.ofEntries(
            Map.entry("root folder must not be null", () -> FolderLoader.builder(null)),
            Map.entry("does not exist", () -> FolderLoader.builder(root.resolve("missing")).build()),
            Map.entry("is not a folder", () -> FolderLoader.builder(file).build()),
            Map.entry("maxFileSizeBytes must be between 1 and", () -> builder.maxFileSizeBytes(0)),
            Map.entry("was -5", () -> builder.maxFileSizeBytes(-5)),
            Map.entry("include needs at least one glob", () -> builder.include()),
            Map.entry("exclude globs must not be null or blank", () -> builder.exclude("*.md", " ")),
            Map.entry("loader must not be null", () -> builder.loader(null)),
            Map.entry("idPrefix must not be null", () -> builder.idPrefix(null)),
            Map.entry("glob '[x' is not valid", () -> FolderLoader.builder(root).include("[x").build()),
            Map.entry("onDocument and onFailure must not be null", () -> FolderLoader.builder(root).build().load(null)));
    cases.forEach(
        (message, call) ->
            assertThatThrownBy(call::run)
                .as(message)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message));
  }

  private List<String> ids(FolderLoader loader) {
    List<String> ids = new ArrayList<>();
    loader.load(d -> ids.add(d.id()));
    return ids;
  }

  private Path write(String relative, String text) throws IOException {
    Path file = root.resolve(relative);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }
}
