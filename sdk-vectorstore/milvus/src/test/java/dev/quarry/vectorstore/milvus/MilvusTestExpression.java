package dev.quarry.vectorstore.milvus;

import io.milvus.grpc.DataType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Part of the {@link MilvusTestServer} test double: a parser and evaluator for the subset of Milvus's boolean
 * expression language that the store sends, with Milvus's semantics for it. Anything outside the subset is refused
 * the way a real server refuses an expression it cannot parse (code 1100, "cannot parse expression").
 *
 * <p>The subset: {@code or} / {@code ||}, {@code and} / {@code &&}, {@code not} / {@code !}, parentheses, the
 * comparisons {@code == != < <= > >=}, {@code in} and {@code not in} with a list of literals, {@code
 * array_contains_any(field, [...])}, field names and JSON paths ({@code field["key"]}), string literals with the
 * escapes Milvus's parser undoes, integer and floating literals with a unary minus, {@code true} and {@code false}.
 * Fields are typed by the collection's schema: comparing a scalar field with a literal of another type is a parse
 * error, as on a real server; a JSON path that a row lacks, or that holds a value of another type, makes a
 * comparison false, as on a real server.
 */
final class MilvusTestExpression {
  /** A refused expression. */
  static final class ParseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ParseException(String message) {
      super(message);
    }
  }

  /** A parsed expression: whether a row (field name to value) passes. */
  interface Predicate {
    boolean test(Map<String, Object> row);
  }

  /** The value of a JSON field in a row: its raw bytes and the parsed value (maps, lists, numbers, strings). */
  record Json(byte[] raw, Object value) {}

  private static final Object MISSING = new Object();

  private final String text;
  private final Function<String, FieldType> fields;
  private final List<String> tokens = new ArrayList<>();
  private final List<Object> literals = new ArrayList<>();
  private int at;

  /** A field's type, as the parser needs it. */
  record FieldType(DataType type, DataType elementType) {}

  private MilvusTestExpression(String text, Function<String, FieldType> fields) {
    this.text = text;
    this.fields = fields;
  }

  /**
   * Parses {@code expression} against the fields {@code fields} knows (null for an unknown field).
   *
   * @throws ParseException if it is not in the subset, names an unknown field, or compares mismatched types
   */
  static Predicate parse(String expression, Function<String, FieldType> fields) {
    if (expression == null || expression.isBlank()) {
      return row -> true;
    }
    MilvusTestExpression parser = new MilvusTestExpression(expression, fields);
    parser.tokenize();
    Node node = parser.or();
    if (parser.at < parser.tokens.size()) {
      throw parser.error("unexpected '" + parser.tokens.get(parser.at) + "'");
    }
    if (!(node instanceof Condition condition)) {
      throw parser.error("the expression is not a boolean one");
    }
    return condition::test;
  }

  // ---- syntax tree

  private sealed interface Node permits Condition, Operand {}

  private non-sealed interface Condition extends Node {
    boolean test(Map<String, Object> row);
  }

  private sealed interface Operand extends Node permits FieldRef, Literal, ListLiteral {}

  private record FieldRef(String field, FieldType type, List<String> path) implements Operand {
    Object value(Map<String, Object> row) {
      Object value = row.get(field);
      if (path.isEmpty()) {
        return value == null ? MISSING : value;
      }
      Object current = value instanceof Json json ? json.value() : MISSING;
      for (String key : path) {
        if (current instanceof Map<?, ?> map && map.containsKey(key)) {
          current = map.get(key);
        } else if (current instanceof List<?> list && key.matches("[0-9]+") && Integer.parseInt(key) < list.size()) {
          current = list.get(Integer.parseInt(key));
        } else {
          return MISSING;
        }
      }
      return current == null ? MISSING : current;
    }

    boolean isJson() {
      return type.type() == DataType.JSON;
    }
  }

  private record Literal(Object value) implements Operand {}

  private record ListLiteral(List<Object> values) implements Operand {}

  // ---- parser

  private Node or() {
    Node left = and();
    while (accept("or") || accept("OR") || accept("||")) {
      Condition l = condition(left);
      Condition r = condition(and());
      left = (Condition) row -> l.test(row) || r.test(row);
    }
    return left;
  }

  private Node and() {
    Node left = unary();
    while (accept("and") || accept("AND") || accept("&&")) {
      Condition l = condition(left);
      Condition r = condition(unary());
      left = (Condition) row -> l.test(row) && r.test(row);
    }
    return left;
  }

  private Node unary() {
    if (accept("not") || accept("NOT") || accept("!")) {
      Condition operand = condition(unary());
      return (Condition) row -> !operand.test(row);
    }
    return comparison();
  }

  private Node comparison() {
    Node left = primary();
    String op = peek();
    if (op != null && List.of("==", "!=", "<", "<=", ">", ">=").contains(op)) {
      at++;
      Node right = primary();
      return compare(left, op, right);
    }
    boolean negated = false;
    if ("not".equals(op) || "NOT".equals(op)) {
      if (at + 1 < tokens.size() && ("in".equals(tokens.get(at + 1)) || "IN".equals(tokens.get(at + 1)))) {
        at++;
        negated = true;
        op = peek();
      }
    }
    if ("in".equals(op) || "IN".equals(op)) {
      at++;
      Node right = primary();
      if (!(left instanceof FieldRef field) || !(right instanceof ListLiteral list)) {
        throw error("'in' needs a field on the left and a list of literals on the right");
      }
      for (Object value : list.values()) {
        checkComparable(field, value);
      }
      boolean not = negated;
      return (Condition) row -> {
        Object value = field.value(row);
        boolean in = false;
        for (Object candidate : list.values()) {
          Integer c = compare(value, candidate);
          if (c != null && c == 0) {
            in = true;
            break;
          }
        }
        return value != MISSING && (not != in);
      };
    }
    return left;
  }

  private Node primary() {
    String token = next();
    if (token.equals("(")) {
      Node inner = or();
      expect(")");
      return inner;
    }
    if (token.equals("array_contains_any") || token.equals("ARRAY_CONTAINS_ANY")) {
      expect("(");
      Node target = primary();
      expect(",");
      Node list = primary();
      expect(")");
      if (!(target instanceof FieldRef field) || !(list instanceof ListLiteral values)) {
        throw error("array_contains_any needs a field and a list of literals");
      }
      if (field.type().type() != DataType.Array && !field.isJson()) {
        throw error("array_contains_any needs an array or JSON field, '" + field.field() + "' is "
            + field.type().type());
      }
      java.util.Set<Object> strings = new java.util.HashSet<>();
      List<Object> others = new ArrayList<>();
      values.values().forEach(v -> (v instanceof String ? strings : others).add(v));
      return (Condition) row -> {
        Object value = field.value(row);
        if (!(value instanceof List<?> elements)) {
          return false;
        }
        for (Object element : elements) {
          if (element instanceof String && strings.contains(element)) {
            return true;
          }
          for (Object candidate : others) {
            Integer c = compare(element, candidate);
            if (c != null && c == 0) {
              return true;
            }
          }
        }
        return false;
      };
    }
    if (token.equals("[")) {
      List<Object> values = new ArrayList<>();
      if (!accept("]")) {
        do {
          Node element = primary();
          if (!(element instanceof Literal literal)) {
            throw error("a list holds literals only");
          }
          values.add(literal.value());
        } while (accept(","));
        expect("]");
      }
      return new ListLiteral(values);
    }
    if (token.equals("-")) {
      Node operand = primary();
      if (operand instanceof Literal literal && literal.value() instanceof Number n) {
        return new Literal(n instanceof Long l ? (Object) (-l) : (Object) (-n.doubleValue()));
      }
      throw error("'-' applies to a number only");
    }
    if (token.startsWith("\u0000str:")) {
      return new Literal(literals.get(Integer.parseInt(token.substring(5))));
    }
    if (token.startsWith("\u0000num:")) {
      return new Literal(literals.get(Integer.parseInt(token.substring(5))));
    }
    if (token.equals("true") || token.equals("True") || token.equals("TRUE")) {
      return new Literal(Boolean.TRUE);
    }
    if (token.equals("false") || token.equals("False") || token.equals("FALSE")) {
      return new Literal(Boolean.FALSE);
    }
    if (token.matches("[A-Za-z_][A-Za-z0-9_]*") && !isKeyword(token)) {
      FieldType type = fields.apply(token);
      if (type == null) {
        throw error("field " + token + " not exist");
      }
      List<String> path = new ArrayList<>();
      while (accept("[")) {
        String key = next();
        if (!key.startsWith("\u0000str:") && !key.startsWith("\u0000num:")) {
          throw error("a JSON path key must be a string or an integer");
        }
        path.add(String.valueOf(literals.get(Integer.parseInt(key.substring(5)))));
        expect("]");
      }
      if (!path.isEmpty() && type.type() != DataType.JSON) {
        throw error("field " + token + " is " + type.type() + ", not JSON: it has no keys");
      }
      return new FieldRef(token, type, path);
    }
    throw error("unexpected '" + shown(token) + "'");
  }

  private Condition compare(Node left, String op, Node right) {
    if (!(left instanceof FieldRef field) || !(right instanceof Literal literal)) {
      throw error("a comparison needs a field on the left and a literal on the right");
    }
    checkComparable(field, literal.value());
    Object bound = literal.value();
    return row -> {
      Object value = field.value(row);
      Integer c = compare(value, bound);
      if (c == null) {
        return false;
      }
      return switch (op) {
        case "==" -> c == 0;
        case "!=" -> c != 0;
        case "<" -> c < 0;
        case "<=" -> c <= 0;
        case ">" -> c > 0;
        default -> c >= 0;
      };
    };
  }

  private void checkComparable(FieldRef field, Object literal) {
    if (field.isJson()) {
      return;
    }
    DataType type = field.type().type();
    boolean ok = switch (type) {
      case VarChar, String -> literal instanceof String;
      case Int8, Int16, Int32, Int64, Float, Double -> literal instanceof Number;
      case Bool -> literal instanceof Boolean;
      default -> false;
    };
    if (!ok) {
      throw error("comparisons between " + type + " (field " + field.field() + ") and "
          + (literal instanceof String ? "VarChar" : literal instanceof Boolean ? "Bool" : "a number")
          + " are not supported");
    }
  }

  /** How two values order, or null if they do not compare (a missing value, another type). */
  private static Integer compare(Object value, Object literal) {
    if (value == MISSING || value == null) {
      return null;
    }
    if (value instanceof Number a && literal instanceof Number b) {
      if (a instanceof Long x && b instanceof Long y) {
        return Long.compare(x, y);
      }
      double x = a.doubleValue();
      double y = b.doubleValue();
      return x < y ? -1 : x > y ? 1 : 0;
    }
    if (value instanceof String a && literal instanceof String b) {
      return a.equals(b) ? 0 : utf8Compare(a, b);
    }
    if (value instanceof Boolean a && literal instanceof Boolean b) {
      return Boolean.compare(a, b);
    }
    return null;
  }

  /** Go's string order: by bytes of UTF-8. */
  static int utf8Compare(String a, String b) {
    return java.util.Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  private Condition condition(Node node) {
    if (node instanceof Condition condition) {
      return condition;
    }
    throw error("'and', 'or' and 'not' need boolean operands");
  }

  // ---- tokens

  private void tokenize() {
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        i++;
      } else if (c == '"' || c == '\'') {
        i = string(i, c);
      } else if (Character.isDigit(c) || (c == '.' && i + 1 < text.length() && Character.isDigit(text.charAt(i + 1)))) {
        i = number(i);
      } else if (Character.isLetter(c) || c == '_') {
        int start = i;
        while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
          i++;
        }
        tokens.add(text.substring(start, i));
      } else {
        String two = i + 1 < text.length() ? text.substring(i, i + 2) : "";
        if (List.of("==", "!=", "<=", ">=", "&&", "||").contains(two)) {
          tokens.add(two);
          i += 2;
        } else if ("()[],<>!-".indexOf(c) >= 0) {
          tokens.add(String.valueOf(c));
          i++;
        } else {
          throw error("unexpected character '" + shown(String.valueOf(c)) + "'");
        }
      }
    }
  }

  private int string(int start, char quote) {
    StringBuilder value = new StringBuilder();
    int i = start + 1;
    while (true) {
      if (i >= text.length()) {
        throw error("unterminated string");
      }
      char c = text.charAt(i);
      if (c == quote) {
        break;
      }
      if (c == '\n' || c == '\r') {
        throw error("a raw line break in a string");
      }
      if (c != '\\') {
        value.append(c);
        i++;
        continue;
      }
      if (i + 1 >= text.length()) {
        throw error("unterminated escape");
      }
      char e = text.charAt(i + 1);
      i += 2;
      switch (e) {
        case 'n' -> value.append('\n');
        case 'r' -> value.append('\r');
        case 't' -> value.append('\t');
        case 'a' -> value.append('\u0007');
        case 'b' -> value.append('\b');
        case 'f' -> value.append('\f');
        case 'v' -> value.append('\u000b');
        case '\\' -> value.append('\\');
        case '"' -> value.append('"');
        case '\'' -> value.append('\'');
        case 'u', 'U' -> {
          int digits = e == 'u' ? 4 : 8;
          if (i + digits > text.length() || !text.substring(i, i + digits).matches("[0-9a-fA-F]+")) {
            throw error("invalid syntax: \\" + e + " needs " + digits + " hex digits");
          }
          int code = Integer.parseUnsignedInt(text.substring(i, i + digits), 16);
          if (code > Character.MAX_CODE_POINT || (code >= 0xD800 && code <= 0xDFFF)) {
            throw error("invalid syntax: \\" + e + text.substring(i, i + digits) + " is not a valid code point");
          }
          value.appendCodePoint(code);
          i += digits;
        }
        default -> throw error("invalid syntax: unknown escape \\" + e);
      }
    }
    literals.add(value.toString());
    tokens.add("\u0000str:" + (literals.size() - 1));
    return i + 1;
  }

  private int number(int start) {
    int i = start;
    while (i < text.length() && Character.isDigit(text.charAt(i))) {
      i++;
    }
    boolean floating = false;
    if (i < text.length() && text.charAt(i) == '.') {
      floating = true;
      i++;
      while (i < text.length() && Character.isDigit(text.charAt(i))) {
        i++;
      }
    }
    if (i < text.length() && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
      floating = true;
      i++;
      if (i < text.length() && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
        i++;
      }
      int digits = i;
      while (i < text.length() && Character.isDigit(text.charAt(i))) {
        i++;
      }
      if (digits == i) {
        throw error("an exponent without digits");
      }
    }
    String number = text.substring(start, i);
    try {
      literals.add(floating ? (Object) Double.parseDouble(number) : (Object) Long.parseLong(number));
    } catch (NumberFormatException e) {
      throw error("not a number: " + number);
    }
    tokens.add("\u0000num:" + (literals.size() - 1));
    return i;
  }

  private static boolean isKeyword(String token) {
    return List.of("and", "AND", "or", "OR", "not", "NOT", "in", "IN").contains(token);
  }

  private String peek() {
    return at < tokens.size() ? tokens.get(at) : null;
  }

  private String next() {
    if (at >= tokens.size()) {
      throw error("unexpected end of expression");
    }
    return tokens.get(at++);
  }

  private boolean accept(String token) {
    if (token.equals(peek())) {
      at++;
      return true;
    }
    return false;
  }

  private void expect(String token) {
    if (!accept(token)) {
      throw error("expected '" + token + "'" + (peek() == null ? " at the end" : ", found '" + shown(peek()) + "'"));
    }
  }

  private String shown(String token) {
    if (token.startsWith("\u0000")) {
      Object literal = literals.get(Integer.parseInt(token.substring(5)));
      return literal instanceof String s ? '"' + s + '"' : String.valueOf(literal);
    }
    return token;
  }

  private ParseException error(String detail) {
    return new ParseException("cannot parse expression: " + text + ", error: " + detail);
  }
}
