package dev.quarry.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationView;
import java.util.Optional;

/**
 * The context of an observation that sums what the priced model calls under it cost: a {@code Rag} answer, an
 * agent run. An {@link ObservedChatModel} with a {@link PriceTable} adds each call's cost to the nearest one among
 * its parent observations.
 *
 * <p>Thread-safe: calls made in parallel add concurrently.
 */
public final class CostingContext extends Observation.Context {
  private Cost cost;

  /** A context with nothing spent yet. */
  public CostingContext() {}

  /** What the model calls under this observation cost so far; empty when none was priced. */
  public synchronized Optional<Cost> cost() {
    return Optional.ofNullable(cost);
  }

  /** Adds {@code spent}; a cost in another currency than the first one added is not summed (one table per app). */
  synchronized void add(Cost spent) {
    if (cost == null) {
      cost = spent;
    } else if (cost.currency().equals(spent.currency())) {
      cost = cost.plus(spent);
    }
  }

  /** Adds {@code spent} to the nearest costing context above {@code context}, if there is one. */
  static void addToNearest(Observation.ContextView context, Cost spent) {
    for (ObservationView parent = context.getParentObservation(); parent != null;
        parent = parent.getContextView().getParentObservation()) {
      if (parent.getContextView() instanceof CostingContext costing) {
        costing.add(spent);
        return;
      }
    }
  }
}
