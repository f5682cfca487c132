package dev.quarry.agents.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * One output column of a checked query level: its name (null when the database would make one up) and how
 * large its values can be. A {@code wildcard} stands for the unknown columns a {@code *} brings from a
 * table. Immutable.
 */
record Output(String name, Width width, boolean wildcard) {

  static Output named(String name, Width width) {
    return new Output(name, width, false);
  }

  static Output wildcard(Width width) {
    return new Output(null, width, true);
  }

  /** The widest of the outputs; {@link Width#NONE} when there are none. */
  static Width widest(List<Output> outputs) {
    Width widest = Width.NONE;
    for (Output output : outputs) {
      widest = widest.max(output.width());
    }
    return widest;
  }

  /**
   * The outputs of a set operation: position by position, the widest of the branches; when the branches'
   * shapes cannot be lined up (a wildcard, different lengths), one wildcard as wide as all of them.
   */
  static List<Output> union(List<List<Output>> branches) {
    List<Output> first = branches.get(0);
    boolean aligned = branches.stream().allMatch(b -> b.size() == first.size()
        && b.stream().noneMatch(Output::wildcard));
    if (!aligned) {
      Width widest = Width.NONE;
      for (List<Output> branch : branches) {
        widest = widest.max(widest(branch));
      }
      return List.of(wildcard(widest));
    }
    List<Output> result = new ArrayList<>(first.size());
    for (int i = 0; i < first.size(); i++) {
      Width width = Width.NONE;
      for (List<Output> branch : branches) {
        width = width.max(branch.get(i).width());
      }
      result.add(named(first.get(i).name(), width));
    }
    return result;
  }
}
