package dev.quarry.resilience;

import dev.quarry.api.chat.ChatModel;
import dev.quarry.api.chat.ChatRequest;
import dev.quarry.api.chat.ChatResponse;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A <b>test double</b>: a chat model whose first {@code hangs} calls hang until {@link #release()}, like a provider
 * that stopped answering, then answers "call N". It either stops at an interrupt (a well-behaved client) or ignores
 * interrupts and keeps hanging (a badly behaved one); it counts the interrupts it saw. Tests call {@link #release()}
 * when done so that no thread outlives them. Thread-safe.
 */
final class HangingChatModel implements ChatModel {
  private final int hangs;
  private final boolean ignoresInterrupts;
  private final CountDownLatch released = new CountDownLatch(1);
  private final AtomicInteger calls = new AtomicInteger();
  private final AtomicInteger interrupts = new AtomicInteger();

  private HangingChatModel(int hangs, boolean ignoresInterrupts) {
    this.hangs = hangs;
    this.ignoresInterrupts = ignoresInterrupts;
  }

  /** Hangs its first {@code hangs} calls, stopping at an interrupt. */
  static HangingChatModel hanging(int hangs) {
    return new HangingChatModel(hangs, false);
  }

  /** Hangs its first {@code hangs} calls, ignoring interrupts. */
  static HangingChatModel ignoringInterrupts(int hangs) {
    return new HangingChatModel(hangs, true);
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    int call = calls.incrementAndGet();
    if (call <= hangs) {
      hang();
    }
    return FlakyChatModel.reply("call " + call);
  }

  private void hang() {
    while (true) {
      try {
        released.await();
        return;
      } catch (InterruptedException e) {
        interrupts.incrementAndGet();
        if (!ignoresInterrupts) {
          throw new IllegalStateException("interrupted", e);
        }
      }
    }
  }

  /** Lets every hanging call return. */
  void release() {
    released.countDown();
  }

  int calls() {
    return calls.get();
  }

  int interrupts() {
    return interrupts.get();
  }
}
