package dev.quarry.agents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.api.chat.ChatRequest;
import dev.quarry.api.chat.Message;
import dev.quarry.api.chat.SystemMessage;
import dev.quarry.api.chat.ToolResultMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test helper: what an agent sent its model, with the tool-result fences and the rule that explains them taken off
 * after checking that they are there, so that a test can compare the conversation itself.
 */
final class Fenced {
  static final Pattern FENCE = Pattern.compile("<tool-result-([0-9a-f]{8})>\n(.*?)\n</tool-result-\\1>",
      Pattern.DOTALL);

  private Fenced() {}

  /** The text inside one fence, which must be all of {@code content}. */
  static String open(String content) {
    Matcher matcher = FENCE.matcher(content);
    assertThat(matcher.matches()).as("a fenced tool result: %s", content).isTrue();
    return matcher.group(2);
  }

  /** {@code result} as the tool returned it. */
  static ToolResultMessage open(ToolResultMessage result) {
    return new ToolResultMessage(result.toolCallId(), result.toolName(), open(result.content()), result.error());
  }

  /** {@code text} with every fence replaced by the text inside it. */
  static String withoutFences(String text) {
    return FENCE.matcher(text).replaceAll(match -> Matcher.quoteReplacement(match.group(2)));
  }

  /**
   * The messages of {@code request} as the conversation holds them: the rule off the system message (a system
   * message that is only the rule dropped), tool results opened. Fails if the rule is not in the first message.
   */
  static List<Message> conversation(ChatRequest request) {
    List<Message> sent = request.messages();
    assertThat(sent.get(0)).isInstanceOfSatisfying(SystemMessage.class,
        system -> assertThat(system.text()).endsWith(ToolResultFence.RULE));
    List<Message> messages = new ArrayList<>();
    String system = ((SystemMessage) sent.get(0)).text();
    if (!system.equals(ToolResultFence.RULE)) {
      messages.add(new SystemMessage(system.substring(0, system.length() - ToolResultFence.RULE.length() - 2)));
    }
    for (Message message : sent.subList(1, sent.size())) {
      messages.add(message instanceof ToolResultMessage result ? open(result) : message);
    }
    return messages;
  }

  /** The tool results of {@code request}, opened. */
  static List<ToolResultMessage> results(ChatRequest request) {
    return conversation(request).stream().filter(ToolResultMessage.class::isInstance)
        .map(ToolResultMessage.class::cast).toList();
  }
}
