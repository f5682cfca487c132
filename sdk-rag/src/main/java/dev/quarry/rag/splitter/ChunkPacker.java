package dev.quarry.rag.splitter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;

/**
 * Packs consecutive pieces into chunks up to the chunk size and chooses where each next chunk starts, so that
 * it repeats at most the configured overlap of the previous one. Shared by every splitter. Immutable and
 * thread-safe.
 *
 * <p>Algorithm:
 *
 * <ol>
 *   <li>A chunk starts at {@code start} and takes the longest run of whole pieces, from the first piece no
 *       chunk holds yet, that fits ({@code measure(start, piece.end) <= chunkSize}) and stays within the
 *       caller's limit for {@code start}. It always takes at least that first piece. The run's length is
 *       guessed from the pieces' own lengths, then confirmed by measuring the real span (galloping, then
 *       bisecting), so a tokenizer is asked a few times per chunk.
 *   <li>The next chunk starts at the earliest <em>break</em> {@code b} inside the previous chunk, after its
 *       start and not before the last <em>barrier</em> at or before its end, such that {@code measure(b,
 *       previousEnd) <= chunkOverlap} and {@code measure(b, nextPiece.end) <= chunkSize}; failing that, at the
 *       previous end (no overlap). Both conditions only get easier as {@code b} moves right, so each earliest
 *       is found by galloping back from the end, then bisecting.
 * </ol>
 *
 * <p>Breaks are supplied by the caller and must include every piece boundary; barriers (section starts) stop
 * an overlap from reaching back into an earlier section; a limit (a section's end) stops a chunk from running
 * on into text that does not belong with its start.
 */
final class ChunkPacker {
  private final int chunkSize;
  private final int chunkOverlap;
  private final SpanMeasure measure;

  ChunkPacker(SplitterSettings settings) {
    this.chunkSize = settings.chunkSize();
    this.chunkOverlap = settings.chunkOverlap();
    this.measure = settings.measure();
  }

  /** The chunk spans over {@code pieces}, which must be contiguous and in order, with no barriers or limits. */
  List<Span> pack(String text, List<Piece> pieces, BitSet breaks) {
    return pack(text, pieces, breaks, new BitSet(), start -> text.length());
  }

  /**
   * The chunk spans over {@code pieces}, which must be contiguous and in order; {@code limit} gives, for a
   * chunk's start, the position it must not extend past (a piece ending there or before always exists).
   */
  List<Span> pack(String text, List<Piece> pieces, BitSet breaks, BitSet barriers, IntUnaryOperator limit) {
    List<Span> spans = new ArrayList<>();
    int first = 0;
    int start = pieces.isEmpty() ? 0 : pieces.get(0).start();
    int carried = 0;
    while (first < pieces.size()) {
      int maxLast = lastBefore(pieces, first, limit.applyAsInt(start));
      int last = lastFitting(text, pieces, start, first, maxLast, carried);
      int end = pieces.get(last).end();
      spans.add(new Span(start, end));
      first = last + 1;
      if (first < pieces.size()) {
        start = overlapStart(text, start, end, pieces.get(first).end(), breaks, barriers);
        carried = measure.measure(text, start, end);
      }
    }
    return spans;
  }

  /** The last piece index, {@code first} or later, of a piece ending at or before {@code limit}; else first. */
  private static int lastBefore(List<Piece> pieces, int first, int limit) {
    int lo = first;
    int hi = pieces.size() - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (pieces.get(mid).end() <= limit) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  /**
   * The index of the last piece of the chunk that starts at {@code start}, holds piece {@code first} and ends
   * no later than piece {@code maxLast}.
   */
  private int lastFitting(String text, List<Piece> pieces, int start, int first, int maxLast, int carried) {
    int guess = first;
    long estimate = (long) carried + pieces.get(first).length();
    while (guess + 1 <= maxLast && estimate + pieces.get(guess + 1).length() <= chunkSize) {
      guess++;
      estimate += pieces.get(guess).length();
    }
    int fits; // known to fit (or == first, taken regardless)
    int fails; // known not to fit, or maxLast + 1
    if (guess == first || fits(text, pieces, start, guess)) {
      fits = guess;
      fails = maxLast + 1;
      for (int step = 1; fits + step <= maxLast; step *= 2) {
        if (!fits(text, pieces, start, fits + step)) {
          fails = fits + step;
          break;
        }
        fits += step;
      }
    } else {
      fails = guess;
      fits = first;
      for (int step = 1; fails - step > first; step *= 2) {
        if (fits(text, pieces, start, fails - step)) {
          fits = fails - step;
          break;
        }
        fails -= step;
      }
    }
    while (fails - fits > 1) {
      int mid = (fits + fails) >>> 1;
      if (fits(text, pieces, start, mid)) {
        fits = mid;
      } else {
        fails = mid;
      }
    }
    return fits;
  }

  private boolean fits(String text, List<Piece> pieces, int start, int last) {
    return measure.measure(text, start, pieces.get(last).end()) <= chunkSize;
  }

  /** Where the chunk after {@code [previousStart, previousEnd)} starts; {@code previousEnd} means no overlap. */
  private int overlapStart(
      String text, int previousStart, int previousEnd, int nextPieceEnd, BitSet breaks, BitSet barriers) {
    if (chunkOverlap == 0) {
      return previousEnd;
    }
    int low = Math.max(previousStart + 1, barriers.previousSetBit(previousEnd));
    int[] candidates = between(breaks, low, previousEnd);
    // Both conditions are monotone, so the earliest break meeting both is the later of the earliest for each.
    int first = earliest(candidates, 0, b -> measure.measure(text, b, previousEnd) <= chunkOverlap);
    if (first < candidates.length && measure.measure(text, candidates[first], nextPieceEnd) > chunkSize) {
      first = earliest(candidates, first + 1, b -> measure.measure(text, b, nextPieceEnd) <= chunkSize);
    }
    return first == candidates.length ? previousEnd : candidates[first];
  }

  /**
   * The smallest index {@code i >= from} whose candidate passes {@code test}, or {@code candidates.length};
   * {@code test} must fail then pass as the index grows. Gallops back from the end, where passing candidates
   * (short suffixes of the chunk) are cheap to measure, then bisects.
   */
  private static int earliest(int[] candidates, int from, IntPredicate test) {
    int good = candidates.length; // passes; the length stands for the previous chunk's end
    int bad = from - 1; // fails, or is just before the range
    for (int step = 1; good - bad > 1; step *= 2) {
      int probe = Math.max(bad + 1, good - step);
      if (!test.test(candidates[probe])) {
        bad = probe;
        break;
      }
      good = probe;
    }
    while (good - bad > 1) {
      int mid = (good + bad) >>> 1;
      if (test.test(candidates[mid])) {
        good = mid;
      } else {
        bad = mid;
      }
    }
    return good;
  }

  /** The set bits of {@code bits} in {@code [from, to)}, ascending. */
  private static int[] between(BitSet bits, int from, int to) {
    int[] found = new int[16];
    int count = 0;
    for (int b = bits.nextSetBit(from); b >= 0 && b < to; b = bits.nextSetBit(b + 1)) {
      if (count == found.length) {
        found = Arrays.copyOf(found, count * 2);
      }
      found[count++] = b;
    }
    return Arrays.copyOf(found, count);
  }
}
