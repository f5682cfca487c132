package dev.quarry.api.memory;

import static java.lang.System.Logger.Level.WARNING;

import dev.quarry.api.chat.AssistantMessage;
import dev.quarry.api.chat.Message;
import dev.quarry.api.chat.SystemMessage;
import dev.quarry.api.chat.ToolCall;
import dev.quarry.api.chat.ToolResultMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * The eviction engine behind both window memories: a pinned system message plus a queue of exchanges, each
 * weighed by a function (1 per message, or its tokens), trimmed oldest first to a limit and saved after
 * every change.
 *
 * <p>An exchange is the unit of eviction: one message, or an assistant message with tool calls followed by
 * the tool results that answer it, so a result never outlives its request and a request never outlives its
 * results. Steps of {@link #add}:
 *
 * <ol>
 *   <li>A system message replaces the pinned one; the oldest exchanges go until it fits, all of them if
 *       need be. A system message heavier than the limit is rejected.
 *   <li>A tool result joins the newest exchange, which must be the assistant message that called it;
 *       otherwise it is rejected. If that exchange then outgrows the window next to the system message, it
 *       is kept anyway (an agent needs the whole exchange) and a warning is logged.
 *   <li>An assistant message that cannot fit next to the system message replaces all exchanges and is kept
 *       alone, over the limit, with a warning: the model's reply is already paid for and an agent run
 *       depends on it. Any other message that cannot fit is rejected. Otherwise the message opens a new
 *       exchange and the oldest exchanges go until the window fits.
 * </ol>
 *
 * <p>Thread-safe: every method is synchronized on this object, and the store is called under that lock. If
 * the store throws, the exception propagates and the change stays in memory; the next successful save
 * writes it.
 */
final class MessageWindow {

  private static final System.Logger LOG = System.getLogger(MessageWindow.class.getName());

  private final String id;
  private final int limit;
  private final String unit;
  private final ToIntFunction<Message> weigher;
  private final ChatMemoryStore store;

  private SystemMessage system;
  private int systemWeight;
  private final Deque<Exchange> exchanges = new ArrayDeque<>();
  private long weight;

  MessageWindow(
      String id, int limit, String unit, ToIntFunction<Message> weigher, ChatMemoryStore store) {
    this.id = id;
    this.limit = limit;
    this.unit = unit;
    this.weigher = weigher;
    this.store = store;
    restore(store.load(id));
  }

  String id() {
    return id;
  }

  synchronized void add(Message message) {
    MemoryChecks.requireNonNull(message, "message");
    int w = weigh(message);
    switch (message) {
      case SystemMessage s -> {
        if (w > limit) {
          throw tooLarge("system message", w, 0);
        }
        setSystem(s, w);
        evict(false);
      }
      case ToolResultMessage r -> {
        Exchange last = exchanges.peekLast();
        if (last == null || !last.answers(r)) {
          throw new IllegalArgumentException(
              "tool result for call \"" + r.toolCallId() + "\" must directly follow the assistant message"
                  + " that requested it; no such call is pending in memory \"" + id + "\"");
        }
        last.append(r, w);
        weight += w;
        evict(true);
        if (weight > limit) {
          LOG.log(WARNING,
              "Chat memory \"{0}\": the newest tool exchange brings it to {1} {2}, over its window of {3};"
                  + " kept whole, as a tool exchange is never split",
              id, weight, unit, limit);
        }
      }
      case AssistantMessage a when w + systemWeight > limit -> {
        // The model's reply is already paid for and an agent run depends on it: keep it alone, over the limit.
        exchanges.clear();
        exchanges.addLast(new Exchange(a, w));
        weight = systemWeight + w;
        LOG.log(WARNING, "Chat memory \"{0}\": an assistant message of {1} {2} does not fit next to the system"
            + " message in the window of {3}; kept alone, over the limit", id, w, unit, limit);
      }
      default -> {
        if (w + systemWeight > limit) {
          throw tooLarge("message", w, systemWeight);
        }
        exchanges.addLast(new Exchange(message, w));
        weight += w;
        evict(true);
      }
    }
    store.save(id, snapshot());
  }

  synchronized List<Message> messages() {
    return snapshot();
  }

  synchronized void clear() {
    system = null;
    systemWeight = 0;
    exchanges.clear();
    weight = 0;
    store.delete(id);
  }

  /**
   * Rebuilds from stored history, trimming it by the rules of {@link #add} (the store may have been written by a
   * wider window): orphan tool results are dropped, the newest tool exchange is kept whole, and the result is
   * saved back when it differs.
   */
  private void restore(List<Message> stored) {
    MemoryChecks.requireNonNull(stored, "history loaded from the store");
    for (Message m : stored) {
      int w = weigh(MemoryChecks.requireNonNull(m, "a message loaded from the store"));
      switch (m) {
        case SystemMessage s -> setSystem(s, w);
        case ToolResultMessage r when exchanges.peekLast() != null && exchanges.peekLast().answers(r) -> {
          exchanges.peekLast().append(r, w);
          weight += w;
        }
        case ToolResultMessage r ->
            LOG.log(WARNING,
                "Chat memory \"{0}\": dropped a stored tool result for call \"{1}\" with no request before it",
                id, r.toolCallId());
        default -> {
          exchanges.addLast(new Exchange(m, w));
          weight += w;
        }
      }
    }
    if (systemWeight > limit) {
      LOG.log(WARNING, "Chat memory \"{0}\": dropped a stored system message of {1} {2}, over the window of {3}",
          id, systemWeight, unit, limit);
      weight -= systemWeight;
      system = null;
      systemWeight = 0;
    }
    evict(true);
    if (weight > limit && exchanges.size() == 1 && exchanges.peekLast().messages.size() == 1
        && !(exchanges.peekLast().messages.get(0) instanceof AssistantMessage)) {
      evict(false); // a lone message this window would have rejected
    } else if (weight > limit) {
      LOG.log(WARNING,
          "Chat memory \"{0}\": the stored newest exchange weighs {1} {2}, over the window of {3}; kept whole",
          id, weight, unit, limit);
    }
    List<Message> kept = snapshot();
    if (!kept.equals(stored)) {
      store.save(id, kept);
    }
  }

  private void setSystem(SystemMessage s, int w) {
    weight += w - systemWeight;
    system = s;
    systemWeight = w;
  }

  /** Drops the oldest exchanges while over the limit; the newest one stays when {@code keepNewest}. */
  private void evict(boolean keepNewest) {
    int floor = keepNewest ? 1 : 0;
    while (weight > limit && exchanges.size() > floor) {
      weight -= exchanges.removeFirst().weight;
    }
  }

  private int weigh(Message m) {
    int w = weigher.applyAsInt(m);
    if (w < 0) {
      throw new IllegalStateException("message weight must not be negative, got " + w);
    }
    return w;
  }

  private IllegalArgumentException tooLarge(String what, int w, int pinned) {
    String beside = pinned == 0 ? "" : " next to the " + pinned + " of the system message";
    return new IllegalArgumentException(
        what + " of " + w + " " + unit + " cannot fit" + beside + " in the window of " + limit + " " + unit
            + " of memory \"" + id + "\"");
  }

  private List<Message> snapshot() {
    List<Message> out = new ArrayList<>();
    if (system != null) {
      out.add(system);
    }
    for (Exchange e : exchanges) {
      out.addAll(e.messages);
    }
    return List.copyOf(out);
  }

  /** One unit of eviction: a message, or an assistant's tool calls with the results that answer them. */
  private static final class Exchange {
    final List<Message> messages = new ArrayList<>(1);
    final List<String> callIds;
    long weight;

    Exchange(Message first, int weight) {
      messages.add(first);
      this.weight = weight;
      callIds = first instanceof AssistantMessage a
          ? a.toolCalls().stream().map(ToolCall::id).toList()
          : List.of();
    }

    boolean answers(ToolResultMessage r) {
      return callIds.contains(r.toolCallId());
    }

    void append(ToolResultMessage r, int w) {
      messages.add(r);
      weight += w;
    }
  }
}
