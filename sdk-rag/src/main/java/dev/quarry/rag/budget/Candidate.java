package dev.quarry.rag.budget;

import dev.quarry.api.document.Chunk;
import dev.quarry.api.store.SearchHit;
import dev.quarry.rag.splitter.DocumentSplitter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A passage being assembled during one {@link ContextBudget#pack} call: the text of one chunk, or of several
 * chunks of one document merged in document order, and the hits it holds. It also records what became of it.
 *
 * <p>Merging keeps the text exact: an overlapping or touching chunk is joined only where its text agrees with the
 * text already held, and from then on the candidate's text equals the document's text from an anchor onwards.
 * Chunks with consecutive {@value DocumentSplitter#CHUNK_INDEX} values and a gap between them are joined with
 * one space (gap of one char) or one line break: Quarry's splitters leave only whitespace between such chunks.
 *
 * <p>Not thread-safe: confined to the thread running the pack.
 */
final class Candidate {
  /** One hit whose chunk text is in this candidate, starting at {@code textStart}. */
  record Member(int hit, Chunk chunk, int textStart) {
    int textEnd() {
      return textStart + chunk.text().length();
    }
  }

  private final String documentId;
  private final StringBuilder text = new StringBuilder();
  private final List<Member> members = new ArrayList<>();
  private double score;
  private int firstHit;
  // Merge state: text from anchorText on equals the document from anchorDoc on, up to docEnd.
  private int anchorDoc;
  private int anchorText;
  private int docEnd;
  private long lastIndex;

  // Fate, decided by the packing.
  private int rank;
  private int cutLength = -1;
  private HitStatus dropStatus;
  private String dropReason = "";
  private Candidate similarTo;

  Candidate(int hitIndex, SearchHit hit) {
    Chunk chunk = hit.chunk();
    this.documentId = chunk.documentId();
    this.text.append(chunk.text());
    this.members.add(new Member(hitIndex, chunk, 0));
    this.score = hit.score();
    this.firstHit = hitIndex;
    this.anchorDoc = chunk.startOffset();
    this.anchorText = 0;
    this.docEnd = chunk.endOffset();
    this.lastIndex = chunkIndex(chunk);
  }

  /** Whether a chunk's text spans exactly its offsets, so that it can be merged by offsets. */
  static boolean mergeable(Chunk chunk) {
    return chunk.text().length() == chunk.length();
  }

  /**
   * Adds a hit of the same document that starts at or after every chunk added so far, if it overlaps, touches or
   * directly follows this candidate; otherwise changes nothing and returns false.
   */
  boolean tryMerge(int hitIndex, SearchHit hit) {
    Chunk chunk = hit.chunk();
    int start = chunk.startOffset();
    int end = chunk.endOffset();
    if (!chunk.documentId().equals(documentId) || start < anchorDoc) {
      return false;
    }
    int textStart;
    if (start <= docEnd) {
      textStart = anchorText + (start - anchorDoc);
      int shared = Math.min(end, docEnd) - start;
      if (!text.substring(textStart, textStart + shared).equals(chunk.text().substring(0, shared))) {
        return false;
      }
      if (end > docEnd) {
        text.append(chunk.text(), shared, chunk.text().length());
        docEnd = end;
        lastIndex = chunkIndex(chunk);
      }
    } else if (lastIndex >= 0 && chunkIndex(chunk) == lastIndex + 1) {
      text.append(start - docEnd == 1 ? " " : "\n");
      anchorDoc = start;
      anchorText = text.length();
      textStart = anchorText;
      text.append(chunk.text());
      docEnd = end;
      lastIndex = chunkIndex(chunk);
    } else {
      return false;
    }
    members.add(new Member(hitIndex, chunk, textStart));
    score = Math.max(score, hit.score());
    firstHit = Math.min(firstHit, hitIndex);
    return true;
  }

  private static long chunkIndex(Chunk chunk) {
    return chunk.metadata().getLong(DocumentSplitter.CHUNK_INDEX).orElse(-1L);
  }

  String documentId() {
    return documentId;
  }

  String text() {
    return text.toString();
  }

  List<Member> members() {
    return members;
  }

  double score() {
    return score;
  }

  /** The earliest input position among its hits, to break score ties in input order. */
  int firstHit() {
    return firstHit;
  }

  Optional<String> source(String sourceKey) {
    return members.getFirst().chunk().metadata().getString(sourceKey);
  }

  int rank() {
    return rank;
  }

  void rank(int rank) {
    this.rank = rank;
  }

  /** The length of the kept prefix when truncated, else -1. */
  int cutLength() {
    return cutLength;
  }

  void cut(int length) {
    this.cutLength = length;
  }

  /** Null while the candidate may still be in the context. */
  HitStatus dropStatus() {
    return dropStatus;
  }

  String dropReason() {
    return dropReason;
  }

  /** For a redundant candidate, the chosen one it is too similar to. */
  Candidate similarTo() {
    return similarTo;
  }

  void drop(HitStatus status, String reason) {
    this.dropStatus = status;
    this.dropReason = reason;
  }

  void dropAsRedundant(Candidate similar, String reason) {
    drop(HitStatus.REDUNDANT, reason);
    this.similarTo = similar;
  }
}
