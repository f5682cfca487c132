package dev.quarry.examples.cli;

import java.util.Optional;

/**
 * Where the CLI reads its environment variables: the process environment, or in tests a map handed in through
 * {@link QuarryCli#commandLine(Environment)}, so no test touches the real environment.
 */
@FunctionalInterface
interface Environment {
  /** The process environment. */
  Environment SYSTEM = name -> Optional.ofNullable(System.getenv(name));

  /** The value of the variable {@code name}, if it is set. */
  Optional<String> get(String name);

  /** The value of {@code name}, if it is set to something other than blanks; surrounding blanks removed. */
  default Optional<String> nonBlank(String name) {
    return get(name).map(String::strip).filter(value -> !value.isEmpty());
  }
}
