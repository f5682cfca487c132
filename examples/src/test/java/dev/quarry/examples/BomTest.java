package dev.quarry.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code bom/pom.xml} pins every published artifact of the reactor (every module but the BOM itself and those that
 * skip their Javadoc jar: examples and benchmarks) at the reactor's version, and nothing else.
 */
class BomTest {
  private static final Path ROOT = Path.of("..");
  private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
  private static final Pattern ARTIFACT = Pattern.compile("<artifactId>(quarry[^<]*)</artifactId>");

  @Test
  void theBomListsEveryPublishedArtifactAtTheReactorsVersion() throws IOException {
    String parent = Files.readString(ROOT.resolve("pom.xml"));
    TreeSet<String> published = new TreeSet<>();
    for (String module : all(MODULE, parent)) {
      String pom = Files.readString(ROOT.resolve(module).resolve("pom.xml"));
      if (!module.equals("bom") && !pom.contains("<maven.javadoc.skip>true</maven.javadoc.skip>")) {
        published.add(first(Pattern.compile("</parent>\\s*<artifactId>([^<]+)</artifactId>"), pom));
      }
    }
    String bom = Files.readString(ROOT.resolve("bom/pom.xml"));
    String dependencies = bom.substring(bom.indexOf("<dependencyManagement>"));

    assertThat(new TreeSet<>(all(ARTIFACT, dependencies))).isEqualTo(published);
    assertThat(published).contains("quarry", "quarry-api", "quarry-spring-boot-starter").hasSizeGreaterThan(15);
    String version = first(Pattern.compile("<artifactId>quarry-parent</artifactId>\\s*<version>([^<]+)</version>"),
        parent);
    assertThat(first(Pattern.compile("<quarry.version>([^<]+)</quarry.version>"), bom)).isEqualTo(version);
    assertThat(first(Pattern.compile("<artifactId>quarry-bom</artifactId>\\s*<version>([^<]+)</version>"), bom))
        .isEqualTo(version);
  }

  private static List<String> all(Pattern pattern, String text) {
    List<String> found = new ArrayList<>();
    Matcher matcher = pattern.matcher(text);
    while (matcher.find()) {
      found.add(matcher.group(1));
    }
    return found;
  }

  private static String first(Pattern pattern, String text) {
    Matcher matcher = pattern.matcher(text);
    assertThat(matcher.find()).as("%s in the pom", pattern).isTrue();
    return matcher.group(1);
  }
}
