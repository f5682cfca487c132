package dev.quarry.spring.boot;

import dev.quarry.api.retrieval.Retriever;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Quarry's meters ({@link QuarryMetrics}, {@link TimedRetriever}) in the application's Micrometer registry, when it
 * has one (the actuator makes one; so does a {@code MeterRegistry} bean of its own). They show under {@code
 * /actuator/metrics/quarry.*}.
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
public class QuarryMetricsAutoConfiguration {

  /** Hears every ingest and answer. */
  @Bean
  @ConditionalOnMissingBean(QuarryMetrics.class)
  public QuarryMetrics quarryMetrics(MeterRegistry registry) {
    return new QuarryMetrics(registry);
  }

  /** Times the retriever that Quarry's auto-configuration made (an application's own retriever is left as is). */
  @Bean
  public static BeanPostProcessor quarryRetrieverTiming(ObjectProvider<MeterRegistry> registry) {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String name) {
        return bean instanceof Retriever retriever && name.equals("quarryRetriever")
            ? new TimedRetriever(retriever, registry.getObject(), name)
            : bean;
      }
    };
  }
}
