package dev.quarry.rag.bm25;

import dev.quarry.api.document.Chunk;
import dev.quarry.api.store.SearchHit;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.util.BytesRef;

/**
 * A chunk as a Lucene document and back: the id as an exact term (so a chunk is replaced and deleted by id), the
 * text analysed for BM25 and stored, the document id, offsets and metadata stored, and the metadata indexed for
 * filters by {@link MetadataFields}. Ids are kept as UTF-16 code units, like string metadata, so any two distinct
 * ids stay distinct; the text is stored as UTF-8, so a lone surrogate in it (not valid Unicode) comes back as
 * U+FFFD. Stateless and thread-safe.
 */
final class ChunkDocuments {
  static final String ID = "_id";
  static final String TEXT = "_text";
  private static final String DOCUMENT_ID = "_document";
  private static final String START = "_start";
  private static final String END = "_end";
  private static final String METADATA = "_metadata";

  private ChunkDocuments() {}

  /**
   * The Lucene documents of a batch, all checked before any is returned.
   *
   * @throws IllegalArgumentException for a null list or chunk, an id twice, an id longer than Lucene can index
   *     or a string metadata value longer than {@link MetadataFields#MAX_STRING_CHARS}
   */
  static List<Document> of(List<Chunk> chunks) {
    if (chunks == null) {
      throw new IllegalArgumentException("chunks must not be null");
    }
    Set<String> ids = new HashSet<>();
    List<Document> documents = new ArrayList<>(chunks.size());
    for (int i = 0; i < chunks.size(); i++) {
      Chunk chunk = chunks.get(i);
      if (chunk == null) {
        throw new IllegalArgumentException("chunk at index " + i + " is null");
      }
      if (!ids.add(chunk.id())) {
        throw new IllegalArgumentException("id '" + chunk.id() + "' appears twice in one batch");
      }
      documents.add(of(chunk));
    }
    return documents;
  }

  private static Document of(Chunk chunk) {
    checkId(chunk.id());
    MetadataFields.check(chunk.id(), chunk.metadata());
    Document document = new Document();
    document.add(new StringField(ID, MetadataFields.stringTerm(chunk.id()), Field.Store.YES));
    document.add(new StoredField(DOCUMENT_ID, MetadataFields.stringTerm(chunk.documentId())));
    document.add(new TextField(TEXT, chunk.text(), Field.Store.YES));
    document.add(new StoredField(START, chunk.startOffset()));
    document.add(new StoredField(END, chunk.endOffset()));
    document.add(new StoredField(METADATA, MetadataCodec.encode(chunk.metadata())));
    MetadataFields.addTo(document, chunk.metadata());
    return document;
  }

  /** The chunk a stored document holds. */
  static Chunk chunk(Document document) {
    return new Chunk(
        MetadataFields.string(document.getBinaryValue(ID)),
        MetadataFields.string(document.getBinaryValue(DOCUMENT_ID)),
        document.get(TEXT),
        MetadataCodec.decode(document.getBinaryValue(METADATA)),
        document.getField(START).numericValue().intValue(),
        document.getField(END).numericValue().intValue());
  }

  /** The hits of a search, their chunks read from stored fields. */
  static List<SearchHit> hits(IndexSearcher searcher, TopDocs top) throws IOException {
    StoredFields stored = searcher.storedFields();
    List<SearchHit> hits = new ArrayList<>(top.scoreDocs.length);
    for (ScoreDoc doc : top.scoreDocs) {
      hits.add(new SearchHit(chunk(stored.document(doc.doc)), doc.score));
    }
    return List.copyOf(hits);
  }

  /** The documents with these ids. */
  static Query ids(Collection<String> ids) {
    List<BytesRef> terms = new ArrayList<>(ids.size());
    for (String id : ids) {
      terms.add(MetadataFields.stringTerm(id));
    }
    return new TermInSetQuery(ID, terms);
  }

  /**
   * Checks an id can be indexed as one term.
   *
   * @throws IllegalArgumentException if it is longer than {@link MetadataFields#MAX_STRING_CHARS}
   */
  static void checkId(String id) {
    if (id.length() > MetadataFields.MAX_STRING_CHARS) {
      throw new IllegalArgumentException(
          "chunk id of " + id.length() + " chars is too long; at most " + MetadataFields.MAX_STRING_CHARS
              + " can be indexed");
    }
  }
}
