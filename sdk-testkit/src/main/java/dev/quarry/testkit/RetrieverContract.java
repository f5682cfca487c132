package dev.quarry.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Metadata;
import dev.quarry.api.retrieval.Query;
import dev.quarry.api.retrieval.Retriever;
import dev.quarry.api.store.Filter;
import dev.quarry.api.store.SearchHit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Retriever} promises in its Javadoc, as an abstract JUnit suite: extend it, and make {@link
 * #retrieverOver} index the chunks it is given (embed them into a store, add them to a keyword index, ...) and
 * return a retriever over exactly those.
 *
 * <p>The {@linkplain #corpus() corpus} is twelve short chunks on three topics, with {@code topic} and {@code year}
 * metadata. Besides the promises of the interface, the suite expects a chunk's own text, as the query, to find that
 * chunk first: any retriever that ranks by relevance does, whether by meaning or by words.
 *
 * <p>JUnit creates one instance of the suite per test; a subclass that opens resources in {@link #retrieverOver}
 * closes them in its own {@code @AfterEach}.
 */
public abstract class RetrieverContract {
  /** Threads asking at once in {@link #answersConcurrentCallersAlike()}. */
  protected static final int THREADS = 4;
  /** A query sharing words with most chunks of the corpus. */
  protected static final String BROAD_QUERY = "sun sea moon orbit soil ships air rich";

  /**
   * A retriever over exactly {@code chunks} (possibly none). Called at most once per test.
   *
   * @param chunks the chunks to index, with ids unique and metadata {@code topic} (a string) and {@code year}
   */
  protected abstract Retriever retrieverOver(List<Chunk> chunks);

  /** The chunks every test indexes: four on each of the topics {@code sea}, {@code space} and {@code garden}. */
  public static List<Chunk> corpus() {
    return List.of(
        chunk("sea-1", "sea", 1874, "Lighthouses guide ships past rocky coasts with a beam that sweeps the night sea."),
        chunk("sea-2", "sea", 1900, "Tides rise and fall twice a day as the moon pulls on the sea."),
        chunk("sea-3", "sea", 1970, "Whales sing long songs that travel for miles under the sea."),
        chunk("sea-4", "sea", 1990, "Harbour pilots steer large ships through narrow channels into port."),
        chunk("space-1", "space", 1957, "Rockets burn fuel to lift satellites into orbit around the earth."),
        chunk("space-2", "space", 1969, "The moon has no air, so footprints left by astronauts stay for years."),
        chunk("space-3", "space", 1990, "Telescopes in orbit see distant galaxies without the blur of air."),
        chunk("space-4", "space", 1986, "A comet grows a bright tail of dust and gas as it nears the sun."),
        chunk("garden-1", "garden", 2001, "Roses need sun, rich soil and water at the roots in dry weeks."),
        chunk("garden-2", "garden", 2005, "Tomatoes ripen on the vine in the late summer sun."),
        chunk("garden-3", "garden", 2010, "Compost turns kitchen scraps and leaves into dark, rich soil."),
        chunk("garden-4", "garden", 2015, "Bees carry pollen from flower to flower while they gather nectar."));
  }

  private static Chunk chunk(String id, String topic, long year, String text) {
    return new Chunk(id, "doc-" + id, text, Metadata.of(Map.of("topic", topic, "year", year)), 0, text.length());
  }

  private static Chunk chunkOf(String id) {
    return corpus().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  public void findsEveryChunkFirstByItsOwnText() {
    Retriever retriever = retrieverOver(corpus());
    for (Chunk chunk : corpus()) {
      List<SearchHit> hits = retriever.retrieve(Query.of(chunk.text()).withMaxResults(3));

      assertThat(hits).as("hits for the text of %s", chunk.id()).isNotEmpty();
      assertThat(hits.get(0).id()).as("best hit for the text of %s", chunk.id()).isEqualTo(chunk.id());
      assertThat(hits.get(0).chunk()).isEqualTo(chunk);
    }
  }

  @Test
  public void returnsAtMostMaxResultsBestFirstEachChunkOnce() {
    Retriever retriever = retrieverOver(corpus());
    for (int maxResults : new int[] {1, 2, 5, corpus().size(), 100}) {
      List<SearchHit> hits = retriever.retrieve(Query.of(BROAD_QUERY).withMaxResults(maxResults));

      assertThat(hits).as("hits for maxResults %d", maxResults)
          .isNotEmpty()
          .hasSizeLessThanOrEqualTo(Math.min(maxResults, corpus().size()))
          .doesNotContainNull()
          .isSortedAccordingTo(Comparator.comparingDouble(SearchHit::score).reversed());
      assertThat(hits).extracting(SearchHit::id).as("chunk ids for maxResults %d", maxResults).doesNotHaveDuplicates();
    }
  }

  @Test
  public void everyHitMatchesTheFilterAndTheBestMatchingChunkIsFound() {
    Retriever retriever = retrieverOver(corpus());
    Filter space = Filter.eq("topic", "space");
    Filter recentSea = Filter.and(Filter.eq("topic", "sea"), Filter.gte("year", 1900L));

    List<SearchHit> inSpace = retriever.retrieve(Query.of(chunkOf("space-3").text()).withFilter(space));
    List<SearchHit> recentAtSea = retriever.retrieve(Query.of(BROAD_QUERY).withFilter(recentSea));

    assertThat(inSpace).isNotEmpty().allSatisfy(hit -> assertThat(space.matches(hit.chunk().metadata())).isTrue());
    assertThat(inSpace.get(0).id()).isEqualTo("space-3");
    assertThat(recentAtSea).isNotEmpty()
        .allSatisfy(hit -> assertThat(recentSea.matches(hit.chunk().metadata())).as(hit.id()).isTrue());
  }

  @Test
  public void aChunkOutsideTheFilterIsNotFoundEvenByItsOwnText() {
    Retriever retriever = retrieverOver(corpus());
    Filter garden = Filter.eq("topic", "garden");

    List<SearchHit> hits = retriever.retrieve(Query.of(chunkOf("sea-1").text()).withFilter(garden));

    assertThat(hits).allSatisfy(hit -> assertThat(hit.chunk().metadata().getString("topic")).contains("garden"));
  }

  @Test
  public void aFilterNoChunkMatchesGivesAnEmptyList() {
    Retriever retriever = retrieverOver(corpus());

    List<SearchHit> hits = retriever.retrieve(Query.of(BROAD_QUERY).withFilter(Filter.eq("topic", "jungle")));

    assertThat(hits).isNotNull().isEmpty();
  }

  @Test
  public void anEmptyIndexGivesAnEmptyList() {
    Retriever retriever = retrieverOver(List.of());

    assertThat(retriever.retrieve(Query.of(BROAD_QUERY))).isNotNull().isEmpty();
  }

  @Test
  public void theHitsAreUnmodifiable() {
    Retriever retriever = retrieverOver(corpus());
    List<SearchHit> hits = retriever.retrieve(Query.of(BROAD_QUERY));
    SearchHit first = hits.get(0);

    assertThatThrownBy(() -> hits.add(first)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> hits.set(0, first)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(hits::clear).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  public void askingAgainGivesTheSameHits() {
    Retriever retriever = retrieverOver(corpus());
    Query query = Query.of(BROAD_QUERY).withMaxResults(6);

    assertThat(retriever.retrieve(query)).isEqualTo(retriever.retrieve(query));
  }

  @Test
  public void refusesANullQuery() {
    Retriever retriever = retrieverOver(corpus());

    assertThatThrownBy(() -> retriever.retrieve(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  public void answersConcurrentCallersAlike() throws Exception {
    Retriever retriever = retrieverOver(corpus());
    List<Query> queries = new ArrayList<>();
    for (Chunk chunk : corpus()) {
      queries.add(Query.of(chunk.text()).withMaxResults(4));
    }
    List<List<SearchHit>> expected = queries.stream().map(retriever::retrieve).toList();
    List<Callable<List<List<SearchHit>>>> calls = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      calls.add(() -> queries.stream().map(retriever::retrieve).toList());
    }

    try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
      for (Future<List<List<SearchHit>>> future : pool.invokeAll(calls)) {
        assertThat(future.get()).isEqualTo(expected);
      }
    }
  }
}
