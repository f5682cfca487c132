package dev.quarry.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** The parts of {@link DocumentService} that need no server: upload names and the folder root. */
class DocumentServiceTest {

  @Test
  void anUploadIsNamedByItsOwnFileNameWithoutFoldersOrControlCharacters() {
    assertThat(DocumentService.fileName("notes.md", 1)).isEqualTo("notes.md");
    assertThat(DocumentService.fileName("docs/2024/notes.md", 1)).isEqualTo("notes.md");
    assertThat(DocumentService.fileName("C:\\Users\\me\\notes.md", 1)).isEqualTo("notes.md");
    assertThat(DocumentService.fileName("../../etc/passwd", 1)).isEqualTo("passwd");
    assertThat(DocumentService.fileName("bad\u0000na\nme:.txt", 1)).isEqualTo("badname.txt");
    assertThat(DocumentService.fileName("Überblick – Café.md", 1)).isEqualTo("Überblick – Café.md");
    assertThat(DocumentService.fileName("x".repeat(300) + ".md", 1)).hasSize(200).endsWith(".md");
  }

  @Test
  void anUploadWithoutAUsableNameIsNumbered() {
    assertThat(DocumentService.fileName(null, 3)).isEqualTo("upload-3");
    assertThat(DocumentService.fileName("", 4)).isEqualTo("upload-4");
    assertThat(DocumentService.fileName("docs/..", 5)).isEqualTo("upload-5");
    assertThat(DocumentService.fileName("docs/", 6)).isEqualTo("upload-6");
  }

  @Test
  void withoutAFolderRootNoFolderIsIngested(@TempDir Path temp) {
    DocumentService documents = new DocumentService(null, null, new ServiceProperties(null,
        new ServiceProperties.Documents(null), null));
    assertThatThrownBy(() -> documents.ingest(temp.toString()))
        .isInstanceOfSatisfying(ResponseStatusException.class, e -> {
          assertThat(e.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
          assertThat(e.getReason()).contains("ingesting folders on the server is off",
              "service.documents.folder-root");
        });
  }

  @Test
  void whetherAPathBehindALinkOutsideTheRootExistsIsNotTold(@TempDir Path temp) throws Exception {
    Path root = java.nio.file.Files.createDirectories(temp.resolve("docs"));
    Path secrets = java.nio.file.Files.createDirectories(temp.resolve("secrets/inner"));
    java.nio.file.Files.createSymbolicLink(root.resolve("shortcut"), secrets.getParent());
    DocumentService documents = new DocumentService(null, null, new ServiceProperties(null,
        new ServiceProperties.Documents(root), null));
    for (String behindTheLink : new String[] {"shortcut/inner", "shortcut/missing", "shortcut/missing/deeper"}) {
      assertThatThrownBy(() -> documents.ingest(root.resolve(behindTheLink).toString())).as(behindTheLink)
          .isInstanceOfSatisfying(ResponseStatusException.class, e -> {
            assertThat(e.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
            assertThat(e.getReason()).contains("is outside");
          });
    }
  }

  @Test
  void longNamesAreCutToFitTheFileSystemInBytes() {
    String name = DocumentService.fileName("\u00e9".repeat(300) + ".md", 1);
    assertThat(name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(200);
    assertThat(name).endsWith(".md");
    assertThat(DocumentService.fileName("\ud83d\ude00".repeat(100) + ".txt", 2)).doesNotContain("?")
        .endsWith(".txt").satisfies(n -> assertThat(Character.isLowSurrogate(n.charAt(0))).isFalse());
  }

  @Test
  void aLinkInsideTheRootToAFolderOutsideItIsRefused(@TempDir Path temp) throws Exception {
    Path root = java.nio.file.Files.createDirectories(temp.resolve("docs"));
    Path secrets = java.nio.file.Files.createDirectories(temp.resolve("secrets"));
    Path link = java.nio.file.Files.createSymbolicLink(root.resolve("shortcut"), secrets);
    DocumentService documents = new DocumentService(null, null, new ServiceProperties(null,
        new ServiceProperties.Documents(root), null));
    assertThatThrownBy(() -> documents.ingest(link.toString()))
        .isInstanceOfSatisfying(ResponseStatusException.class, e -> {
          assertThat(e.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
          assertThat(e.getReason()).contains("is outside " + root);
        });
  }

  @Test
  void withAFolderRootOnlyFoldersInsideItAreIngested(@TempDir Path temp) throws Exception {
    Path root = java.nio.file.Files.createDirectories(temp.resolve("docs"));
    DocumentService documents = new DocumentService(null, null, new ServiceProperties(null,
        new ServiceProperties.Documents(root), null));

    assertThatThrownBy(() -> documents.ingest(temp.resolve("other").toString()))
        .isInstanceOfSatisfying(ResponseStatusException.class, e -> {
          assertThat(e.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
          assertThat(e.getReason()).contains("is outside " + root, "service.documents.folder-root");
        });
    assertThatThrownBy(() -> documents.ingest(root.resolve("../other").toString()))
        .isInstanceOfSatisfying(ResponseStatusException.class,
            e -> assertThat(e.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN));
    assertThatThrownBy(() -> documents.ingest(root.resolve("inside").toString())) // allowed, but missing
        .isInstanceOfSatisfying(ResponseStatusException.class, e -> {
          assertThat(e.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
          assertThat(e.getReason()).contains("does not exist");
        });
  }
}
