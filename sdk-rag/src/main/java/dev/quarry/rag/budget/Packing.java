package dev.quarry.rag.budget;

import dev.quarry.api.document.Chunk;
import dev.quarry.api.store.SearchHit;
import dev.quarry.api.tokenizer.TokenCounter;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * One run of {@link ContextBudget#pack}: triage, merge, select, fill, arrange, render, report.
 *
 * <p>Steps: (1) {@link Triage} sets aside empty and duplicate hits; (2) {@link PassageMerger} builds candidates,
 * best first; (3) MMR, when on, reorders them and sets aside redundant ones; (4) candidates are taken in that
 * order while they fit whole; the first that does not is cut at a sentence boundary (if allowed and enough of
 * it is left), which fills the context, or dropped, and the next ones are tried; (5) the kept passages are
 * arranged (relevance or long-context order), numbered and rendered; (6) the rendered text is counted as a
 * whole and, should it exceed what is available (token counts need not add up across boundaries), the
 * lowest-ranked passage is dropped until it fits. So the final count, not an estimate, meets the budget.
 *
 * <p>Not thread-safe: one instance per call, confined to the calling thread.
 */
final class Packing {
  private final ContextBudget budget;
  private final TokenCounter counter;
  private final List<SearchHit> hits;
  private final int available;
  private final String fence;

  Packing(ContextBudget budget, List<SearchHit> hits, int available) {
    this.budget = budget;
    this.counter = budget.tokenCounter();
    this.hits = hits;
    this.available = available;
    this.fence = PassageFence.code(hits);
  }

  PackedContext run(Reservation reservation) {
    Triage triage = new Triage(hits);
    List<Candidate> candidates = PassageMerger.candidates(hits, triage.live(), budget.mergeChunks());
    List<Candidate> order = budget.mmr().map(m -> m.select(candidates)).orElse(candidates);
    List<Candidate> kept = fill(order);
    List<Candidate> arranged;
    String text;
    int tokens;
    while (true) {
      for (int i = 0; i < kept.size(); i++) {
        kept.get(i).rank(i + 1);
      }
      arranged = budget.longContextOrder() ? LongContextOrder.arrange(kept) : kept;
      text = render(arranged);
      tokens = counter.countTokens(text);
      if (tokens <= available || kept.isEmpty()) {
        break;
      }
      kept.removeLast()
          .drop(HitStatus.OVER_BUDGET,
              "the rendered context counted " + tokens + " tokens, " + available + " allowed");
    }
    Map<Candidate, Integer> numbers = new IdentityHashMap<>();
    List<Passage> passages = new ArrayList<>();
    for (int i = 0; i < arranged.size(); i++) {
      numbers.put(arranged.get(i), i + 1);
      passages.add(passage(arranged.get(i), i + 1));
    }
    List<HitReport> reports = new Reports(hits, triage, candidates, numbers).all();
    return new PackedContext(text, passages, reservation.report(budget.maxTokens(), tokens, reports));
  }

  /** Step 4: the candidates that go into the context, in selection order. */
  private List<Candidate> fill(List<Candidate> order) {
    List<Candidate> kept = new ArrayList<>();
    int used = 0;
    boolean full = false;
    for (Candidate candidate : order) {
      if (candidate.dropStatus() != null) {
        continue;
      }
      if (full) {
        candidate.drop(HitStatus.OVER_BUDGET, "no room left after a passage was cut to fit");
        continue;
      }
      int number = kept.size() + 1;
      int left = available - used - (kept.isEmpty() ? 0 : budget.separatorTokens());
      int cost = counter.countTokens(block(candidate, number, candidate.text()));
      if (cost <= left) {
        kept.add(candidate);
        used = available - left + cost;
        continue;
      }
      String cut = left > 0 && budget.truncateLast() ? cut(candidate, number, left) : "";
      if (!cut.isEmpty()) {
        candidate.cut(cut.length());
        kept.add(candidate);
        used = available - left + counter.countTokens(block(candidate, number, cut));
        full = true;
      } else {
        candidate.drop(HitStatus.OVER_BUDGET, "needs " + cost + " tokens, " + Math.max(0, left) + " left");
      }
    }
    return kept;
  }

  /** The longest sentence-bounded prefix that fits in {@code left}, or empty if it is under the minimum. */
  private String cut(Candidate candidate, int number, int left) {
    String prefix =
        SentenceCut.longestFitting(
            candidate.text(),
            budget.locale(),
            p -> counter.countTokens(block(candidate, number, p)) <= left);
    return !prefix.isEmpty() && counter.countTokens(prefix) >= budget.minTruncatedTokens() ? prefix : "";
  }

  private String render(List<Candidate> arranged) {
    List<String> blocks = new ArrayList<>();
    for (int i = 0; i < arranged.size(); i++) {
      blocks.add(block(arranged.get(i), i + 1, keptText(arranged.get(i))));
    }
    return PassageRenderer.join(blocks);
  }

  private String block(Candidate candidate, int number, String text) {
    return PassageRenderer.block(
        number, candidate.source(budget.sourceKey()), candidate.documentId(), text, fence);
  }

  private static String keptText(Candidate candidate) {
    String text = candidate.text();
    return candidate.cutLength() >= 0 ? text.substring(0, candidate.cutLength()) : text;
  }

  private Passage passage(Candidate candidate, int number) {
    List<Chunk> chunks = new ArrayList<>();
    double score = Double.NEGATIVE_INFINITY;
    int end = candidate.cutLength() >= 0 ? candidate.cutLength() : Integer.MAX_VALUE;
    for (Candidate.Member member : candidate.members()) {
      if (member.textStart() < end) {
        chunks.add(member.chunk());
        score = Math.max(score, hits.get(member.hit()).score());
      }
    }
    return new Passage(
        number,
        candidate.rank(),
        candidate.documentId(),
        keptText(candidate),
        score,
        chunks,
        candidate.cutLength() >= 0,
        candidate.source(budget.sourceKey()));
  }

  /** Step 7: one report per hit, in input order. */
  private record Reports(
      List<SearchHit> hits, Triage triage, List<Candidate> candidates, Map<Candidate, Integer> numbers) {

    List<HitReport> all() {
      Candidate[] home = new Candidate[hits.size()];
      Candidate.Member[] member = new Candidate.Member[hits.size()];
      for (Candidate candidate : candidates) {
        for (Candidate.Member m : candidate.members()) {
          home[m.hit()] = candidate;
          member[m.hit()] = m;
        }
      }
      List<HitReport> reports = new ArrayList<>(hits.size());
      for (int i = 0; i < hits.size(); i++) {
        HitStatus early = triage.status(i);
        SearchHit hit = hits.get(i);
        if (early != null) {
          Candidate twin = early == HitStatus.DUPLICATE ? home[triage.twin(i)] : null;
          reports.add(new HitReport(hit, early, numberOf(twin), triage.reason(i)));
        } else {
          reports.add(report(hit, home[i], member[i]));
        }
      }
      return reports;
    }

    private HitReport report(SearchHit hit, Candidate candidate, Candidate.Member member) {
      if (candidate.dropStatus() != null) {
        Candidate similar = candidate.dropStatus() == HitStatus.REDUNDANT ? candidate.similarTo() : null;
        return new HitReport(hit, candidate.dropStatus(), numberOf(similar), candidate.dropReason());
      }
      int number = numbers.get(candidate);
      int cut = candidate.cutLength();
      if (cut >= 0 && member.textStart() >= cut) {
        return new HitReport(
            hit, HitStatus.OVER_BUDGET, OptionalInt.empty(), "cut off when passage [" + number + "] was truncated");
      }
      if (cut >= 0 && member.textEnd() > cut) {
        return new HitReport(
            hit, HitStatus.TRUNCATED, OptionalInt.of(number),
            "passage [" + number + "] was cut at a sentence boundary to fit");
      }
      int others = candidate.members().size() - 1;
      return others == 0
          ? new HitReport(hit, HitStatus.KEPT, OptionalInt.of(number), "passage [" + number + "]")
          : new HitReport(
              hit, HitStatus.MERGED, OptionalInt.of(number),
              "passage [" + number + "], merged with " + others + " other chunk(s) of its document");
    }

    private OptionalInt numberOf(Candidate candidate) {
      Integer number = candidate == null ? null : numbers.get(candidate);
      return number == null ? OptionalInt.empty() : OptionalInt.of(number);
    }
  }
}
