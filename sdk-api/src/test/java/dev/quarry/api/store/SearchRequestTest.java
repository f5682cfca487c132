package dev.quarry.api.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SearchRequestTest {

  @Test
  void mutatingTheCallersArrayDoesNotChangeTheRequest() {
    float[] vector = {1f, 2f};
    SearchRequest request = SearchRequest.builder(vector).build();

    vector[1] = 99f;

    assertThat(request.vector()).containsExactly(1f, 2f);
  }

  @Test
  void mutatingTheCallersArrayBeforeBuildDoesNotChangeTheRequest() {
    float[] vector = {1f, 2f};
    SearchRequest.Builder builder = SearchRequest.builder(vector);

    vector[0] = 99f;

    assertThat(builder.build().vector()).containsExactly(1f, 2f);
  }

  @Test
  void mutatingTheReturnedArrayDoesNotChangeTheRequest() {
    SearchRequest request = SearchRequest.builder(new float[] {1f, 2f}).build();

    request.vector()[0] = 99f;

    assertThat(request.vector()).containsExactly(1f, 2f);
    assertThat(request.dimension()).isEqualTo(2);
  }

  @Test
  void unsetOptionsTakeTheirDefaults() {
    SearchRequest request = SearchRequest.builder(new float[] {1f}).build();

    assertThat(request.maxResults()).isEqualTo(SearchRequest.DEFAULT_MAX_RESULTS).isEqualTo(10);
    assertThat(request.filter()).isEmpty();
    assertThat(request.minScore()).isEqualTo(Double.NEGATIVE_INFINITY);
  }

  @Test
  void keepsTheOptionsThatWereSet() {
    Filter filter = Filter.eq("lang", "en");

    SearchRequest request = SearchRequest.builder(new float[] {1f}).maxResults(3).filter(filter).minScore(0.5).build();

    assertThat(request.maxResults()).isEqualTo(3);
    assertThat(request.filter()).contains(filter);
    assertThat(request.minScore()).isEqualTo(0.5);
  }

  @Test
  void changingTheBuilderAfterBuildDoesNotChangeTheBuiltRequest() {
    SearchRequest.Builder builder = SearchRequest.builder(new float[] {1f}).maxResults(3);
    SearchRequest first = builder.build();

    builder.maxResults(7).filter(Filter.eq("a", 1));

    assertThat(first.maxResults()).isEqualTo(3);
    assertThat(first.filter()).isEmpty();
    assertThat(builder.build().maxResults()).isEqualTo(7);
  }

  @Test
  void rejectsZeroOrNegativeMaxResults() {
    SearchRequest.Builder builder = SearchRequest.builder(new float[] {1f});

    assertThatThrownBy(() -> builder.maxResults(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxResults must be > 0, was 0");
    assertThatThrownBy(() -> builder.maxResults(-5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxResults must be > 0, was -5");
  }

  @Test
  void rejectsNaNComponentNamingItsIndex() {
    assertThatThrownBy(() -> SearchRequest.builder(new float[] {0f, 1f, Float.NaN}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("query vector must have finite components, component 2 is NaN");
  }

  @Test
  void rejectsNullOrEmptyVector() {
    assertThatThrownBy(() -> SearchRequest.builder(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("query vector must not be null");
    assertThatThrownBy(() -> SearchRequest.builder(new float[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("query vector must not be empty");
  }

  @Test
  void rejectsNaNMinScoreAndNullFilter() {
    SearchRequest.Builder builder = SearchRequest.builder(new float[] {1f});

    assertThatThrownBy(() -> builder.minScore(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("minScore must not be NaN");
    assertThatThrownBy(() -> builder.filter(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("filter must not be null");
  }

  @Test
  void toStringShowsDimensionAndOptionsButNotTheVector() {
    SearchRequest request = SearchRequest.builder(new float[] {0.125f, 2f}).maxResults(4).build();

    assertThat(request.toString()).contains("dimension=2", "maxResults=4").doesNotContain("0.125");
  }
}
