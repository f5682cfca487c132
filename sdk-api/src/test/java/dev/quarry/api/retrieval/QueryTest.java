package dev.quarry.api.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.store.Filter;
import dev.quarry.api.store.SearchOptions;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QueryTest {
  private static final Filter EN = Filter.eq("lang", "en");

  @Test
  void ofAsksForTheDefaultCountUnfiltered() {
    Query query = Query.of("what is rag?");

    assertThat(query.text()).isEqualTo("what is rag?");
    assertThat(query.maxResults()).isEqualTo(Query.DEFAULT_MAX_RESULTS).isEqualTo(10);
    assertThat(query.filter()).isEmpty();
  }

  @Test
  void withMaxResultsChangesOnlyTheCount() {
    Query original = Query.of("q").withFilter(EN);

    Query changed = original.withMaxResults(3);

    assertThat(changed).isEqualTo(new Query("q", 3, Optional.of(EN)));
    assertThat(original.maxResults()).isEqualTo(Query.DEFAULT_MAX_RESULTS);
  }

  @Test
  void withFilterChangesOnlyTheFilter() {
    Query original = Query.of("q").withMaxResults(4);

    Query changed = original.withFilter(EN);

    assertThat(changed).isEqualTo(new Query("q", 4, Optional.of(EN)));
    assertThat(original.filter()).isEmpty();
  }

  @Test
  void searchOptionsTravelWithEveryChange() {
    Query original = Query.of("q").withSearchOptions(SearchOptions.efSearch(200));

    Query changed = original.withText("rewritten q").withMaxResults(4).withFilter(EN);

    assertThat(changed).isEqualTo(
        new Query("rewritten q", 4, Optional.of(EN), Optional.of(SearchOptions.efSearch(200))));
    assertThat(Query.of("q").searchOptions()).isEmpty();
    assertThatThrownBy(() -> original.withSearchOptions(null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("searchOptions");
  }

  @Test
  void withTextChangesOnlyTheText() {
    Query original = Query.of("q").withMaxResults(4).withFilter(EN);

    Query changed = original.withText("rewritten q");

    assertThat(changed).isEqualTo(new Query("rewritten q", 4, Optional.of(EN)));
    assertThat(original.text()).isEqualTo("q");
  }

  @Test
  void withMethodsValidateLikeTheConstructor() {
    Query query = Query.of("q");

    assertThatThrownBy(() -> query.withMaxResults(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxResults must be > 0, was 0");
    assertThatThrownBy(() -> query.withText(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("query text must not be blank");
    assertThatThrownBy(() -> query.withFilter(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("filter must not be null");
  }

  @Test
  void rejectsBlankTextAndNullFilterOptional() {
    assertThatThrownBy(() -> Query.of(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("query text must not be blank");
    assertThatThrownBy(() -> new Query("q", 1, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("query filter must not be null");
  }
}
