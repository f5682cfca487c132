package dev.quarry.spring.boot;

import dev.quarry.api.store.VectorStore;
import java.time.InstantSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * {@link QuarryStoreHealthIndicator} as the {@code quarry} health contributor, when Spring Boot's health support is
 * on the class path (the actuator brings it) and {@code management.health.quarry.enabled} is not false.
 */
@AutoConfiguration(after = {QuarryAutoConfiguration.class, QuarryStoreAutoConfiguration.class})
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnEnabledHealthIndicator("quarry")
public class QuarryHealthAutoConfiguration {

  /** The store's health. */
  @Bean(name = "quarryHealthIndicator")
  @ConditionalOnBean(VectorStore.class)
  @ConditionalOnMissingBean(name = "quarryHealthIndicator")
  public QuarryStoreHealthIndicator quarryHealthIndicator(VectorStore store) {
    return new QuarryStoreHealthIndicator(store, InstantSource.system());
  }
}
