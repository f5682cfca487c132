package dev.quarry.rag.pipeline;

import dev.quarry.api.chat.ChatModel;
import dev.quarry.api.chat.ChatRequest;
import dev.quarry.api.chat.ChatResponse;
import dev.quarry.api.chat.FinishReason;
import dev.quarry.api.chat.Message;
import dev.quarry.api.chat.SystemMessage;
import dev.quarry.api.chat.UserMessage;
import dev.quarry.rag.budget.PackedContext;
import dev.quarry.rag.budget.PromptParts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers with a chat model: one call with the answer prompt, or, in two-stage mode, a call that extracts the
 * key facts from the passages and a second that answers from those facts alone. The facts keep the passages'
 * {@code [n]} numbers, so the final answer cites the same passages. The earlier turns of a conversation go between
 * the prompt's system message and its user message of the answering call.
 *
 * <p>Immutable; thread-safe if the chat model is.
 */
final class ChatAnswerer implements Answerer {
  private static final Logger LOG = LoggerFactory.getLogger(ChatAnswerer.class);

  private final ChatModel model;
  private final PromptChoice answerPrompts;
  private final PromptTemplate answerPrompt;
  private final Optional<PromptTemplate> factsPrompt;
  private final int maxOutputTokens;

  /**
   * {@code factsPrompt} present means two-stage mode, with the answer prompt answering from the facts; until
   * {@link #chosen}, the answer prompt is the split's first template.
   */
  ChatAnswerer(
      ChatModel model, PromptChoice answerPrompts, Optional<PromptTemplate> factsPrompt, int maxOutputTokens) {
    this(model, answerPrompts, answerPrompts.templates().get(0), factsPrompt, maxOutputTokens);
  }

  private ChatAnswerer(ChatModel model, PromptChoice answerPrompts, PromptTemplate answerPrompt,
      Optional<PromptTemplate> factsPrompt, int maxOutputTokens) {
    this.model = model;
    this.answerPrompts = answerPrompts;
    this.answerPrompt = answerPrompt;
    this.factsPrompt = factsPrompt;
    this.maxOutputTokens = maxOutputTokens;
  }

  @Override
  public Answerer chosen(String key) {
    PromptTemplate picked = answerPrompts.pick(key);
    return picked == answerPrompt ? this
        : new ChatAnswerer(model, answerPrompts, picked, factsPrompt, maxOutputTokens);
  }

  @Override
  public boolean readsHistory() {
    return true; // the history goes between the system prompt and the question
  }

  @Override
  public PromptParts parts(String question) {
    PromptTemplate first = factsPrompt.orElse(answerPrompt);
    RenderedPrompt frame = first.render(Map.of(Rag.CONTEXT, "", Rag.QUESTION, question));
    // The question is inside the template text; counting it there counts it exactly as often as it appears.
    return PromptParts.of("").withSystemPrompt(frame.system()).withTemplateText(frame.user());
  }

  @Override
  public Draft answer(String question, PackedContext context, List<Message> history) {
    if (factsPrompt.isEmpty()) {
      ChatResponse response =
          call(answerPrompt, Map.of(Rag.CONTEXT, context.text(), Rag.QUESTION, question), history);
      String text = response.message().text();
      return new Draft(
          text, AnswerKind.GENERATED, Optional.empty(), Optional.empty(), List.of(answerPrompt.id()),
          response.usage(), response.metadata());
    }
    PromptTemplate extract = factsPrompt.get();
    ChatResponse facts = call(extract, Map.of(Rag.CONTEXT, context.text(), Rag.QUESTION, question), List.of());
    String factsText = facts.message().text();
    ChatResponse response = call(answerPrompt, Map.of(Rag.FACTS, factsText, Rag.QUESTION, question), history);
    String text = response.message().text();
    return new Draft(
        text, AnswerKind.GENERATED, Optional.empty(), Optional.of(factsText),
        List.of(extract.id(), answerPrompt.id()), facts.usage().plus(response.usage()),
        merged(facts.metadata(), response.metadata()));
  }

  private static Map<String, String> merged(Map<String, String> first, Map<String, String> second) {
    Map<String, String> merged = new LinkedHashMap<>(first);
    merged.putAll(second);
    return merged;
  }

  /** One call: the rendered prompt's system message, then the conversation so far, then its user message. */
  private ChatResponse call(PromptTemplate template, Map<String, String> values, List<Message> history) {
    RenderedPrompt rendered = template.render(values);
    List<Message> messages = new ArrayList<>();
    if (!rendered.system().isBlank()) {
      messages.add(new SystemMessage(rendered.system()));
    }
    messages.addAll(history);
    messages.add(new UserMessage(rendered.user()));
    ChatRequest.Builder request = ChatRequest.builder(messages);
    if (maxOutputTokens > 0) {
      request.maxOutputTokens(maxOutputTokens);
    }
    ChatResponse response = model.chat(request.build());
    if (response == null) {
      throw new IllegalStateException("the chat model returned null for prompt " + template.id());
    }
    if (response.finishReason() == FinishReason.LENGTH) {
      LOG.warn("the answer to prompt {} was cut at the output limit of {} tokens", template.id(), maxOutputTokens);
    }
    return response;
  }
}
