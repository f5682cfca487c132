package dev.quarry.spring.boot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Conditional;

/**
 * Matches when {@code quarry.store.<value>.url} holds text: unset and blank (as {@code ${PG_URL:}} gives when the
 * variable is unset) both mean "not this server", so the embedded store is used.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Documented
@Conditional(OnStoreUrlCondition.class)
@interface ConditionalOnStoreUrl {
  /** The server's name in the property: {@code pgvector}, {@code chroma}, {@code qdrant} or {@code milvus}. */
  String value();
}
