package dev.quarry.rag.pipeline;

import dev.quarry.api.chat.ChatModel;
import dev.quarry.api.chat.ChatRequest;
import dev.quarry.api.chat.ChatResponse;
import dev.quarry.api.chat.FinishReason;
import dev.quarry.rag.budget.PackedContext;
import dev.quarry.rag.budget.PromptParts;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers with a chat model: one call with the answer prompt, or, in two-stage mode, a call that extracts the
 * key facts from the passages and a second that answers from those facts alone. The facts keep the passages'
 * {@code [n]} numbers, so the final answer cites the same passages.
 *
 * <p>Immutable; thread-safe if the chat model is.
 */
final class ChatAnswerer implements Answerer {
  private static final Logger LOG = LoggerFactory.getLogger(ChatAnswerer.class);

  private final ChatModel model;
  private final PromptTemplate answerPrompt;
  private final Optional<PromptTemplate> factsPrompt;
  private final int maxOutputTokens;

  /** {@code factsPrompt} present means two-stage mode, with {@code answerPrompt} answering from the facts. */
  ChatAnswerer(
      ChatModel model, PromptTemplate answerPrompt, Optional<PromptTemplate> factsPrompt, int maxOutputTokens) {
    this.model = model;
    this.answerPrompt = answerPrompt;
    this.factsPrompt = factsPrompt;
    this.maxOutputTokens = maxOutputTokens;
  }

  @Override
  public PromptParts parts(String question) {
    PromptTemplate first = factsPrompt.orElse(answerPrompt);
    RenderedPrompt frame = first.render(Map.of(Rag.CONTEXT, "", Rag.QUESTION, question));
    // The question is inside the template text; counting it there counts it exactly as often as it appears.
    return PromptParts.of("").withSystemPrompt(frame.system()).withTemplateText(frame.user());
  }

  @Override
  public Draft answer(String question, PackedContext context) {
    if (factsPrompt.isEmpty()) {
      ChatResponse response = call(answerPrompt, Map.of(Rag.CONTEXT, context.text(), Rag.QUESTION, question));
      String text = response.message().text();
      return new Draft(
          text, AnswerKind.GENERATED, CitationParser.numbers(text), Optional.empty(), List.of(answerPrompt.id()),
          response.usage());
    }
    PromptTemplate extract = factsPrompt.get();
    ChatResponse facts = call(extract, Map.of(Rag.CONTEXT, context.text(), Rag.QUESTION, question));
    String factsText = facts.message().text();
    ChatResponse response = call(answerPrompt, Map.of(Rag.FACTS, factsText, Rag.QUESTION, question));
    String text = response.message().text();
    return new Draft(
        text, AnswerKind.GENERATED, CitationParser.numbers(text), Optional.of(factsText),
        List.of(extract.id(), answerPrompt.id()), facts.usage().plus(response.usage()));
  }

  private ChatResponse call(PromptTemplate template, Map<String, String> values) {
    ChatRequest.Builder request = ChatRequest.builder(template.render(values).messages());
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
