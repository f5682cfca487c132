package dev.quarry.rag.bm25;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.TermToBytesRefAttribute;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;

/**
 * Turns query text into a BM25 query: the text is analysed as the chunks were, and each distinct term becomes an
 * optional clause weighted by how often it occurs, so a chunk scores the sum of its terms' BM25 weights. Nothing
 * in the text is syntax: quotes, colons and operators are just characters for the analyzer.
 *
 * <p>At most {@value #MAX_TERMS} distinct terms are kept (the first ones), so a long text, such as a hypothetical
 * answer, stays within Lucene's limit on clauses. Stateless and thread-safe.
 */
final class QueryTerms {
  /** The most distinct terms a query keeps. */
  static final int MAX_TERMS = 512;

  private QueryTerms() {}

  /** The query for {@code text}, or empty when analysis leaves no term (only stop words or punctuation). */
  static Optional<Query> of(Analyzer analyzer, String text) {
    Map<BytesRef, Integer> counts = new LinkedHashMap<>();
    try (TokenStream tokens = analyzer.tokenStream(ChunkDocuments.TEXT, text)) {
      TermToBytesRefAttribute term = tokens.addAttribute(TermToBytesRefAttribute.class);
      tokens.reset();
      while (tokens.incrementToken()) {
        BytesRef bytes = term.getBytesRef();
        if (bytes.length == 0) {
          continue;
        }
        Integer count = counts.get(bytes);
        if (count != null) {
          counts.put(bytes, count + 1); // the key equals bytes, so the stored copy stays
        } else if (counts.size() < MAX_TERMS) {
          counts.put(BytesRef.deepCopyOf(bytes), 1);
        }
      }
      tokens.end();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot analyse the query text", e); // a StringReader never fails
    }
    if (counts.isEmpty()) {
      return Optional.empty();
    }
    BooleanQuery.Builder query = new BooleanQuery.Builder();
    counts.forEach(
        (bytes, count) -> {
          Query clause = new TermQuery(new Term(ChunkDocuments.TEXT, bytes));
          query.add(count == 1 ? clause : new BoostQuery(clause, count), Occur.SHOULD);
        });
    return Optional.of(query.build());
  }
}
