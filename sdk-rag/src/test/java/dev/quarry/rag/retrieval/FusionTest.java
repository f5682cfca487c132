package dev.quarry.rag.retrieval;

import static dev.quarry.rag.retrieval.Hits.hit;
import static dev.quarry.rag.retrieval.Hits.ids;
import static dev.quarry.rag.retrieval.Hits.ranked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Metadata;
import dev.quarry.api.store.SearchHit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FusionTest {
  private static final double EPS = 1e-9;

  @Test
  void rrfSumsReciprocalRanksOverTheListsHoldingAChunk() {
    List<SearchHit> fused = Fusion.rrf().fuse(List.of(ranked("a", "b", "c"), ranked("c", "a", "d")));

    assertThat(ids(fused)).containsExactly("a", "c", "b", "d");
    assertThat(fused.get(0).score()).isCloseTo(1.0 / 61 + 1.0 / 62, within(EPS));
    assertThat(fused.get(1).score()).isCloseTo(1.0 / 63 + 1.0 / 61, within(EPS));
    assertThat(fused.get(2).score()).isCloseTo(1.0 / 62, within(EPS));
    assertThat(fused.get(3).score()).isCloseTo(1.0 / 63, within(EPS));
  }

  @Test
  void rrfUsesRanksNotScores() {
    List<SearchHit> first = List.of(hit("a", 1000), hit("b", 999));
    List<SearchHit> second = List.of(hit("b", 0.01));

    List<SearchHit> fused = Fusion.rrf(1).fuse(List.of(first, second));

    assertThat(ids(fused)).containsExactly("b", "a");
    assertThat(fused.get(0).score()).isCloseTo(1.0 / 3 + 1.0 / 2, within(EPS));
    assertThat(fused.get(1).score()).isCloseTo(1.0 / 2, within(EPS));
  }

  @Test
  void aChunkListedTwiceInOneListCountsOnceAtItsFirstPlace() {
    List<SearchHit> fused = Fusion.rrf().fuse(List.of(ranked("a", "a", "b"), List.of()));

    assertThat(ids(fused)).containsExactly("a", "b");
    assertThat(fused.get(1).score()).isCloseTo(1.0 / 62, within(EPS));
  }

  @Test
  void equalFusedScoresAreOrderedByChunkId() {
    List<SearchHit> fused = Fusion.rrf().fuse(List.of(ranked("b"), ranked("c"), ranked("a")));

    assertThat(ids(fused)).containsExactly("a", "b", "c");
  }

  @Test
  void theChunkOfTheEarliestListIsKept() {
    Chunk richer = new Chunk("a", "doc", "text of a", Metadata.of(Map.of("lang", "en")), 0, 9);
    List<SearchHit> fused =
        Fusion.rrf().fuse(List.of(List.of(new SearchHit(richer, 1)), List.of(hit("a", 2))));

    assertThat(fused).singleElement().satisfies(h -> assertThat(h.chunk()).isSameAs(richer));
  }

  @Test
  void convexMinMaxGivesMissingHitsZeroFromThatList() {
    List<SearchHit> dense = List.of(hit("a", 0.9), hit("b", 0.7), hit("c", 0.5)); // 1, 0.5, 0
    List<SearchHit> sparse = List.of(hit("c", 10), hit("d", 4), hit("a", 2)); // 1, 0.25, 0

    List<SearchHit> fused = Fusion.convex(0.7, Normalization.MIN_MAX).fuse(List.of(dense, sparse));

    assertThat(ids(fused)).containsExactly("a", "b", "c", "d");
    assertThat(Hits.scores(fused))
        .usingElementComparator((x, y) -> Math.abs(x - y) < EPS ? 0 : Double.compare(x, y))
        .containsExactly(0.7, 0.35, 0.3, 0.3 * 0.25);
  }

  @Test
  void convexZScoreGivesMissingHitsTheListsLowestZScore() {
    List<SearchHit> dense = List.of(hit("a", 3), hit("b", 2), hit("c", 1)); // z = 1.2247, 0, -1.2247
    List<SearchHit> sparse = List.of(hit("c", 4), hit("d", 2)); // z = 1, -1
    double z = Math.sqrt(1.5);

    List<SearchHit> fused = Fusion.convex(0.5, Normalization.Z_SCORE).fuse(List.of(dense, sparse));

    assertThat(ids(fused)).containsExactly("a", "c", "b", "d");
    assertThat(fused.get(0).score()).isCloseTo(0.5 * z - 0.5, within(EPS));
    assertThat(fused.get(1).score()).isCloseTo(-0.5 * z + 0.5, within(EPS));
    assertThat(fused.get(2).score()).isCloseTo(-0.5, within(EPS));
    assertThat(fused.get(3).score()).isCloseTo(-0.5 * z - 0.5, within(EPS));
  }

  @Test
  void zScoreOfASingleHitListDoesNotDivideByZero() {
    List<SearchHit> single = List.of(hit("a", 5));
    List<SearchHit> pair = List.of(hit("b", 0.3), hit("a", 0.1)); // z = 1, -1

    List<SearchHit> fused = Fusion.convex(0.5, Normalization.Z_SCORE).fuse(List.of(single, pair));

    assertThat(ids(fused)).containsExactly("b", "a");
    assertThat(fused.get(0).score()).isCloseTo(0.5 * Normalization.FLAT_Z_SCORE_FLOOR + 0.5, within(EPS));
    assertThat(fused.get(1).score()).isCloseTo(0 - 0.5, within(EPS));
  }

  @Test
  void minMaxOfAListWithoutSpreadScoresItsHitsOne() {
    List<SearchHit> flat = List.of(hit("a", 5), hit("b", 5));
    List<SearchHit> single = List.of(hit("c", 0.8));

    List<SearchHit> fused = Fusion.convex(0.5, Normalization.MIN_MAX).fuse(List.of(flat, single));

    assertThat(ids(fused)).containsExactly("a", "b", "c");
    assertThat(Hits.scores(fused)).allSatisfy(s -> assertThat(s).isCloseTo(0.5, within(EPS)));
  }

  @Test
  void weightedFusionScalesWeightsToSumOne() {
    List<SearchHit> one = List.of(hit("x", 2), hit("y", 1));
    List<SearchHit> two = List.of(hit("y", 5), hit("z", 3));
    List<SearchHit> three = List.of(hit("z", 0.9), hit("x", 0.1));

    List<SearchHit> fused = Fusion.weighted(Normalization.MIN_MAX, 1, 1, 2).fuse(List.of(one, two, three));

    assertThat(ids(fused)).containsExactly("z", "x", "y");
    assertThat(fused.get(0).score()).isCloseTo(0.5, within(EPS));
    assertThat(fused.get(1).score()).isCloseTo(0.25, within(EPS));
    assertThat(fused.get(2).score()).isCloseTo(0.25, within(EPS));
  }

  @Test
  void alphaOneFollowsTheFirstListAlone() {
    List<SearchHit> fused =
        Fusion.convex(1, Normalization.MIN_MAX).fuse(List.of(ranked("b", "a"), ranked("a", "c")));

    assertThat(ids(fused).subList(0, 2)).containsExactly("b", "a");
    assertThat(fused.get(0).score()).isEqualTo(1);
  }

  @Test
  void emptyListsFuseToNothingAndAnEmptyLegChangesNoOrder() {
    assertThat(Fusion.rrf().fuse(List.of())).isEmpty();
    assertThat(Fusion.rrf().fuse(List.of(List.of(), List.of()))).isEmpty();

    List<SearchHit> fused = Fusion.convex(0.5, Normalization.Z_SCORE).fuse(List.of(ranked("a", "b", "c"), List.of()));
    assertThat(ids(fused)).containsExactly("a", "b", "c");
    assertThat(Hits.scores(fused)).allSatisfy(s -> assertThat(s).isFinite());
  }

  @Test
  void resultIsImmutableAndInputIsNotChanged() {
    List<SearchHit> input = new ArrayList<>(ranked("a", "b"));
    List<SearchHit> fused = Fusion.rrf().fuse(List.of(input));

    assertThat(input).extracting(SearchHit::score).containsExactly(2.0, 1.0);
    assertThatThrownBy(() -> fused.add(hit("c", 1))).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void rejectsBadSettingsWithMessagesSayingWhatIsAllowed() {
    assertThatThrownBy(() -> Fusion.rrf(0)).hasMessageContaining("RRF k must be > 0, was 0");
    assertThatThrownBy(() -> Fusion.convex(1.5, Normalization.MIN_MAX)).hasMessageContaining("[0, 1]");
    assertThatThrownBy(() -> Fusion.convex(Double.NaN, Normalization.MIN_MAX)).hasMessageContaining("[0, 1]");
    assertThatThrownBy(() -> Fusion.convex(0.5, null)).hasMessageContaining("MIN_MAX or Z_SCORE");
    assertThatThrownBy(() -> Fusion.weighted(Normalization.MIN_MAX, 1)).hasMessageContaining("at least two");
    assertThatThrownBy(() -> Fusion.weighted(Normalization.MIN_MAX, 1, -1)).hasMessageContaining(">= 0");
    assertThatThrownBy(() -> Fusion.weighted(Normalization.MIN_MAX, 1, Double.POSITIVE_INFINITY))
        .hasMessageContaining("finite");
    assertThatThrownBy(() -> Fusion.weighted(Normalization.MIN_MAX, 0, 0)).hasMessageContaining("all be 0");
  }

  @Test
  void rejectsBadInput() {
    Fusion convex = Fusion.convex(0.5, Normalization.MIN_MAX);
    List<SearchHit> withNull = new ArrayList<>();
    withNull.add(null);
    List<List<SearchHit>> nullList = new ArrayList<>();
    nullList.add(null);

    assertThatThrownBy(() -> Fusion.rrf().fuse(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Fusion.rrf().fuse(nullList)).hasMessageContaining("ranking 0 must not be null");
    assertThatThrownBy(() -> Fusion.rrf().fuse(List.of(withNull))).hasMessageContaining("null hits");
    assertThatThrownBy(() -> convex.fuse(List.of(ranked("a"), ranked("b"), ranked("c"))))
        .hasMessageContaining("weighs 2 lists but got 3");
    assertThatThrownBy(() -> convex.fuse(List.of(List.of(hit("a", Double.POSITIVE_INFINITY)), ranked("b"))))
        .hasMessageContaining("finite scores")
        .hasMessageContaining("'a'");
  }

  @Test
  void describesItself() {
    assertThat(Fusion.rrf()).hasToString("Fusion.rrf(60)");
    assertThat(Fusion.convex(0.25, Normalization.Z_SCORE)).hasToString("Fusion.weighted(Z_SCORE, [0.25, 0.75])");
  }
}
