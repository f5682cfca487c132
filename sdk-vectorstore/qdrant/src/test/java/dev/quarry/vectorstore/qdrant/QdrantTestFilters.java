package dev.quarry.vectorstore.qdrant;

import io.grpc.Status;
import io.qdrant.client.grpc.Common;
import io.qdrant.client.grpc.JsonWithInt.Value;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Part of the {@link QdrantTestServer} test double: Qdrant's filter semantics over a point's payload, for the
 * conditions the double implements. A filter holds when every {@code must} condition holds, at least one {@code
 * should} condition holds (if there are any) and no {@code must_not} condition holds; a field condition on a key the
 * payload lacks does not hold; on a list it holds if any element satisfies it.
 */
final class QdrantTestFilters {
  private QdrantTestFilters() {}

  static boolean matches(Common.Filter filter, Map<String, Value> payload) {
    if (filter.hasMinShould()) {
      throw unsupported("min_should");
    }
    return filter.getMustList().stream().allMatch(c -> holds(c, payload))
        && (filter.getShouldCount() == 0 || filter.getShouldList().stream().anyMatch(c -> holds(c, payload)))
        && filter.getMustNotList().stream().noneMatch(c -> holds(c, payload));
  }

  private static boolean holds(Common.Condition condition, Map<String, Value> payload) {
    return switch (condition.getConditionOneOfCase()) {
      case FILTER -> matches(condition.getFilter(), payload);
      case FIELD -> field(condition.getField(), payload);
      default -> throw unsupported(condition.getConditionOneOfCase().toString());
    };
  }

  private static boolean field(Common.FieldCondition field, Map<String, Value> payload) {
    if (field.getKey().contains(".") || field.getKey().contains("[")) {
      throw unsupported("nested key paths");
    }
    Value value = payload.get(field.getKey());
    if (value == null) {
      return false;
    }
    Predicate<Value> test;
    if (field.hasMatch()) {
      Common.Match match = field.getMatch();
      test = switch (match.getMatchValueCase()) {
        case KEYWORD -> v -> v.hasStringValue() && v.getStringValue().equals(match.getKeyword());
        case KEYWORDS -> v -> v.hasStringValue() && match.getKeywords().getStringsList().contains(v.getStringValue());
        case INTEGER -> v -> v.hasIntegerValue() && v.getIntegerValue() == match.getInteger();
        case BOOLEAN -> v -> v.hasBoolValue() && v.getBoolValue() == match.getBoolean();
        default -> throw unsupported("match " + match.getMatchValueCase());
      };
    } else if (field.hasRange()) {
      Common.Range r = field.getRange();
      test = v -> {
        if (!v.hasIntegerValue() && !v.hasDoubleValue()) {
          return false;
        }
        double x = v.hasIntegerValue() ? v.getIntegerValue() : v.getDoubleValue();
        return (!r.hasGt() || x > r.getGt()) && (!r.hasGte() || x >= r.getGte())
            && (!r.hasLt() || x < r.getLt()) && (!r.hasLte() || x <= r.getLte());
      };
    } else {
      throw unsupported("field conditions other than match and range");
    }
    if (value.hasListValue()) {
      List<Value> elements = value.getListValue().getValuesList();
      return elements.stream().anyMatch(test);
    }
    return test.test(value);
  }

  private static RuntimeException unsupported(String what) {
    return Status.UNIMPLEMENTED.withDescription("the Qdrant test double does not implement " + what)
        .asRuntimeException();
  }
}
