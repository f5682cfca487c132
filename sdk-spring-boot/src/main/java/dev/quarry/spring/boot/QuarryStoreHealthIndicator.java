package dev.quarry.spring.boot;

import dev.quarry.api.store.VectorStore;
import dev.quarry.vectorstore.EmbeddedVectorStore;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The health of the context's {@link VectorStore}, as {@code quarry} under {@code /actuator/health}: up when it
 * answers a count. Details: the store's kind and record count; for the embedded store also its folder, whether it
 * is open and when it last checkpointed; for a server store, whether the server answered (a store that cannot
 * reach its server is down, with the error). Thread-safe.
 */
public final class QuarryStoreHealthIndicator implements HealthIndicator {
  private final VectorStore store;

  QuarryStoreHealthIndicator(VectorStore store) {
    this.store = store;
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
      return health.withDetail("records", store.count()).build();
    } catch (RuntimeException e) {
      return health.down(e).build();
    }
  }
}
