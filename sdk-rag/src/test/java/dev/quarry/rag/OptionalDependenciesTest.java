package dev.quarry.rag;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.rag.bm25.Bm25Analyzer;
import dev.quarry.rag.bm25.Bm25Index;
import dev.quarry.rag.loader.FolderLoader;
import dev.quarry.rag.loader.IngestReport;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PDFBox and the SmartChinese analyzer are optional dependencies: without their jars, everything else works, and
 * what needs them fails with a message naming the artifact to add. Runs a child JVM whose class path lacks them.
 */
class OptionalDependenciesTest {
  private static final List<String> OPTIONAL = List.of("pdfbox", "fontbox", "lucene-analysis-smartcn");

  @TempDir Path dir;

  @Test
  void withoutTheOptionalJarsPdfsFailNamingPdfboxAndSmartChineseNamesItsJar() throws Exception {
    Files.writeString(dir.resolve("notes.txt"), "Plain text loads without PDFBox.");
    Files.write(dir.resolve("paper.pdf"), "%PDF-1.7\n".getBytes());
    String classPath = Arrays.stream(classPath().split(File.pathSeparator))
        .filter(entry -> OPTIONAL.stream().noneMatch(Path.of(entry).getFileName().toString()::startsWith))
        .collect(Collectors.joining(File.pathSeparator));
    assertThat(classPath).doesNotContain("pdfbox").doesNotContain("smartcn");
    Path out = dir.resolve("child.out");
    Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp", classPath,
        Child.class.getName(), dir.toString())
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    assertThat(child.waitFor(2, TimeUnit.MINUTES)).isTrue();
    String output = Files.readString(out);

    assertThat(child.exitValue()).as(output).isZero();
    assertThat(output).contains("loaded 1").contains("failed paper.pdf UNSUPPORTED")
        .contains("reading PDFs needs org.apache.pdfbox:pdfbox (3.0.x) on the class path")
        .contains("SMART_CHINESE: ").contains("org.apache.lucene:lucene-analysis-smartcn")
        .contains("ENGLISH: ok").doesNotContain("NoClassDefFoundError");
  }

  private static String classPath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
  }

  /** The child: loads the folder, then opens a BM25 index with each analyzer, printing what happened. */
  public static final class Child {
    public static void main(String[] args) {
      IngestReport report = FolderLoader.builder(Path.of(args[0])).build().load(document -> {},
          failure -> System.out.println("failed " + Path.of(failure.path().toString()).getFileName() + " "
              + failure.reason() + " " + failure.problem()));
      System.out.println("loaded " + report.loaded());
      for (Bm25Analyzer analyzer : List.of(Bm25Analyzer.ENGLISH, Bm25Analyzer.SMART_CHINESE)) {
        try (Bm25Index index = Bm25Index.builder().analyzer(analyzer).build()) {
          System.out.println(analyzer + ": ok " + index.count());
        } catch (RuntimeException e) {
          System.out.println(analyzer + ": " + e.getMessage());
        }
      }
    }
  }
}
