///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 21+
//DEPS dev.quarry:quarry-bom:0.1.0-SNAPSHOT@pom
//DEPS dev.quarry:quarry
//DEPS org.slf4j:slf4j-nop:2.0.17
//JAVA_OPTIONS --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector

import dev.quarry.Quarry;
import dev.quarry.api.retrieval.Query;
import dev.quarry.api.store.SearchHit;
import dev.quarry.rag.pipeline.Answer;
import dev.quarry.rag.pipeline.Citation;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Quarry's main job in one file: ingest a folder, then answer a question from it with citations. The store lives in
 * {@code .quarry-jbang} next to where you run it (ingesting again embeds only what changed).
 *
 * <pre>
 * bin/jbang examples/jbang/Ask.java docs "How is the store kept safe on disk?"
 * </pre>
 */
public class Ask {
  public static void main(String[] args) {
    if (args.length != 2 || !Files.isDirectory(Path.of(args[0]))) {
      System.err.println("usage: Ask.java <folder> \"<question>\"  (the folder must exist)");
      System.exit(2);
    }
    Path docs = Path.of(args[0]);
    String question = args[1];
    try (Quarry quarry = Quarry.open(Path.of(".quarry-jbang"))) { // bundled bge-small, HNSW + BM25 on disk, offline
      var ingested = quarry.ingest(docs);
      System.out.printf("ingested %s: %d files, %d chunks embedded, %d unchanged%n", docs,
          ingested.files().loaded(), ingested.chunks(), ingested.unchangedChunks());

      System.out.println("\nbest passages:");
      for (SearchHit hit : quarry.search(Query.of(question).withMaxResults(3))) {
        System.out.printf("  %.3f  %s%n", hit.score(), hit.chunk().metadata().getString("source").orElse("?"));
      }

      Answer answer = quarry.ask(question); // extractive and cited; AnswerMode.chat(model) would write one
      System.out.println("\n" + answer.text());
      for (Citation citation : answer.citations()) {
        System.out.printf("  [%d] %s%n", citation.number(), citation.documentId());
      }
    }
  }
}
