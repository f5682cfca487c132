package dev.quarry.spring.boot;

import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** The condition of {@link ConditionalOnStoreUrl}. */
final class OnStoreUrlCondition extends SpringBootCondition {
  /** The property that holds the URL of {@code server}. */
  static String property(String server) {
    return "quarry.store." + server + ".url";
  }

  /** Whether {@code url} names a server: it holds text. */
  static boolean isSet(Object url) {
    return url != null && !url.toString().isBlank();
  }

  @Override
  public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
    Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnStoreUrl.class.getName());
    String property = property((String) attributes.get("value"));
    return isSet(context.getEnvironment().getProperty(property))
        ? ConditionOutcome.match(property + " is set")
        : ConditionOutcome.noMatch(property + " is not set");
  }
}
