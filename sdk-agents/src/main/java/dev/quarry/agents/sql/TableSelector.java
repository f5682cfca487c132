package dev.quarry.agents.sql;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Picks the tables most relevant to a question when the schema is too large to show whole. Deterministic:
 * <ol>
 *   <li>The question and every table are cut into normalised words (lower case, camelCase and snake_case
 *       split, a plural "s" dropped, stop words removed).</li>
 *   <li>A table scores 3 per question word in its name, 2 per word in a column name, 1 per word in its
 *       or its columns' comments or sample values.</li>
 *   <li>Tables that score are taken best first (ties by name) up to the limit; then, while room is left,
 *       the foreign-key neighbours of the chosen tables (referenced or referencing), best first; when no
 *       table scores at all, the tables with the most foreign-key links are taken.</li>
 * </ol>
 * The result keeps the schema's order. Immutable and thread-safe.
 */
final class TableSelector {

  private static final Set<String> STOP_WORDS = Set.of("a", "an", "the", "of", "in", "on", "at", "by", "for",
      "to", "from", "with", "and", "or", "not", "is", "are", "was", "were", "be", "been", "do", "doe", "did",
      "what", "which", "who", "whom", "whose", "how", "many", "much", "show", "list", "give", "me", "all",
      "each", "per", "every", "there", "that", "this", "these", "those", "it", "its", "we", "our", "i", "my",
      "have", "ha", "had", "most", "least", "top", "than", "more", "less", "over", "under", "between",
      "id", "ids", "name", "number", "count", "total", "average", "sum", "when", "where", "get",
      "find", "tell", "about", "any", "some", "as", "into", "if", "s");

  private final List<DatabaseSchema.Table> tables;
  private final Map<String, Set<String>> nameWords = new HashMap<>();
  private final Map<String, Set<String>> columnWords = new HashMap<>();
  private final Map<String, Set<String>> commentWords = new HashMap<>();
  private final Map<String, Set<String>> neighbours = new HashMap<>();

  TableSelector(DatabaseSchema schema) {
    this.tables = schema.tables();
    for (DatabaseSchema.Table table : tables) {
      nameWords.put(table.name(), words(table.name()));
      Set<String> columns = new HashSet<>();
      Set<String> comments = new HashSet<>(words(table.remarks()));
      for (DatabaseSchema.Column column : table.columns()) {
        columns.addAll(words(column.name()));
        comments.addAll(words(column.remarks()));
        column.samples().forEach(sample -> comments.addAll(words(sample)));
      }
      columnWords.put(table.name(), columns);
      commentWords.put(table.name(), comments);
      neighbours.computeIfAbsent(table.name(), k -> new LinkedHashSet<>());
      for (DatabaseSchema.ForeignKey key : table.foreignKeys()) {
        neighbours.get(table.name()).add(key.targetTable());
        neighbours.computeIfAbsent(key.targetTable(), k -> new LinkedHashSet<>()).add(table.name());
      }
    }
  }

  /** At most {@code limit} tables for the question, in schema order; all of them when they fit. */
  List<DatabaseSchema.Table> select(String question, int limit) {
    if (tables.size() <= limit) {
      return tables;
    }
    Set<String> asked = words(question);
    Map<String, Integer> scores = new HashMap<>();
    for (DatabaseSchema.Table table : tables) {
      scores.put(table.name(), score(asked, table.name()));
    }
    Comparator<String> best = Comparator.<String>comparingInt(scores::get).reversed()
        .thenComparing(Comparator.naturalOrder());
    Set<String> chosen = new LinkedHashSet<>();
    tables.stream().map(DatabaseSchema.Table::name).filter(n -> scores.get(n) > 0).sorted(best)
        .limit(limit).forEach(chosen::add);
    if (chosen.isEmpty()) {
      tables.stream().map(DatabaseSchema.Table::name)
          .sorted(Comparator.<String>comparingInt(n -> neighbours.get(n).size()).reversed()
              .thenComparing(Comparator.naturalOrder()))
          .limit(limit).forEach(chosen::add);
    }
    List<String> frontier = new ArrayList<>(chosen);
    while (chosen.size() < limit && !frontier.isEmpty()) {
      List<String> next = frontier.stream().flatMap(n -> neighbours.get(n).stream())
          .filter(n -> !chosen.contains(n)).distinct().sorted(best).toList();
      for (String name : next) {
        if (chosen.size() < limit) {
          chosen.add(name);
        }
      }
      frontier = next;
    }
    return tables.stream().filter(t -> chosen.contains(t.name())).toList();
  }

  private int score(Set<String> asked, String table) {
    int score = 0;
    for (String word : asked) {
      score += nameWords.get(table).contains(word) ? 3 : 0;
      score += columnWords.get(table).contains(word) ? 2 : 0;
      score += commentWords.get(table).contains(word) ? 1 : 0;
    }
    return score;
  }

  /** Normalised words of a name, comment or question. */
  static Set<String> words(String text) {
    Set<String> words = new LinkedHashSet<>();
    String split = text.replaceAll("([a-z0-9])([A-Z])", "$1 $2");
    for (String raw : split.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      String word = stem(raw);
      if (!word.isEmpty() && !STOP_WORDS.contains(word)) {
        words.add(word);
      }
    }
    return words;
  }

  private static String stem(String word) {
    if (word.length() > 4 && word.endsWith("ies")) {
      return word.substring(0, word.length() - 3) + "y";
    }
    if (word.length() > 3 && word.endsWith("s") && !word.endsWith("ss")) {
      return word.substring(0, word.length() - 1);
    }
    return word;
  }
}
