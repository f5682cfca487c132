package dev.quarry.spring.boot;

import dev.quarry.api.store.VectorStore;
import dev.quarry.vectorstore.EmbeddedVectorStore;
import java.time.InstantSource;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The health of the context's {@link VectorStore}, as {@code quarry} under {@code /actuator/health}: up when it
 * answers a count. Details: the store's kind and record count; for the embedded store also its folder, whether it
 * is open and when it last checkpointed. A store that cannot answer (a server out of reach) is down with the
 * exception's type only: its message, which may name hosts, users or server internals, goes to the log at debug
 * level, not to whoever may read the health endpoint. The count is asked at most every {@link #COUNT_EVERY}, so
 * that probing the endpoint cannot make a database count its rows over and over. Thread-safe.
 */
public final class QuarryStoreHealthIndicator implements HealthIndicator {
  /** How long a record count is reused. */
  public static final Duration COUNT_EVERY = Duration.ofSeconds(10);
  private static final Logger LOG = LoggerFactory.getLogger(QuarryStoreHealthIndicator.class);

  private final VectorStore store;
  private final InstantSource clock;
  private volatile Counted last;

  private record Counted(long records, Instant at) {}

  QuarryStoreHealthIndicator(VectorStore store, InstantSource clock) {
    this.store = store;
    this.clock = clock;
  }

  @Override
  public Health health() {
    Health.Builder health = Health.up().withDetail("store", store.getClass().getSimpleName());
    if (store instanceof EmbeddedVectorStore embedded) {
      health.withDetail("folder", embedded.folder().map(Object::toString).orElse("(in memory)"))
          .withDetail("open", embedded.isOpen());
      embedded.lastCheckpoint().ifPresent(at -> health.withDetail("lastCheckpoint", at.toString()));
      if (!embedded.isOpen()) {
        return health.down().build();
      }
    }
    try {
      return health.withDetail("records", records()).build();
    } catch (RuntimeException e) {
      LOG.debug("The vector store did not answer its health check", e);
      return health.down().withDetail("error", e.getClass().getSimpleName()).build();
    }
  }

  private long records() {
    Counted counted = last;
    Instant now = clock.instant();
    if (counted == null || !now.isBefore(counted.at().plus(COUNT_EVERY))) {
      counted = new Counted(store.count(), now);
      last = counted;
    }
    return counted.records();
  }
}
